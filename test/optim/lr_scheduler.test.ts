import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';
import { loadFixture } from '../helpers.js';

const { optim } = s;

interface SchedCase {
  scheduler: string;
  options: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  optimizer: 'SGD' | 'Adam';
  lrs: number[];
  momentum: number[];
  metrics?: number[];
}

type AnyOpt = s.optim.Optimizer<{ lr: number }>;

function makeScheduler(c: SchedCase, opt: AnyOpt): { step(): void } | s.optim.ReduceLROnPlateau {
  const o = c.options;
  switch (c.scheduler) {
    case 'StepLR': return new optim.StepLR(opt, o.stepSize, o.gamma);
    case 'MultiStepLR': return new optim.MultiStepLR(opt, o.milestones, o.gamma);
    case 'ExponentialLR': return new optim.ExponentialLR(opt, o.gamma);
    case 'CosineAnnealingLR': return new optim.CosineAnnealingLR(opt, o.tMax, o.etaMin);
    case 'LinearLR': return new optim.LinearLR(opt, o.startFactor, o.endFactor, o.totalIters);
    case 'OneCycleLR': {
      const { maxLr, ...options } = o;
      return new optim.OneCycleLR(opt, maxLr, options as s.optim.OneCycleOptions);
    }
    case 'ReduceLROnPlateau': return new optim.ReduceLROnPlateau(opt, o);
    default: throw new Error(c.scheduler);
  }
}

const { cases } = loadFixture<{ cases: SchedCase[] }>('nn/schedulers.json');
cases.forEach((c, i) => {
  test(`${c.scheduler} #${i} (${c.optimizer}): LR${c.scheduler === 'OneCycleLR' ? ' and momentum' : ''} sequence matches PyTorch`, () => {
    const p = s.zeros([1], { requiresGrad: true });
    const opt: AnyOpt = c.optimizer === 'SGD' ? new optim.SGD([p], { lr: 0.1, momentum: 0.9 }) : new optim.Adam([p], { lr: 0.001 });
    const sched = makeScheduler(c, opt);
    c.lrs.forEach((lr, step) => {
      const group = opt.paramGroups[0]! as unknown as { lr: number; momentum?: number; betas?: number[] };
      assert.ok(Math.abs(group.lr - lr) <= 1e-12 + 1e-9 * lr, `step ${step}: lr ${group.lr} vs ${lr}`);
      if (c.scheduler === 'OneCycleLR') {
        const m = group.betas ? group.betas[0]! : group.momentum!;
        assert.ok(Math.abs(m - c.momentum[step]!) < 1e-12, `step ${step}: momentum ${m} vs ${c.momentum[step]}`);
      }
      p.grad = s.zeros([1]);
      opt.step();
      if (sched instanceof optim.ReduceLROnPlateau) sched.step(c.metrics![step]!);
      else sched.step();
    });
  });
});

test('OneCycleLR refuses to step past totalSteps; scheduler state round-trips', () => {
  const opt = new optim.SGD([s.zeros([1], { requiresGrad: true })], { lr: 0.1, momentum: 0.9 });
  const sched = new optim.OneCycleLR(opt, 1, { totalSteps: 2 });
  sched.step();
  sched.step();
  assert.throws(() => sched.step(), { name: 'ValueError', message: /tried to step 3 times/ });
  const opt2 = new optim.SGD([s.zeros([1], { requiresGrad: true })], { lr: 0.1 });
  const a = new optim.StepLR(opt2, 2, 0.5);
  a.step();
  a.step();
  a.step();
  const opt3 = new optim.SGD([s.zeros([1], { requiresGrad: true })], { lr: 0.1 });
  const b = new optim.StepLR(opt3, 2, 0.5);
  b.loadStateDict(a.stateDict());
  assert.deepEqual(b.getLastLr(), a.getLastLr());
});

test('SPEC: cosine annealing closed form hits eta_min at T_max', () => {
  const opt = new optim.SGD([s.zeros([1], { requiresGrad: true })], { lr: 1 });
  const sched = new optim.CosineAnnealingLR(opt, 4, 0.1);
  for (let i = 0; i < 4; i++) sched.step();
  assert.ok(Math.abs(sched.getLastLr()[0]! - 0.1) < 1e-15);
});
