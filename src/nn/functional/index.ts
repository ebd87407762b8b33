/**
 * @file `nn.functional` (F): stateless layer math that the modules wrap.
 * @example import { F } from 'shinsou'; const loss = F.crossEntropy(logits, labels);
 * PyTorch: `torch.nn.functional`.
 */
export * from './activation.js';
export * from './layers.js';
export * from './loss.js';
export { oneHot } from '../../ops/index.js';
export { pad } from '../../ops/shape.js';
export { conv2d, maxPool2d, unfold, fold } from '../../ops/conv.js';
