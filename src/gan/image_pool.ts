/**
 * @file The image history buffer of Shrivastava et al. 2017 that CycleGAN (SPEC §9.13) uses: D is
 * updated on a mix of the newest fakes and ones generated earlier, which damps oscillation.
 */
import { ValueError } from '../errors.js';
import { cat } from '../ops/shape.js';
import { defaultGenerator, type Generator } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * Holds up to `size` earlier fakes. `query(images)` returns a batch of the same shape: while the
 * pool fills, each image is stored and returned; then, with probability ½, an image is swapped
 * with a random stored one (the stored one returned), else returned as is. Stored images are
 * detached; size 0 returns `images` unchanged.
 * PyTorch (pytorch-CycleGAN-and-pix2pix): `ImagePool(pool_size=50).query(images)`.
 * @example const fakeForD = pool.query(G.forward(x).detach())
 */
export class ImagePool {
  private readonly images: Tensor[] = [];

  constructor(readonly size = 50, private readonly generator: Generator = defaultGenerator) {
    if (!Number.isInteger(size) || size < 0) throw new ValueError(`ImagePool: size must be a non-negative integer, got ${size}`);
  }

  /** How many images are stored. */
  get length(): number {
    return this.images.length;
  }

  /** The images to show the discriminator: each new fake is returned, or with probability 0.5 swapped for a stored older one (CycleGAN's history buffer). */
  query(images: Tensor): Tensor {
    if (this.size === 0) return images;
    const out: Tensor[] = [];
    for (let i = 0; i < images.shape[0]!; i++) {
      const image = images.narrow(0, i, 1).detach();
      if (this.images.length < this.size) {
        this.images.push(image);
        out.push(image);
      } else if (this.generator.random() < 0.5) {
        const k = this.generator.integer(0, this.size);
        out.push(this.images[k]!);
        this.images[k] = image;
      } else {
        out.push(image);
      }
    }
    return cat(out);
  }
}
