import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as s from '../../src/index.js';

const { nn, optim, io } = s;

function setup(): { model: s.nn.Sequential; opt: s.optim.Adam; sched: s.optim.StepLR; data: s.Tensor[] } {
  s.manualSeed(3);
  const model = new nn.Sequential(new nn.Linear(5, 8), new nn.Tanh(), new nn.Linear(8, 2));
  const opt = new optim.Adam(model.parameters(), { lr: 0.05 });
  const sched = new optim.StepLR(opt, 3, 0.5);
  const data = [s.randn([16, 5]), s.randn([16, 2])];
  return { model, opt, sched, data };
}

function train(model: s.nn.Sequential, opt: s.optim.Adam, sched: s.optim.StepLR, [x, y]: s.Tensor[], steps: number): void {
  for (let i = 0; i < steps; i++) {
    opt.zeroGrad();
    const noise = s.randn([16, 2]).mul(0.01); // uses the RNG, so its state must be restored too
    s.F.mseLoss(model.forward(x!), y!.add(noise)).backward();
    opt.step();
    sched.step();
  }
}

test('training 2N steps equals N steps + checkpoint + resume + N steps, bit for bit', () => {
  const a = setup();
  train(a.model, a.opt, a.sched, a.data, 10);

  const b = setup();
  train(b.model, b.opt, b.sched, b.data, 5);
  const dir = mkdtempSync(join(tmpdir(), 'shinsou-ckpt-'));
  const path = join(dir, 'checkpoint.safetensors');
  io.saveCheckpoint(path, {
    models: { model: b.model.stateDict() },
    optimizers: { opt: b.opt.stateDict() },
    state: { scheduler: b.sched.stateDict(), rng: s.defaultGenerator.getState(), step: 5 },
  });
  assert.deepEqual(readdirSync(dir), ['checkpoint.safetensors'], 'no temporary files left behind');

  const c = setup();
  const ckpt = io.loadCheckpoint(path);
  c.model.loadStateDict(ckpt.models.model!);
  c.opt.loadStateDict(ckpt.optimizers!.opt!);
  c.sched.loadStateDict(ckpt.state!.scheduler as Record<string, unknown>);
  s.defaultGenerator.setState(ckpt.state!.rng as number[]);
  assert.equal(ckpt.state!.step, 5);
  train(c.model, c.opt, c.sched, b.data, 5);
  for (const [k, t] of Object.entries(a.model.stateDict())) assert.deepEqual(c.model.stateDict()[k]!.toArray(), t.toArray(), k);
});

test('loading a file that is not a checkpoint, or is corrupt, throws a FormatError', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shinsou-ckpt-'));
  const plain = join(dir, 'plain.safetensors');
  io.saveSafetensors(plain, { a: s.zeros([1]) });
  assert.throws(() => io.loadCheckpoint(plain), { name: 'FormatError', message: /not a shinsou checkpoint/ });
  const junk = join(dir, 'junk.safetensors');
  writeFileSync(junk, 'not a checkpoint at all');
  assert.throws(() => io.loadCheckpoint(junk), { name: 'FormatError' });
});
