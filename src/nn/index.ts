/**
 * `nn`: modules, containers, initialisation and utilities.
 * PyTorch: `torch.nn`.
 * @example import { nn } from 'shinsou'; const model = new nn.Sequential(new nn.Linear(4, 2));
 * @packageDocumentation
 */
export { Module, type StateDict, type LoadResult } from './module.js';
export { Parameter } from './parameter.js';
export { Sequential, ModuleList, ModuleDict } from './container.js';
export { Linear, Identity } from './linear.js';
export { Flatten, Unflatten } from './flatten.js';
export { Dropout, Dropout2d, Dropout3d } from './dropout.js';
export { Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d, ConvTranspose3d, type ConvLayerOptions, type ConvTransposeLayerOptions } from './conv.js';
export {
  MaxPool1d, MaxPool2d, MaxPool3d, AvgPool1d, AvgPool2d, AvgPool3d, AdaptiveAvgPool1d, AdaptiveAvgPool2d, AdaptiveAvgPool3d,
  AdaptiveMaxPool2d,
} from './pooling.js';
export { Upsample, PixelShuffle, PixelUnshuffle } from './upsampling.js';
export {
  BatchNorm1d, BatchNorm2d, BatchNorm3d, InstanceNorm1d, InstanceNorm2d, InstanceNorm3d, LayerNorm, GroupNorm, type NormOptions,
} from './normalization.js';
export { FReLU } from './frelu.js';
export { Embedding, type EmbeddingOptions, type FromPretrainedOptions } from './embedding.js';
export { GRU, LSTM, RNN, type GruLayerOptions, type LstmLayerOptions, type RnnLayerOptions } from './rnn.js';
export { GRUCell, LSTMCell, RNNCell, type RnnCellLayerOptions, type RnnCellOptions } from './rnn_cell.js';
export { MultiheadAttention, type MultiheadAttentionLayerOptions, type MultiheadAttentionCallOptions } from './attention.js';
export {
  TransformerEncoderLayer, TransformerDecoderLayer, type TransformerLayerOptions, type EncoderCallOptions, type DecoderCallOptions, type DecoderLayerCache,
} from './transformer.js';
export {
  TransformerEncoder, TransformerDecoder, Transformer, KeyValueCache,
  type EncoderStackCallOptions, type DecoderStackCallOptions, type TransformerOptions, type TransformerCallOptions,
} from './transformer_stacks.js';
export { PositionalEncoding, LearnedPositionalEncoding, sinusoidalPositions, type PositionalEncodingOptions } from './positional_encoding.js';
export {
  Sigmoid, Tanh, ReLU, ReLU6, LeakyReLU, ELU, SELU, GELU, SiLU, Swish, Mish, GLU, Softplus, Softsign,
  Hardtanh, Softmax, LogSoftmax,
} from './activation.js';
export {
  MSELoss, L1Loss, SmoothL1Loss, HuberLoss, CrossEntropyLoss, NLLLoss, BCELoss, BCEWithLogitsLoss, KLDivLoss, CTCLoss,
} from './loss.js';
export * as init from './init.js';
export * as functional from './functional/index.js';
export { clipGradNorm_, clipGradValue_ } from './utils/clip_grad.js';
export { parametersToVector, vectorToParameters } from './utils/convert_parameters.js';
export { summary, type SummaryOptions } from './utils/summary.js';
export { spectralNorm, removeSpectralNorm, type SpectralNormOptions } from './utils/spectral_norm.js';
export { PackedSequence, packPaddedSequence, padPackedSequence, padSequence, type PackOptions, type PadPackedOptions, type PadSequenceOptions } from './utils/rnn.js';
