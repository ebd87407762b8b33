import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';
import { assertClose } from '../helpers.js';

const { gan } = s;

/** A network that applies `fn` and remembers what it was given. */
class Recorder extends s.nn.Module {
  readonly inputs: s.Tensor[] = [];

  constructor(private readonly fn: (x: s.Tensor) => s.Tensor) {
    super();
  }

  forward(x: s.Tensor): s.Tensor {
    this.inputs.push(x);
    return this.fn(x);
  }
}

test('the cycle loss is 0 for identity generators, and so is the identity loss', () => {
  const same = (): Recorder => new Recorder((t) => t);
  const judge = (): Recorder => new Recorder((t) => t.mean([1, 2, 3]));
  const [x, y] = [s.randn([2, 3, 8, 8]), s.randn([2, 3, 8, 8])];
  const losses = gan.cycleGanGeneratorLoss({ G: same(), F: same(), DX: judge(), DY: judge() }, x, y);
  assert.equal(losses.cycle.item(), 0);
  assert.equal(losses.identity!.item(), 0);
});

test('the identity term feeds each generator its own target domain, and the total weighs the parts by λ and λ·λ_idt', () => {
  const G = new Recorder((t) => t.mul(0.5));
  const F = new Recorder((t) => t.add(1));
  const zeros = (): Recorder => new Recorder((t) => t.mul(0).sum([1, 2, 3]));
  const [x, y] = [s.randn([2, 3, 4, 4]), s.randn([2, 3, 4, 4])];
  const losses = gan.cycleGanGeneratorLoss({ G, F, DX: zeros(), DY: zeros() }, x, y, { lambdaCycle: 10, lambdaIdentity: 0.5 });
  // G (X → Y) translates x, closes y's cycle, and is shown y for the identity term; F the other way round.
  assert.equal(G.inputs.length, 3);
  assert.ok(G.inputs[0] === x && G.inputs[2] === y);
  assert.ok(F.inputs[0] === y && F.inputs[2] === x);
  assert.equal(losses.adversarial.item(), 2, 'LSGAN: (0 − 1)² for each discriminator');
  const cycle = x.mul(0.5).add(1).sub(x).abs().mean().add(y.add(1).mul(0.5).sub(y).abs().mean());
  assertClose(losses.cycle, cycle, { atol: 1e-6 });
  const identity = y.mul(0.5).sub(y).abs().mean().add(x.add(1).sub(x).abs().mean());
  assertClose(losses.identity!, identity, { atol: 1e-6 });
  assertClose(losses.total, s.tensor(2).add(cycle.mul(10)).add(identity.mul(5)), { atol: 1e-5 });
  assert.equal(gan.cycleGanGeneratorLoss({ G, F, DX: zeros(), DY: zeros() }, x, y, { lambdaIdentity: 0 }).identity, null);
});

test('the discriminators\' loss is LSGAN on real images and detached, pooled fakes', () => {
  const DX = new Recorder((t) => t.mean([1, 2, 3]));
  const DY = new Recorder((t) => t.mean([1, 2, 3]).mul(2));
  const [x, y] = [s.randn([2, 3, 4, 4]), s.randn([2, 3, 4, 4])];
  const [fakeX, fakeY] = [s.randn([2, 3, 4, 4]).requiresGrad_(), s.randn([2, 3, 4, 4]).requiresGrad_()];
  const loss = gan.cycleGanDiscriminatorLoss({ G: DX, F: DX, DX, DY }, x, y, fakeX, fakeY, new gan.ImagePool(0), new gan.ImagePool(0));
  const ls = (real: s.Tensor, fake: s.Tensor): s.Tensor => real.sub(1).square().mean().add(fake.square().mean()).mul(0.5);
  const expected = ls(y.mean([1, 2, 3]).mul(2), fakeY.detach().mean([1, 2, 3]).mul(2)).add(ls(x.mean([1, 2, 3]), fakeX.detach().mean([1, 2, 3])));
  assertClose(loss, expected, { atol: 1e-6 });
  assert.ok(!loss.requiresGrad, 'no gradient reaches the generators through the fakes');
});
