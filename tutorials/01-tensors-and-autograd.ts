/**
 * # 1. Tensors and autograd
 *
 * A `Tensor` is an n-dimensional array with a dtype (float32 by default) and a shape; every op
 * returns a new tensor and never touches its inputs. Ops on tensors that require gradients are
 * recorded, and `backward()` walks that record in reverse to fill each leaf's `.grad` — PyTorch's
 * model of work, in TypeScript. Run: `node build/tutorials/01-tensors-and-autograd.js`.
 */
import { grad, noGrad, tensor, randn, manualSeed, type Tensor } from 'shinsou';

manualSeed(0);

// Creation, broadcasting and reductions work as in PyTorch (NCHW, NumPy broadcasting rules).
const a = tensor([[1, 2, 3], [4, 5, 6]]);
const b = tensor([10, 20, 30]);
console.log('a + b =', a.add(b).toString());
console.log('row sums:', a.sum(1).toArray(), ' mean:', a.mean().item());

// Autograd: y = Σ (w·x)² for a leaf w; dy/dw = 2(w·x)·x.
const x = tensor([1, 2, 3]);
const w = tensor([0.5, -1, 2], { requiresGrad: true });
const y = w.mul(x).square().sum();
y.backward();
console.log('dy/dw =', w.grad!.toArray(), '(expected', [1, 2, 3].map((v, i) => 2 * [0.5, -1, 2][i]! * v * v), ')');

// Gradients of gradients (createGraph): the curvature of f(z) = z³ at z = 2 is 6z = 12.
const z = tensor([2], { requiresGrad: true });
const [dz] = grad(z.pow(3).sum(), z, { createGraph: true });
const [d2z] = grad(dz!.sum(), z);
console.log("f'(2) =", dz!.item(), " f''(2) =", d2z!.item());

// Gradient descent by hand on a least-squares fit: 3 weights recovered from noisy data.
const trueW = tensor([[2], [-3], [0.5]]);
const inputs = randn([200, 3]);
const targets = inputs.matmul(trueW).add(randn([200, 1]).mul(0.01));
const fit: Tensor = tensor([[0], [0], [0]], { requiresGrad: true });
for (let step = 0; step < 100; step++) {
  const loss = inputs.matmul(fit).sub(targets).square().mean();
  fit.grad = null;
  loss.backward();
  noGrad(() => fit.sub_(fit.grad!.mul(0.1)));
}
console.log('fitted weights:', (fit.reshape([-1]).toArray() as number[]).map((v) => v.toFixed(3)), '(true 2, -3, 0.5)');
