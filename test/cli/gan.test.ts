import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { gan, io } from '../../src/index.js';

const { loadSafetensors, readMetrics } = io;

const cli = new URL('../../../dist/cli/main.js', import.meta.url).pathname;
const cache = mkdtempSync(join(tmpdir(), 'shinsou-gan-cache-'));

// A one-epoch judge in a private cache keeps these runs short; the recipes load it from there.
before(() => { gan.MnistFid.load({ cachePath: join(cache, 'fid-mnist-lenet.safetensors'), epochs: 1, minAccuracy: 0 }); });

function train(recipe: string, ...args: string[]): { out: string; summary: Record<string, number> } {
  const out = mkdtempSync(join(tmpdir(), `shinsou-${recipe}-`));
  const r = spawnSync(process.execPath, [cli, 'train', recipe, '--train-size', '96', '--batch-size', '32', '--fid-samples', '150', '--fid-every', '1', '--out', out, ...args],
    { encoding: 'utf8', env: { ...process.env, SHINSOU_CACHE: cache } });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  return { out, summary: JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Record<string, number> };
}

test('gan-mnist writes sample grids, FID per evaluation, curves and the evaluation images as U8 safetensors; resume trains on', () => {
  const { out, summary } = train('gan-mnist', '--epochs', '1');
  for (const f of ['samples-epoch-001.png', 'fid-curve.png', 'loss-curve.png', 'samples.safetensors']) assert.ok(existsSync(join(out, f)), f);
  for (const k of ['fid', 'fidNoise', 'fidRealFloor']) assert.ok(Number.isFinite(summary[k]), k);
  assert.ok(summary.fidRealFloor! < summary.fidNoise!);
  const { tensors } = loadSafetensors(join(out, 'samples.safetensors'));
  assert.deepEqual(tensors.images!.shape, [150, 1, 28, 28]);
  const header = readFileSync(join(out, 'samples.safetensors')).subarray(8, 200).toString();
  assert.match(header, /"images":\{"dtype":"U8"/);
  assert.ok(Number(tensors.images!.amax().item()) <= 255 && Number(tensors.images!.amin().item()) >= 0);
  const r = spawnSync(process.execPath, [cli, 'train', 'gan-mnist', '--train-size', '96', '--batch-size', '32', '--fid-samples', '150', '--out', out, '--resume', '--epochs', '2'],
    { encoding: 'utf8', env: { ...process.env, SHINSOU_CACHE: cache } });
  assert.equal(r.status, 0, r.stderr);
  const fids = readMetrics(join(out, 'metrics.jsonl')).filter((m) => typeof m.fid === 'number');
  assert.deepEqual(fids.map((m) => m.epoch), [1, 2]);
  assert.ok(existsSync(join(out, 'samples-epoch-002.png')));
});

test('--ema samples from an average of G that is checkpointed beside it', () => {
  const { out } = train('gan-mnist', '--epochs', '1', '--ema', '0.5');
  const { tensors } = loadSafetensors(join(out, 'checkpoint.safetensors'));
  const [g, ema] = [tensors['models.generator.main.0.weight']!, tensors['models.generator-ema.main.0.weight']!];
  assert.ok(Number(g.sub(ema).abs().amax().item()) > 0, 'the average lags behind G');
  const bad = spawnSync(process.execPath, [cli, 'train', 'gan-mnist', '--ema', '1', '--out', out], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--ema must be a number in \[0, 1\), got '1'/);
});

test('cgan-mnist stores labels with its samples and reports class accuracy', () => {
  const { out, summary } = train('cgan-mnist', '--epochs', '1');
  assert.ok(summary.classAccuracy! >= 0 && summary.classAccuracy! <= 1);
  const { tensors } = loadSafetensors(join(out, 'samples.safetensors'));
  assert.deepEqual(tensors.labels!.shape, [150]);
  assert.equal(tensors.labels!.dtype, 'int32');
});

test('wgan-mnist (gp, clip, sn) runs and logs the Wasserstein estimate', () => {
  for (const args of [['--variant', 'gp'], ['--variant', 'clip'], ['--sn']]) {
    const { out, summary } = train('wgan-mnist', '--epochs', '1', ...args);
    assert.ok(Number.isFinite(summary.fid), args.join(' '));
    if (args[0] === '--variant') {
      assert.ok(existsSync(join(out, 'wasserstein-estimate.png')));
      assert.ok(Number.isFinite(readMetrics(join(out, 'metrics.jsonl'))[0]!.wassersteinEstimate));
    }
  }
  const out = mkdtempSync(join(tmpdir(), 'shinsou-wgan-bad-'));
  const bad = spawnSync(process.execPath, [cli, 'train', 'wgan-mnist', '--variant', 'lipschitz', '--out', out], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--variant must be 'gp' or 'clip'/);
});

test('gan-augment runs every method as its own stage, plots p for ADA and APA, and reports the gain', () => {
  const out = mkdtempSync(join(tmpdir(), 'shinsou-gan-augment-'));
  const r = spawnSync(process.execPath, [cli, 'train', 'gan-augment', '--per-class', '8', '--batch-size', '20', '--epochs', '1', '--fid-samples', '150', '--ada-kimg', '0.04', '--ada-target', '-1', '--out', out],
    { encoding: 'utf8', env: { ...process.env, SHINSOU_CACHE: cache } });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Record<string, number>;
  for (const k of ['fidNone', 'fidDiffaugment', 'fidBcr', 'fidAda', 'fidApa', 'bestGain', 'fidNoise']) assert.ok(Number.isFinite(summary[k]), k);
  assert.equal(summary.bestGain, summary.fidNone! - Math.min(summary.fidDiffaugment!, summary.fidBcr!, summary.fidAda!, summary.fidApa!));
  for (const f of ['augment-p.png', 'fid-curve.png', 'samples-ada-epoch-001.png', 'samples-apa.safetensors']) assert.ok(existsSync(join(out, f)), f);
  const metrics = readMetrics(join(out, 'metrics.jsonl'));
  assert.deepEqual(metrics.map((m) => m.stage), ['none', 'diffaugment', 'bcr', 'ada', 'apa']);
  // 80 digits in 4 batches of 20 make one adjustment of +80/40 towards an unreachable target: p = 1.
  for (const stage of ['ada', 'apa']) assert.equal(metrics.find((m) => m.stage === stage)!.p, 1, stage);
  const bad = spawnSync(process.execPath, [cli, 'train', 'gan-augment', '--aug', 'mixup', '--out', out], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--aug must be one of none, diffaugment, bcr, ada, apa or all/);
});
