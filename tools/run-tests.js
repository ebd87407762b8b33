// Runs every compiled test file (build/test/**/*.test.js) with Node's built-in test runner.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

function find(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? find(join(dir, e.name)) : e.name.endsWith('.test.js') ? [join(dir, e.name)] : []);
}

const files = find('build/test').sort();
const filter = process.argv.slice(2);
const chosen = filter.length ? files.filter((f) => filter.some((p) => f.includes(p))) : files;
const result = spawnSync(process.execPath, ['--test', ...chosen], { stdio: 'inherit' });
process.exit(result.status ?? 1);
