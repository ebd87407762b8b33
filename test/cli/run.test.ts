import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Run } from '../../src/cli/run.js';
import * as s from '../../src/index.js';

const quiet = (): void => {};

/**
 * A tiny regression job as a two-stage run; `crashAt` throws inside that epoch of stage 2, which
 * runs `mainEpochs` epochs (default 4).
 */
function job(out: string, resume: boolean, crashAt?: number, mainEpochs = 4, log: (line: string) => void = quiet): number[] {
  const run = new Run({ epochs: mainEpochs, batchSize: 8, lr: 0.05, seed: 11, out, resume }, log);
  const model = run.register('model', new s.nn.Sequential(new s.nn.Linear(3, 4), new s.nn.Tanh(), new s.nn.Linear(4, 1)));
  const x = s.randn([32, 3], { generator: new s.Generator(1) });
  const y = x.sum(1, true).sin();
  const data = new s.data.DataLoader(new s.data.TensorDataset(x, y), { batchSize: 8, shuffle: true });
  for (const stage of ['warmup', 'main']) {
    const optimizer = new s.optim.Adam(model.parameters(), { lr: 0.05 });
    const scheduler = new s.optim.StepLR(optimizer, 1, 0.7);
    run.stage(stage, {
      epochs: stage === 'main' ? mainEpochs : 4,
      optimizer,
      scheduler,
      batchesPerEpoch: data.length,
      epoch(epoch, bar) {
        if (stage === 'main' && epoch === crashAt) throw new Error('simulated crash');
        let last = 0;
        for (const [xb, yb] of data) {
          optimizer.zeroGrad();
          const loss = s.F.mseLoss(model.forward(xb!), yb!.add(s.randn([xb!.shape[0]!, 1]).mul(0.01)));
          loss.backward();
          optimizer.step();
          last = loss.item() as number;
          bar.tick();
        }
        scheduler.step();
        return { trainLoss: last };
      },
    });
  }
  return Array.from(s.nn.parametersToVector(model.parameters()).dataSync());
}

test('a run that crashes mid-stage resumes from its last checkpoint to exactly the same weights', () => {
  const full = job(mkdtempSync(join(tmpdir(), 'shinsou-full-')), false);
  const dir = mkdtempSync(join(tmpdir(), 'shinsou-crash-'));
  assert.throws(() => job(dir, false, 3), /simulated crash/);
  const resumed = job(dir, true);
  assert.deepEqual(resumed, full);
});

test('a resumed run keeps one metrics record per epoch, dropping those of epochs it repeats', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shinsou-killed-'));
  assert.throws(() => job(dir, false, 3), /simulated crash/);
  // As if the run had been stopped after writing epoch 3's metrics but before its checkpoint.
  appendFileSync(join(dir, 'metrics.jsonl'), `${JSON.stringify({ stage: 'main', epoch: 3, trainLoss: 999 })}\n`);
  job(dir, true);
  const records = s.io.readMetrics(join(dir, 'metrics.jsonl'));
  assert.deepEqual(records.map((r) => `${r.stage} ${r.epoch}`), ['warmup 1', 'warmup 2', 'warmup 3', 'warmup 4', 'main 1', 'main 2', 'main 3', 'main 4']);
  assert.ok(records.every((r) => r.trainLoss !== 999));
});

test('--resume with more epochs trains a finished run on, to the weights of a run that asked for them at the start', () => {
  const full = job(mkdtempSync(join(tmpdir(), 'shinsou-full-')), false);
  const dir = mkdtempSync(join(tmpdir(), 'shinsou-short-'));
  job(dir, false, undefined, 2);
  const lines: string[] = [];
  const extended = job(dir, true, undefined, 4, (l) => lines.push(l));
  assert.deepEqual(extended, full);
  assert.ok(lines.includes('warmup: already completed (resumed)'), lines.join('\n'));
  assert.ok(lines.some((l) => l.startsWith('main: training the finished 2-epoch stage on to epoch 4')), lines.join('\n'));
  const again: string[] = [];
  assert.deepEqual(job(dir, true, undefined, 3, (l) => again.push(l)), full, 'asking for fewer epochs keeps the longer run');
  assert.ok(again.includes('main: already completed (resumed); it ran 4 epochs, more than the 3 asked'), again.join('\n'));
});
