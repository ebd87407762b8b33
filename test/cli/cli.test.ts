import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readMetrics } from '../../src/io/metrics.js';

const cli = new URL('../../../dist/cli/main.js', import.meta.url).pathname;
const shinsou = (...args: string[]): { status: number | null; stdout: string; stderr: string } =>
  spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });

test('shinsou list shows every recipe', () => {
  const r = shinsou('list');
  assert.equal(r.status, 0);
  for (const name of ['mnist-mlp', 'autoencoder', 'stacked-autoencoder', 'mnist-cnn', 'mnist-resnet']) assert.match(r.stdout, new RegExp(`^${name} `, 'm'));
});

test('bad options get a clear message and exit code 2', () => {
  const cases: [string[], RegExp][] = [
    [['train', 'mnist-mlp', '--epochs', '0'], /--epochs <n>' argument '0' is invalid\. expected a positive integer/],
    [['train', 'mnist-mlp', '--lr', 'fast'], /expected a positive number, got 'fast'/],
    [['train', 'mnist-mlp', '--hidden', '10,x'], /expected comma-separated positive integers/],
    [['train', 'mnist-mlp', '--optimizer', 'lbfgs', '--out', mkdtempSync(join(tmpdir(), 'shinsou-'))], /--optimizer must be adam, sgd or gd/],
    [['train', 'no-such-recipe'], /unknown command 'no-such-recipe'/],
    [['train', 'mnist-mlp', '--bogus'], /unknown option '--bogus'/],
    [['train', 'mnist-cnn', '--dataset', 'cifar'], /--dataset must be one of mnist, fashion-mnist/],
    [['train', 'mnist-cnn', '--augment', 'lots'], /--augment must be 'auto' or 'none'/],
    [['train', 'mnist-resnet', '--widths', '8,0'], /expected comma-separated positive integers/],
  ];
  for (const [args, message] of cases) {
    const r = shinsou(...args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, message, args.join(' '));
  }
});

test('a recipe run writes checkpoint, metrics, loss curve, samples and summary (non-TTY progress lines)', () => {
  const out = mkdtempSync(join(tmpdir(), 'shinsou-run-'));
  const r = shinsou('train', 'mnist-mlp', '--epochs', '2', '--hidden', '16', '--val-size', '200', '--out', out, '--seed', '3');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /train epoch 1\/2 \d+\/\d+ \(/);
  for (const f of ['checkpoint.safetensors', 'metrics.jsonl', 'loss-curve.png', 'predictions.png', 'summary.json']) assert.ok(existsSync(join(out, f)), f);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  assert.deepEqual(Object.keys(summary), ['testAccuracy', 'testLoss', 'seconds', 'seed']);
  assert.equal(summary.seed, 3);
  assert.ok(summary.testAccuracy > 0.8, `a 16-unit MLP after 2 epochs should pass 80%, got ${summary.testAccuracy}`);
  const metrics = readMetrics(join(out, 'metrics.jsonl'));
  assert.deepEqual(metrics.map((m) => m.epoch), [1, 2]);
  assert.ok((metrics[1]!.trainLoss as number) < (metrics[0]!.trainLoss as number));
  // --resume on a finished run skips the training and reproduces the same result.
  const again = shinsou('train', 'mnist-mlp', '--epochs', '2', '--hidden', '16', '--val-size', '200', '--out', out, '--seed', '3', '--resume');
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /train: already completed \(resumed\)/);
  assert.equal(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).testAccuracy, summary.testAccuracy);
});

test('mnist-resnet trains its three variants (augmented, no augmentation, FReLU) and reports each', () => {
  const out = mkdtempSync(join(tmpdir(), 'shinsou-resnet-'));
  const r = shinsou('train', 'mnist-resnet', '--epochs', '1', '--widths', '4,4,8', '--val-size', '7200', '--batch-size', '64', '--out', out);
  assert.equal(r.status, 0, r.stderr);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  assert.deepEqual(Object.keys(summary), ['testAccuracy', 'testAccuracyNoAugment', 'testAccuracyFrelu', 'seconds', 'seed']);
  // 800 training digits, one epoch: far from done, but well above chance (10%).
  for (const k of ['testAccuracy', 'testAccuracyNoAugment', 'testAccuracyFrelu']) assert.ok(summary[k] > 0.2, `${k} ${summary[k]}`);
  assert.deepEqual(readMetrics(join(out, 'metrics.jsonl')).map((m) => m.stage), ['augmented', 'no-augment', 'frelu']);
  assert.ok(existsSync(join(out, 'predictions.png')));
});
