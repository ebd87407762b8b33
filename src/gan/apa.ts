/**
 * @file APA — adaptive pseudo augmentation (Jiang et al., "Deceive D", NeurIPS 2021; SPEC §9.12):
 * generated images shown to D's real branch with probability p, set by `AdaptiveProbability`.
 */
import { ShapeError, ValueError } from '../errors.js';
import { defaultGenerator, type Generator } from '../tensor/random.js';
import { shapeStr } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';

/**
 * D's real branch under APA: each image of `real` [N, …] is replaced by the same-index image of
 * `fake` with probability p (one draw per sample). The fakes are detached, so no gradient
 * reaches G through these pseudo-reals.
 * PyTorch (DeceiveD): `real_img = torch.where(torch.rand([N, 1, 1, 1]) < p, gen_img.detach(), real_img)`.
 * @example const realBranch = pseudoAugment(real, fake, apa.p); apa.observe(D.forward(realBranch))
 */
export function pseudoAugment(real: Tensor, fake: Tensor, p: number, generator: Generator = defaultGenerator): Tensor {
  if (real.shape.join() !== fake.shape.join()) throw new ShapeError(`pseudoAugment: real ${shapeStr(real.shape)} and fake ${shapeStr(fake.shape)} differ`);
  if (!(p >= 0 && p <= 1)) throw new ValueError(`pseudoAugment: p must be in [0, 1], got ${p}`);
  const n = real.shape[0]!;
  const replace = Uint8Array.from({ length: n }, () => (generator.random() < p ? 1 : 0));
  if (!replace.includes(1)) return real;
  const mask = Tensor.fromData(Float32Array.from(replace), [n, ...real.shape.slice(1).map(() => 1)]).gt(0);
  return fake.detach().where(mask, real);
}
