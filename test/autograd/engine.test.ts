import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';
import { assertClose } from '../helpers.js';

const leaf = (values: number[]): s.Tensor => s.tensor(values, { dtype: 'float64', requiresGrad: true });

test('gradients accumulate across backward calls and over a tensor used several times', () => {
  const x = leaf([1, 2]);
  x.mul(x).add(x).sum().backward(); // d/dx (x² + x) = 2x + 1
  assert.deepEqual(x.grad!.toArray(), [3, 5]);
  x.sum().backward();
  assert.deepEqual(x.grad!.toArray(), [4, 6]);
});

test('broadcast inputs receive gradients reduced back to their own shape', () => {
  const a = leaf([1, 2, 3]).reshape([3, 1]).detach().requiresGrad_();
  const b = leaf([10, 20]);
  a.mul(b).sum().backward();
  assert.deepEqual(a.grad!.toArray(), [[30], [30], [30]]);
  assert.deepEqual(b.grad!.toArray(), [6, 6]);
});

test('gradients flow through views back to the base', () => {
  const x = s.arange(6).to('float64').requiresGrad_();
  const y = x.reshape([2, 3]).T.slice(0, 1).mul(2).sum();
  y.backward();
  assert.deepEqual(x.grad!.toArray(), [0, 2, 2, 0, 2, 2]);
});

test('a second backward through a freed graph throws; retainGraph keeps it', () => {
  const x = leaf([1]);
  const y = x.exp();
  y.backward(null, { retainGraph: true });
  y.backward();
  assertClose(x.grad!, [2 * Math.E]);
  assert.throws(() => y.backward(), { name: 'AutogradError', message: /backward through the graph a second time/ });
});

test('backward needs a gradient for non-scalar outputs and a graph to go through', () => {
  assert.throws(() => leaf([1, 2]).mul(2).backward(), { name: 'ValueError', message: /implicitly created only for scalar outputs/ });
  assert.throws(() => s.tensor([1]).backward(), { name: 'AutogradError', message: /does not require grad/ });
  const x = leaf([1, 2]);
  x.mul(3).backward(s.tensor([1, -1], { dtype: 'float64' }));
  assert.deepEqual(x.grad!.toArray(), [3, -3]);
});

test('grad() returns gradients without touching .grad; createGraph gives second derivatives', () => {
  const x = leaf([2]);
  const y = x.pow(3).sum();
  const [dy] = s.grad(y, x, { createGraph: true });
  assert.deepEqual(dy!.toArray(), [12]);
  assert.equal(x.grad, null);
  const [d2y] = s.grad(dy!.sum(), x, { createGraph: true });
  assert.deepEqual(d2y!.toArray(), [12]);
  const [d3y] = s.grad(d2y!.sum(), x);
  assert.deepEqual(d3y!.toArray(), [6]);
});

test('grad() with respect to an intermediate tensor, and allowUnused', () => {
  const x = leaf([1, 2]);
  const h = x.mul(3);
  const y = h.pow(2).sum();
  const [dh, dx] = s.grad(y, [h, x]);
  assert.deepEqual(dh!.toArray(), [6, 12]);
  assert.deepEqual(dx!.toArray(), [18, 36]);
  const unused = leaf([0]);
  assert.throws(() => s.grad(x.sum(), [unused]), { name: 'AutogradError', message: /was not used/ });
  assert.deepEqual(s.grad(x.sum(), [unused], { allowUnused: true }), [null]);
});

test('grad() computes only the gradients it returns: ops see just those inputs as needed, branches off the way are not run', () => {
  const seen: boolean[][] = [];
  const product = s.defineOp<undefined>({
    name: 'recordedProduct', saves: 'inputs',
    forward: ([a, b]) => a!.mul(b!),
    backward: (g, { inputs: [a, b], needsGrad }) => {
      seen.push([...needsGrad]);
      return [needsGrad[0] ? g.mul(b!) : null, needsGrad[1] ? g.mul(a!) : null];
    },
  });
  const [x, w, v] = [leaf([1, 2]), leaf([3, 4]), leaf([5, 6])];
  const y = product([x, w], undefined).sum().add(product([v, v], undefined).sum());
  const [dx] = s.grad(y, x, { retainGraph: true });
  assert.deepEqual(dx!.toArray(), [3, 4]);
  assert.deepEqual(seen, [[true, false]], "w's gradient and the branch of v only are never computed");
  y.backward();
  assert.deepEqual([w.grad!.toArray(), v.grad!.toArray()], [[1, 2], [10, 12]], 'backward() still computes every gradient');
});

