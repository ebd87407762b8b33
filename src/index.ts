/**
 * @file shinsou's public surface in Node: the core (tensors, autograd, ops, nn, optim) plus
 * data loading and file I/O.
 * @example
 * import { tensor, nn, optim, data, io } from 'shinsou';
 */
export * from './core.js';
// The threaded wasm backend replaces the one-thread one before SHINSOU_BACKEND is applied (in native/).
import './backend/wasm/node.js';
export { getNumThreads, setNumThreads, nativeIsa } from './backend/native/index.js';
export * as data from './data/index.js';
export * as io from './io/index.js';
export * as vision from './vision/index.js';
export * as gan from './gan/node.js';
export * as text from './text/node.js';
export * as audio from './audio/node.js';
export * as video from './video/index.js';
export * as onnx from './onnx/node.js';
