/**
 * @file The part of ONNX's protobuf schema (onnx.proto, IR version 8) that an exported model
 * uses, as a protobufjs reflection root, and the encoder of a whole model.
 */
import protobuf from 'protobufjs';
import { optional, repeated } from '../io/protobuf_fields.js';


const root = protobuf.Root.fromJSON({
  nested: {
    onnx: {
      nested: {
        AttributeProto: {
          fields: {
            name: optional('string', 1), type: optional('int32', 20), f: optional('float', 2), i: optional('int64', 3),
            s: optional('bytes', 4), t: optional('TensorProto', 5), floats: repeated('float', 7), ints: repeated('int64', 8),
          },
        },
        ValueInfoProto: { fields: { name: optional('string', 1), type: optional('TypeProto', 2) } },
        NodeProto: {
          fields: {
            input: repeated('string', 1), output: repeated('string', 2), name: optional('string', 3),
            opType: optional('string', 4), attribute: repeated('AttributeProto', 5), domain: optional('string', 7),
          },
        },
        OperatorSetIdProto: { fields: { domain: optional('string', 1), version: optional('int64', 2) } },
        StringStringEntryProto: { fields: { key: optional('string', 1), value: optional('string', 2) } },
        ModelProto: {
          fields: {
            irVersion: optional('int64', 1), producerName: optional('string', 2), producerVersion: optional('string', 3),
            docString: optional('string', 6), graph: optional('GraphProto', 7), opsetImport: repeated('OperatorSetIdProto', 8),
            metadataProps: repeated('StringStringEntryProto', 14),
          },
        },
        GraphProto: {
          fields: {
            node: repeated('NodeProto', 1), name: optional('string', 2), initializer: repeated('TensorProto', 5),
            input: repeated('ValueInfoProto', 11), output: repeated('ValueInfoProto', 12),
          },
        },
        TensorProto: {
          fields: { dims: repeated('int64', 1), dataType: optional('int32', 2), name: optional('string', 8), rawData: optional('bytes', 9) },
        },
        TensorShapeProto: {
          fields: { dim: repeated('Dimension', 1) },
          nested: { Dimension: { oneofs: { value: { oneof: ['dimValue', 'dimParam'] } }, fields: { dimValue: optional('int64', 1), dimParam: optional('string', 2) } } },
        },
        TypeProto: {
          oneofs: { value: { oneof: ['tensorType'] } },
          fields: { tensorType: optional('Tensor', 1) },
          nested: { Tensor: { fields: { elemType: optional('int32', 1), shape: optional('TensorShapeProto', 2) } } },
        },
      },
    },
  },
});

const modelType = root.lookupType('onnx.ModelProto');

/** ONNX's element type codes (TensorProto.DataType). */
export const ELEMENT_TYPE = { float32: 1, int32: 6, bool: 9, float64: 11, int64: 7 } as const;

/** AttributeProto.AttributeType codes. */
export const ATTRIBUTE_TYPE = { int: 2, string: 3, ints: 7 } as const;

/** Serialises a ModelProto given as a plain object (camelCase field names). */
export function encodeModel(model: Record<string, unknown>): Uint8Array {
  const problem = modelType.verify(model);
  if (problem) throw new Error(`onnx: internal error, invalid model: ${problem}`);
  return modelType.encode(modelType.fromObject(model)).finish();
}

/**
 * Parses a serialised ModelProto back into a plain object (for tests and inspection).
 * PyTorch: none; the onnx package's `onnx.load_from_string(bytes)`.
 * @example onnx.decodeModel(onnx.toOnnx(model, [x])).graph // nodes, initializers, inputs, outputs
 */
export function decodeModel(bytes: Uint8Array): Record<string, unknown> {
  return modelType.toObject(modelType.decode(bytes), { longs: Number, bytes: Array }) as Record<string, unknown>;
}
