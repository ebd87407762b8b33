/** @file `onnx` in Node: the browser-safe exporter plus writing the model to a file. */
import { writeFileAtomic } from '../io/atomic.js';
import type { Module } from '../nn/module.js';
import type { Tensor } from '../tensor/tensor.js';
import { toOnnx, type OnnxExportOptions } from './export.js';

export * from './index.js';

/**
 * Traces `module` on `inputs` (see {@link toOnnx}) and writes the ONNX model to `path`
 * atomically (a crash leaves the old file or the new one).
 * PyTorch: `torch.onnx.export(model, args, path, opset_version=17, input_names, output_names)`.
 * @example onnx.exportModel(model, [x], 'mlp.onnx', { inputNames: ['x'], outputNames: ['logits'] });
 */
export function exportModel(module: Module, inputs: Tensor | readonly Tensor[], path: string, options?: OnnxExportOptions): void {
  writeFileAtomic(path, toOnnx(module, inputs, options));
}
