/**
 * `optim`: optimizers and learning-rate schedulers.
 * PyTorch: `torch.optim`.
 * @example import { optim } from 'shinsou'; const opt = new optim.Adam(model.parameters());
 * @packageDocumentation
 */
export { Optimizer, type OptimizerStateDict, type ParamGroup, type ParamState, type ParamsInput } from './optimizer.js';
export { SGD, type SGDOptions } from './sgd.js';
export { Adam, AdamW, type AdamOptions } from './adam.js';
export { RMSprop, type RMSpropOptions } from './rmsprop.js';
export { Adagrad, type AdagradOptions } from './adagrad.js';
export { Adadelta, type AdadeltaOptions } from './adadelta.js';
export { Adamax, type AdamaxOptions } from './adamax.js';
export { NAdam, type NAdamOptions } from './nadam.js';
export { RAdam, type RAdamOptions } from './radam.js';
export {
  LRScheduler, StepLR, MultiStepLR, ExponentialLR, CosineAnnealingLR, LinearLR, LambdaLR, OneCycleLR, NoamLR,
  ReduceLROnPlateau, type NoamOptions, type OneCycleOptions, type PlateauOptions,
} from './lr_scheduler.js';