test('a gradient-penalty style double backward matches the analytic value', () => {
  // f(x) = Σ sin(x)·x; ‖∇f‖² has gradient 2 Σ ∇f ⊙ ∇²f (∇²f diagonal here).
  const x = leaf([0.3, -1.2, 2]);
  const [g] = s.grad(x.sin().mul(x).sum(), x, { createGraph: true });
  g!.pow(2).sum().backward();
  const xs = [0.3, -1.2, 2];
  const expected = xs.map((v) => {
    const d1 = Math.cos(v) * v + Math.sin(v);
    const d2 = -Math.sin(v) * v + 2 * Math.cos(v);
    return 2 * d1 * d2;
  });
  assertClose(x.grad!, expected, { rtol: 1e-12, atol: 1e-12 });
});

test('noGrad stops recording; enableGrad turns it back on; detach cuts the graph', () => {
  const x = leaf([1]);
  const y = s.noGrad(() => x.mul(2));
  assert.equal(y.requiresGrad, false);
  const z = s.noGrad(() => s.enableGrad(() => x.mul(2)));
  assert.equal(z.requiresGrad, true);
  assert.equal(x.mul(2).detach().requiresGrad, false);
  assert.equal(s.isGradEnabled(), true);
});

test('retainGrad keeps the gradient of a non-leaf', () => {
  const x = leaf([1, 2]);
  const h = x.mul(2).retainGrad();
  h.pow(2).sum().backward();
  assert.deepEqual(h.grad!.toArray(), [4, 8]);
  assert.deepEqual(x.grad!.toArray(), [8, 16]);
});

test('in-place ops are differentiated through', () => {
  const x = leaf([1, 2]);
  const h = x.mul(3);
  h.add_(1);
  h.mul_(2); // h = 2(3x + 1)
  h.sum().backward();
  assert.deepEqual(x.grad!.toArray(), [6, 6]);
  assert.equal(h.version, 2);
});

test('modifying a tensor saved for backward throws a clear error', () => {
  const x = leaf([1, 2]);
  const h = x.mul(1);
  const y = h.exp(); // exp saves its output
  y.mul_(2);
  assert.throws(() => y.sum().backward(), { name: 'AutogradError', message: /needed by exp was modified by an in-place operation/ });
  const a = leaf([1, 2]).mul(1);
  const b = a.mul(a); // mul saves its inputs
  a.add_(1);
  assert.throws(() => b.sum().backward(), { name: 'AutogradError', message: /needed by mul was modified/ });
});

test('in-place on a leaf that requires grad is refused unless inside noGrad', () => {
  const w = leaf([1, 2]);
  assert.throws(() => w.add_(1), { name: 'AutogradError', message: /leaf tensor that requires grad/ });
  s.noGrad(() => w.sub_(s.tensor([0.5, 0.5], { dtype: 'float64' })));
  assert.deepEqual(w.toArray(), [0.5, 1.5]);
  assert.throws(() => s.zeros([1]).expand([3]).fill_(1), { name: 'ValueError', message: /expanded tensor/ });
});

test('requiresGrad is only for floating dtypes', () => {
  assert.throws(() => s.arange(3).requiresGrad_(), { name: 'DTypeError', message: /only floating-point tensors can require gradients, got int32/ });
});

test('gradcheck catches a wrong gradient rule', () => {
  const wrong = s.defineOp<undefined>({
    name: 'badSquare',
    saves: 'inputs',
    forward: ([x]) => x!.mul(x!),
    backward: (g, { inputs: [x] }) => [g.mul(x!)], // should be 2x
  });
  const x = s.randn([3], { dtype: 'float64', requiresGrad: true });
  assert.throws(() => s.gradcheck((t) => wrong([t], undefined), [x]), { name: 'AutogradError', message: /Jacobian mismatch/ });
  assert.equal(s.gradcheck((t) => t.mul(t), [x]), true);
});

test('deep graphs do not overflow the stack', () => {
  let x = leaf([1]);
  const start = x;
  for (let i = 0; i < 20000; i++) x = x.add(1e-4);
  x.sum().backward();
  assert.deepEqual(start.grad!.toArray(), [1]);
});

test('an op definition without a gradient rule does not type-check', () => {
  // @ts-expect-error — `backward` is required: every differentiable op must have a VJP.
  const def: s.OpDefinition<undefined> = { name: 'noVjp', saves: 'none', forward: ([x]) => x! };
  assert.equal(def.name, 'noVjp');
});
