import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadCheckpoint } from '../../src/io/checkpoint.js';
import { readMetrics } from '../../src/io/metrics.js';
import { parseSafetensors } from '../../src/io/safetensors.js';
import * as io from '../../src/io/tensorboard.js';

const cli = new URL('../../../dist/cli/main.js', import.meta.url).pathname;
const shinsou = (...args: string[]): { status: number | null; stdout: string; stderr: string } =>
  spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });

test('shinsou list shows every recipe', () => {
  const r = shinsou('list');
  assert.equal(r.status, 0);
  for (const name of ['mnist-mlp', 'autoencoder', 'stacked-autoencoder', 'mnist-cnn', 'mnist-resnet']) assert.match(r.stdout, new RegExp(`^${name} `, 'm'));
});

test('shinsou --version prints the package version', () => {
  const r = shinsou('--version');
  assert.equal(r.status, 0);
  const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  assert.equal(r.stdout.trim(), version);
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
  assert.match(r.stdout, /shinsou train mnist-mlp → .* \(backend (native, \d+ threads?|js)\)/);
  assert.match(r.stdout, /after Ctrl-C, continue with: npx shinsou train mnist-mlp --out .* --resume/);
  assert.match(r.stderr, /train epoch 1\/2 \d+\/\d+ \(/);
  for (const f of ['checkpoint.safetensors', 'metrics.jsonl', 'loss-curve.png', 'predictions.png', 'summary.json']) assert.ok(existsSync(join(out, f)), f);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  assert.deepEqual(Object.keys(summary), ['testAccuracy', 'testLoss', 'seconds', 'seed']);
  assert.equal(summary.seed, 3);
  assert.ok(summary.testAccuracy > 0.8, `a 16-unit MLP after 2 epochs should pass 80%, got ${summary.testAccuracy}`);
  // The final weights, alone, as the page loads them: they equal the checkpoint's.
  const weights = parseSafetensors(readFileSync(join(out, 'weights', 'model.safetensors'))).tensors;
  const checkpointed = loadCheckpoint(join(out, 'checkpoint.safetensors')).models.model!;
  assert.deepEqual(Object.keys(weights).sort(), Object.keys(checkpointed).sort());
  for (const [k, t] of Object.entries(weights)) assert.deepEqual(t.toArray(), checkpointed[k]!.toArray(), k);
  const metrics = readMetrics(join(out, 'metrics.jsonl'));
  assert.deepEqual(metrics.map((m) => m.epoch), [1, 2]);
  assert.ok((metrics[1]!.trainLoss as number) < (metrics[0]!.trainLoss as number));
  // --resume on a finished run skips the training and reproduces the same result.
  const again = shinsou('train', 'mnist-mlp', '--epochs', '2', '--hidden', '16', '--val-size', '200', '--out', out, '--seed', '3', '--resume');
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /train: already completed \(resumed\)/);
  assert.equal(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).testAccuracy, summary.testAccuracy);
  // --resume with more epochs trains the finished run on; the summary's seconds add up over sessions.
  const longer = shinsou('train', 'mnist-mlp', '--epochs', '3', '--hidden', '16', '--val-size', '200', '--out', out, '--seed', '3', '--resume');
  assert.equal(longer.status, 0, longer.stderr);
  assert.match(longer.stdout, /train: training the finished 2-epoch stage on to epoch 3/);
  assert.deepEqual(readMetrics(join(out, 'metrics.jsonl')).map((m) => m.epoch), [1, 2, 3]);
  assert.ok(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).seconds > summary.seconds);
});

test('--tensorboard writes an event file beside metrics.jsonl: metric scalars, parameter histograms, the run\'s PNGs and its options and summary as text', () => {
  const out = mkdtempSync(join(tmpdir(), 'shinsou-tb-'));
  const r = shinsou('train', 'mnist-mlp', '--epochs', '2', '--hidden', '16', '--val-size', '200', '--out', out, '--tensorboard');
  assert.equal(r.status, 0, r.stderr);
  const files = readdirSync(out).filter((f) => f.startsWith('events.out.tfevents.'));
  assert.equal(files.length, 1);
  const values = io.readEvents(join(out, files[0]!)).flatMap((e) => ((e.summary as { value: Record<string, unknown>[] } | undefined)?.value ?? []).map((v): Record<string, unknown> => ({ step: e.step, ...v })));
  const tagged = (tag: string) => values.filter((v) => v.tag === tag);
  const losses = readMetrics(join(out, 'metrics.jsonl')).map((m) => m.trainLoss as number);
  assert.deepEqual(tagged('train/trainLoss').map((v) => [v.step, v.simpleValue]), losses.map((l, i) => [i + 1, Math.fround(l)]));
  assert.equal(tagged('model/1.weight').length, 2);
  assert.equal((tagged('model/1.weight')[0]!.histo as { num: number }).num, 16 * 784);
  for (const png of ['loss-curve.png', 'predictions.png']) assert.equal(tagged(png).length, 1, png);
  assert.match(new TextDecoder().decode(Uint8Array.from(((tagged('summary')[0]!.tensor as { stringVal: number[][] }).stringVal[0])!)), /"testAccuracy"/);
  assert.equal(tagged('options').length, 1);
});

