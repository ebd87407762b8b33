/**
 * `gan`: adversarial losses, gradient penalties and the training plumbing of GANs.
 * @example import { gan } from 'shinsou'; const loss = gan.discriminatorLoss('hinge', D.forward(x), D.forward(fake.detach()));
 * @packageDocumentation
 */
export { discriminatorLoss, generatorLoss, clipWeights_, GAN_LOSS_KINDS, type GanLossKind } from './losses.js';
export { gradientPenalty, r1Penalty, type GradientPenaltyOptions } from './penalties.js';
export { frechetDistance, gaussianStatistics, type GaussianStatistics } from './fid.js';
export { diffAugment, brightness, saturation, contrast, translate, cutout, parsePolicy, type DiffAugmentOp, type DiffAugmentOptions } from './diffaugment.js';
export { adaAugment, type AdaAugmentOptions } from './ada.js';
export { AdaptiveProbability, type AdaptiveProbabilityOptions } from './adaptive_probability.js';
export { pseudoAugment } from './apa.js';
export { consistencyLoss, balancedConsistency, perturbLatent, type BalancedConsistencyOptions } from './consistency.js';
export { WeightAverage } from './ema.js';
export { ImagePool } from './image_pool.js';
export { cycleGanGeneratorLoss, cycleGanDiscriminatorLoss, type CycleGanNets, type CycleGanLossOptions } from './cyclegan.js';
