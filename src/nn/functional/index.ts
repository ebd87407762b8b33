/**
 * @file `nn.functional` (F): stateless layer math that the modules wrap.
 * PyTorch: `torch.nn.functional`.
 * @example import { F } from 'shinsou'; const loss = F.crossEntropy(logits, labels);
 */
export * from './activation.js';
export * from './layers.js';
export * from './loss.js';
export { ctcLoss, ctcGreedyDecode, type CtcLossOptions, type CtcLengths } from './ctc.js';
export { oneHot } from '../../ops/index.js';
export { pad } from '../../ops/shape.js';
export * from '../../ops/conv.js';
export * from '../../ops/pooling.js';
export * from '../../ops/resample.js';
export * from '../../ops/grid_sample.js';
export * from './normalization.js';
export { lstm, type LstmOptions, type LstmResult, type LstmWeights, type RecurrentOptions, type RecurrentWeights } from './recurrent.js';
export { gru, type GruResult } from './gru.js';
export { rnn, type RnnNonlinearity, type RnnOptions, type RnnResult } from './elman.js';
export * from './attention.js';