test('mnist-resnet trains its three variants (augmented, no augmentation, FReLU) and reports each', () => {
  const out = mkdtempSync(join(tmpdir(), 'shinsou-resnet-'));
  const r = shinsou('train', 'mnist-resnet', '--epochs', '1', '--widths', '4,4,4', '--train-size', '256', '--val-size', '100', '--batch-size', '64', '--out', out);
  assert.equal(r.status, 0, r.stderr);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  assert.deepEqual(Object.keys(summary), ['testAccuracy', 'testAccuracyNoAugment', 'testAccuracyFrelu', 'seconds', 'seed']);
  // Four steps of a tiny net say nothing about accuracy (the README has the real runs); the plumbing is under test.
  for (const k of ['testAccuracy', 'testAccuracyNoAugment', 'testAccuracyFrelu']) assert.ok(summary[k] >= 0 && summary[k] <= 1, `${k} ${summary[k]}`);
  assert.deepEqual(readMetrics(join(out, 'metrics.jsonl')).map((m) => m.stage), ['augmented', 'no-augment', 'frelu']);
  assert.ok(existsSync(join(out, 'predictions.png')));
});

test('value-iteration and policy-iteration agree on FrozenLake and report exact and simulated success', () => {
  const run = (recipe: string): Record<string, number> => {
    const out = mkdtempSync(join(tmpdir(), `shinsou-${recipe}-`));
    const r = shinsou('train', recipe, '--episodes', '2000', '--out', out);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /greedy policy:\n← ↑ ↑ ↑\n← H ← H\n↑ ↓ ← H\nH → ↓ G/);
    assert.ok(existsSync(join(out, 'values.png')));
    return JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  };
  const vi = run('value-iteration');
  const pi = run('policy-iteration');
  assert.ok(Math.abs(vi.startValue! - pi.startValue!) < 1e-8 && Math.abs(vi.startValue! - 0.542) < 1e-3);
  assert.ok(Math.abs(vi.successProbability! - 0.7402) < 1e-4);
  assert.ok(Math.abs(vi.successRateSimulated! - vi.successProbability!) < 0.03, 'simulation agrees within 3 standard errors');
});

test('the deep RL recipes run end to end, write curves and film strips, and a2c resumes to the same result', () => {
  const out = mkdtempSync(join(tmpdir(), 'shinsou-a2c-'));
  const args = ['train', 'a2c-cartpole', '--steps', '4000', '--epochs', '2', '--out', out];
  const r = shinsou(...args);
  assert.equal(r.status, 0, r.stderr);
  for (const f of ['train-returns.png', 'cartpole-episode.png', 'summary.json', 'checkpoint.safetensors']) assert.ok(existsSync(join(out, f)), f);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  assert.equal(summary.envSteps, 4000);
  const again = shinsou(...args, '--resume');
  assert.equal(again.status, 0, again.stderr);
  assert.equal(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).meanReturn, summary.meanReturn);
  const dqn = mkdtempSync(join(tmpdir(), 'shinsou-dqn-'));
  assert.equal(shinsou('train', 'dqn-cartpole', '--steps', '1500', '--epochs', '1', '--out', dqn).status, 0);
  assert.deepEqual(Object.keys(JSON.parse(readFileSync(join(dqn, 'summary.json'), 'utf8'))), ['meanReturn', 'meanReturnFinal', 'envSteps', 'seconds', 'seed']);
  const ac = mkdtempSync(join(tmpdir(), 'shinsou-ac-'));
  assert.equal(shinsou('train', 'actor-critic', '--tabular-episodes', '1000', '--cartpole-episodes', '50', '--eval-episodes', '100', '--out', ac).status, 0);
  assert.deepEqual(Object.keys(JSON.parse(readFileSync(join(ac, 'summary.json'), 'utf8'))), ['successRate', 'startValue', 'meanReturn', 'meanReturnFinal', 'seconds', 'seed']);
});
