/**
 * `onnx`: export a trained module as an ONNX model (browser-safe: bytes in, bytes out).
 * @example
 * import { onnx } from 'shinsou';
 * onnx.exportModel(model, [example], 'model.onnx', { inputNames: ['images'], outputNames: ['logits'] });
 * @packageDocumentation
 */
export { toOnnx, SUPPORTED_OPSETS, type OnnxExportOptions } from './export.js';
export { OnnxExportError } from './graph.js';
export { decodeModel } from './proto.js';
