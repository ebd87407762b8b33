/**
 * @file `nn`: modules, containers, initialisation and utilities.
 * @example import { nn } from 'shinsou'; const model = new nn.Sequential(new nn.Linear(4, 2));
 * PyTorch: `torch.nn`.
 */
export { Module, type StateDict, type LoadResult } from './module.js';
export { Parameter } from './parameter.js';
export { Sequential, ModuleList, ModuleDict } from './container.js';
export { Linear, Identity } from './linear.js';
export { Flatten, Unflatten } from './flatten.js';
export { Dropout } from './dropout.js';
export { Embedding } from './embedding.js';
export {
  Sigmoid, Tanh, ReLU, ReLU6, LeakyReLU, ELU, SELU, GELU, SiLU, Swish, Mish, GLU, Softplus, Softsign,
  Hardtanh, Softmax, LogSoftmax,
} from './activation.js';
export {
  MSELoss, L1Loss, SmoothL1Loss, HuberLoss, CrossEntropyLoss, NLLLoss, BCELoss, BCEWithLogitsLoss, KLDivLoss,
} from './loss.js';
export * as init from './init.js';
export * as functional from './functional/index.js';
export { clipGradNorm_, clipGradValue_ } from './utils/clip_grad.js';
export { parametersToVector, vectorToParameters } from './utils/convert_parameters.js';
