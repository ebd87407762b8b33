/** @file The inception score of generated samples from a classifier's class probabilities. */
import { ShapeError } from '../errors.js';
import { shapeStr } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';

/** Inception score and the entropies behind it (nats). */
export interface InceptionScore {
  /** exp(E_x KL(p(y|x) ‖ p(y))) = exp(classEntropy − conditionalEntropy): from 1 up to the class count. */
  score: number;
  /** H(p(y)) of the mean prediction: how evenly the samples cover the classes (at most ln classes). */
  classEntropy: number;
  /** E_x H(p(y|x)): how unsure the classifier is of each sample (0 when every sample is clear-cut). */
  conditionalEntropy: number;
}

/**
 * The inception score of samples whose class probabilities are `probabilities` [N, classes] (rows
 * summing to 1), as the WaveGAN paper scores SC09 with a digit classifier.
 * Reference: Salimans et al. 2016; the TensorFlow/`torch-fidelity` inception score on one split.
 * @example audio.inceptionScore(judge.forward(clips).softmax(1)).score
 */
export function inceptionScore(probabilities: Tensor): InceptionScore {
  if (probabilities.ndim !== 2) throw new ShapeError(`inceptionScore: expected probabilities [N, classes], got ${shapeStr(probabilities.shape)}`);
  const p = probabilities.to('float64');
  const entropy = (q: Tensor, dim: number): Tensor => q.mul(q.clamp(1e-300).log()).sum(dim).neg();
  const classEntropy = entropy(p.mean(0), 0).item();
  const conditionalEntropy = entropy(p, 1).mean().item();
  return { score: Math.exp(classEntropy - conditionalEntropy), classEntropy, conditionalEntropy };
}
