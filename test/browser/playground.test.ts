/**
 * The playground in Chromium, as a person would use it: it loads with the wasm backend, trains the
 * MLP a few hundred steps in its worker (the loss falls, test accuracy passes 80%), classifies
 * test digits and a digit drawn with the mouse, samples the cGAN (an untrained generator of the
 * recipe's shape: the trained one is not shipped, and loading and sampling are what is tested) and
 * plays a CartPole episode with the shipped DQN network; no console errors. A screenshot goes to
 * build/screenshots/playground.png.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as s from '../../src/index.js';
import { browserMissing, collectErrors, launchChromium } from './chromium.js';

const root = new URL('../../../', import.meta.url).pathname;
type Tool = { buildPlayground(out: string, generator: string): Promise<string>; servePlayground(dir: string, port: number): Promise<{ server: import('node:http').Server; url: string }> };

test('the playground trains, classifies, samples the GAN and plays CartPole in Chromium', { skip: browserMissing() }, async () => {
  const tool = await import(`${root}tools/playground.js`) as Tool;
  const generator = join(mkdtempSync(join(tmpdir(), 'shinsou-generator-')), 'generator.safetensors');
  s.io.saveSafetensors(generator, new s.models.DcganGenerator({ numClasses: 10 }).stateDict());
  const { server, url } = await tool.servePlayground(await tool.buildPlayground(mkdtempSync(join(tmpdir(), 'shinsou-playground-')), generator), 0);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 1700 } });
    const errors = collectErrors(page);
    await page.goto(url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    assert.match(await page.textContent('#status') ?? '', /backend wasm \(WebAssembly SIMD\), \d+ threads?; 8,000 training and 2,000 test digits/);

    await page.fill('#steps', '300');
    await page.click('#train');
    await page.waitForSelector('body:is([data-trained="true"], [data-trained="failed"])', { timeout: 120_000 });
    assert.equal(await page.$eval('body', (e) => e.dataset.trained), 'true', await page.textContent('#train-text') ?? '');
    const [first, last, accuracy] = await page.$eval('#train-text', (e) => [e.dataset.firstLoss, e.dataset.loss, e.dataset.accuracy].map(Number));
    assert.ok(last! < first! / 3, `the loss should fall: ${first} → ${last}`);
    assert.ok(accuracy! > 0.8, `test accuracy after 300 steps: ${accuracy}`);

    let right = 0;
    for (let i = 1; i <= 10; i++) {
      await page.click('#test-digit');
      await page.waitForSelector(`#prediction[data-count="${i}"]`);
      const { predicted, label } = await page.$eval('#prediction', (e) => ({ ...e.dataset }));
      if (predicted === label) right++;
    }
    assert.ok(right >= 8, `${right} of the first 10 test digits classified right`);

    // A "1" drawn with the mouse: one vertical stroke.
    await page.click('#clear');
    const pad = (await page.locator('#pad').boundingBox())!;
    await page.mouse.move(pad.x + pad.width * 0.5, pad.y + pad.height * 0.15);
    await page.mouse.down();
    for (let t = 1; t <= 10; t++) await page.mouse.move(pad.x + pad.width * (0.5 - 0.02 * t / 10), pad.y + pad.height * (0.15 + 0.7 * t / 10));
    await page.mouse.up();
    await page.click('#classify');
    await page.waitForSelector('#prediction[data-count="11"]');
    assert.equal(await page.$eval('#prediction', (e) => e.dataset.predicted), '1');

    await page.click('#play');
    await page.waitForSelector('body[data-episode]', { timeout: 60_000 });
    assert.equal(await page.$eval('body', (e) => e.dataset.episode), '500', `the best DQN network balances the pole for the whole episode: ${await page.textContent('#cartpole-text')}`);
    await page.click('#sample');
    await page.waitForSelector('body[data-sampled]', { timeout: 60_000 });
    assert.equal(await page.$eval('body', (e) => e.dataset.sampled), 'true', await page.textContent('#gan-text') ?? '');

    mkdirSync(join(root, 'build', 'screenshots'), { recursive: true });
    await page.screenshot({ path: join(root, 'build', 'screenshots', 'playground.png'), fullPage: true });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    server.close();
  }
});
