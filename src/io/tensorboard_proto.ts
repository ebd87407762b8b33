/**
 * @file The part of TensorBoard's protobuf schema (event.proto, summary.proto, histogram.proto
 * and tensor.proto of tensorboard/compat/proto) that a summary writer uses, and the record
 * framing of an event file: length, masked CRC-32C of the length, data, masked CRC-32C of the data.
 */
import protobuf from 'protobufjs';
import { optional, repeated } from './protobuf_fields.js';
import crc32c from 'crc-32/crc32c.js';
import { FormatError } from '../errors.js';


const root = protobuf.Root.fromJSON({
  nested: {
    tensorboard: {
      nested: {
        Event: {
          oneofs: { what: { oneof: ['fileVersion', 'summary'] } },
          fields: { wallTime: optional('double', 1), step: optional('int64', 2), fileVersion: optional('string', 3), summary: optional('Summary', 5) },
        },
        Summary: {
          fields: { value: repeated('Value', 1) },
          nested: {
            Image: { fields: { height: optional('int32', 1), width: optional('int32', 2), colorspace: optional('int32', 3), encodedImageString: optional('bytes', 4) } },
            Value: {
              oneofs: { value: { oneof: ['simpleValue', 'image', 'histo', 'tensor'] } },
              fields: {
                tag: optional('string', 1), simpleValue: optional('float', 2), image: optional('Image', 4), histo: optional('HistogramProto', 5),
                tensor: optional('TensorProto', 8), metadata: optional('SummaryMetadata', 9),
              },
            },
          },
        },
        SummaryMetadata: {
          fields: { pluginData: optional('PluginData', 1) },
          nested: { PluginData: { fields: { pluginName: optional('string', 1), content: optional('bytes', 2) } } },
        },
        HistogramProto: {
          fields: {
            min: optional('double', 1), max: optional('double', 2), num: optional('double', 3), sum: optional('double', 4), sumSquares: optional('double', 5),
            bucketLimit: { ...repeated('double', 6), options: { packed: true } }, bucket: { ...repeated('double', 7), options: { packed: true } },
          },
        },
        TensorShapeProto: { fields: { dim: repeated('Dim', 2) }, nested: { Dim: { fields: { size: optional('int64', 1) } } } },
        TensorProto: { fields: { dtype: optional('int32', 1), tensorShape: optional('TensorShapeProto', 2), stringVal: repeated('bytes', 8) } },
      },
    },
  },
});

const eventType = root.lookupType('tensorboard.Event');

/** TensorFlow's DataType code for strings (DT_STRING). */
export const DT_STRING = 7;

/** Serialises an Event given as a plain object (camelCase field names). */
export function encodeEvent(event: Record<string, unknown>): Uint8Array {
  const problem = eventType.verify(event);
  if (problem) throw new Error(`tensorboard: internal error, invalid event: ${problem}`);
  return eventType.encode(eventType.fromObject(event)).finish();
}

/**
 * Parses a serialised Event (for tests and readers).
 * PyTorch: none; tensorboard's `event_pb2.Event.FromString(record)`.
 * @example io.eventRecords(readFileSync(file)).map(io.decodeEvent) // [{ wallTime, step, summary … }]
 */
export function decodeEvent(bytes: Uint8Array): Record<string, unknown> {
  return eventType.toObject(eventType.decode(bytes), { longs: Number, bytes: Array, defaults: false }) as Record<string, unknown>;
}

/**
 * The CRC TensorFlow's record files store: CRC-32C rotated right by 15 bits plus a constant.
 * @example io.maskedCrc32c(new TextEncoder().encode('abc'))
 */
export function maskedCrc32c(data: Uint8Array): number {
  const crc = crc32c.buf(data) >>> 0;
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

/**
 * Splits an event file into its records' data, checking every length and CRC: a truncated or
 * corrupt file gets a FormatError naming the record, never a wrong event.
 * PyTorch: none; tensorboard's `event_file_loader.EventFileLoader(path)` (TFRecord framing).
 * @example io.eventRecords(readFileSync('runs/events.out.tfevents.1.host')).length // events in the file
 */
export function eventRecords(bytes: Uint8Array): Uint8Array[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length;) {
    if (bytes.length - at < 16) throw new FormatError(`tensorboard: record ${out.length} is truncated (${bytes.length - at} bytes left, a record takes at least 16)`);
    if (view.getUint32(at + 8, true) !== maskedCrc32c(bytes.subarray(at, at + 8))) throw new FormatError(`tensorboard: record ${out.length}'s length fails its CRC`);
    const length = view.getBigUint64(at, true);
    if (length > BigInt(bytes.length - at - 16)) throw new FormatError(`tensorboard: record ${out.length} claims ${length} bytes, more than the file holds`);
    const data = bytes.subarray(at + 12, at + 12 + Number(length));
    if (view.getUint32(at + 12 + data.length, true) !== maskedCrc32c(data)) throw new FormatError(`tensorboard: record ${out.length}'s data fails its CRC`);
    out.push(data);
    at += 16 + data.length;
  }
  return out;
}

/** One record of an event file: u64 length, u32 masked CRC of the length, data, u32 masked CRC of the data (little-endian). */
export function frameRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + 4 + data.length + 4);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(data.length), true);
  view.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc32c(data), true);
  return out;
}
