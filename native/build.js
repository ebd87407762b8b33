// Builds the native kernels (native/build/Release/shinsou.node) with node-gyp, offline, against the
// local Node headers. It never fails the install: on any problem it prints one line and shinsou
// uses its js backend. Runs from `npm install`; rerun by hand with `npm run build:native`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

function fallback(reason) {
  console.log(`shinsou: native kernels not built (${reason}); the js backend will be used`);
  process.exit(0);
}

if (process.env.SHINSOU_SKIP_NATIVE) fallback('SHINSOU_SKIP_NATIVE is set');
if (process.platform === 'win32') fallback('Windows builds are not supported yet');

// Headers: Node's own install prefix (e.g. /usr for /usr/bin/node) usually has include/node.
const prefixes = [process.env.npm_config_nodedir, join(dirname(process.execPath), '..')].filter(Boolean);
const nodedir = prefixes.find((p) => existsSync(join(p, 'include', 'node', 'node_api.h')));
if (!nodedir) fallback('Node headers (include/node/node_api.h) not found next to the node binary');

const gypCandidates = [
  process.env.npm_config_node_gyp,
  join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
].filter(Boolean);
const gyp = gypCandidates.find((p) => existsSync(p));
if (!gyp) fallback('node-gyp not found');

const result = spawnSync(process.execPath, [gyp, 'rebuild', `--nodedir=${nodedir}`, '--directory', here], {
  stdio: ['ignore', 'pipe', 'pipe'],
  encoding: 'utf8',
  env: { ...process.env, npm_config_offline: 'true' },
});
if (result.status !== 0) {
  const last = `${result.stderr}`.trim().split('\n').filter((l) => /error/i.test(l)).slice(-1)[0] ?? `exit code ${result.status}`;
  fallback(`node-gyp failed: ${last.trim()}`);
}
console.log('shinsou: native kernels built');
