// The playground (playground/): bundles the page and its worker from `shinsou/core` with esbuild
// into build/playground, with the shipped digits as one safetensors file and the recipes' trained
// weights — the DQN network shipped in playground/weights, the cGAN generator (7.6 MB, so not
// committed) from the run folder of `npx shinsou train cgan-mnist` when it exists — then serves it
// on localhost, cross-origin isolated (COOP/COEP), so SharedArrayBuffer is available to the page.
// usage: npm run playground [-- --port 8080]; node tools/playground.js --build-only
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import sirv from 'sirv';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Builds the page into `out` (default build/playground) and returns that folder. `generator` is the
 * cGAN generator's weights (default: the `cgan-mnist` recipe's default run folder); without it the
 * page offers no sampling. weights/index.json lists the weights the page can load.
 */
export async function buildPlayground(out = join(root, 'build', 'playground'), generator = join(root, 'runs', 'cgan-mnist', 'weights', 'generator.safetensors')) {
  const shinsou = await import(pathToFileURL(join(root, 'dist', 'index.js')).href);
  mkdirSync(join(out, 'data'), { recursive: true });
  mkdirSync(join(out, 'weights'), { recursive: true });
  await build({
    entryPoints: ['playground/main.js', 'playground/worker.js'], absWorkingDir: root, outdir: out,
    bundle: true, format: 'esm', platform: 'browser', target: 'chrome110', logLevel: 'warning',
  });
  for (const f of ['index.html', 'style.css']) copyFileSync(join(root, 'playground', f), join(out, f));
  const idx = (name) => shinsou.data.readIdxFile(join(root, 'data', 'mnist', `${name}.br`));
  shinsou.io.saveSafetensors(join(out, 'data', 'mnist.safetensors'), {
    trainImages: idx('train-images-idx3-ubyte'), trainLabels: idx('train-labels-idx1-ubyte'),
    testImages: idx('test-images-idx3-ubyte'), testLabels: idx('test-labels-idx1-ubyte'),
  }, undefined, { uint8: ['trainImages', 'testImages'] });
  for (const f of readdirSync(join(root, 'playground', 'weights'))) copyFileSync(join(root, 'playground', 'weights', f), join(out, 'weights', f));
  if (existsSync(generator)) copyFileSync(generator, join(out, 'weights', 'cgan-generator.safetensors'));
  writeFileSync(join(out, 'weights', 'index.json'), JSON.stringify(readdirSync(join(out, 'weights')).filter((f) => f.endsWith('.safetensors'))));
  return out;
}

/** Serves `dir` on `port` (0: any free one); resolves to the server and its URL. */
export function servePlayground(dir, port = 8080) {
  const files = sirv(dir, {
    dev: true,
    setHeaders: (response) => {
      response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
      response.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    },
  });
  const server = createServer((request, response) => files(request, response, () => {
    response.statusCode = 404;
    response.end('not found');
  }));
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${server.address().port}/` })));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const dir = await buildPlayground();
  console.log(`built ${dir}`);
  if (!args.includes('--build-only')) {
    const at = args.indexOf('--port');
    const { url } = await servePlayground(dir, at >= 0 ? Number(args[at + 1]) : 8080);
    console.log(`the playground is at ${url} (Ctrl-C stops it)`);
  }
}
