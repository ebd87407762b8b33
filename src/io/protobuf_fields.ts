/** @file Field descriptors for protobufjs reflection schemas (the ONNX and TensorBoard writers'). */

/** A singular field `id` of `type`. */
export const optional = (type: string, id: number) => ({ type, id });

/** A repeated field `id` of `type`. */
export const repeated = (type: string, id: number) => ({ type, id, rule: 'repeated' });
