/**
 * MindSpore's checkpoint file format (r1.5's `mindspore/ccsrc/utils/checkpoint.proto`, proto2): a file
 * is a sequence of serialised `Checkpoint` messages, each with `Value`s {tag, tensor {dims, tensor_type,
 * tensor_content}}; r1.5 writes one message per Parameter (or per slice of a Parameter over 512 MiB, the
 * slices sharing a tag, concatenated on reading). Encoded and decoded with protobufjs from the schema
 * below, field for field as r1.5's generated Python code does (proto2: `dims` is not packed).
 * @module
 */
import protobuf from 'protobufjs/light.js';

const ROOT = protobuf.Root.fromJSON({
  nested: {
    TensorProto: {
      fields: {
        dims: { rule: 'repeated', type: 'int64', id: 1, options: { packed: false } },
        tensor_type: { rule: 'required', type: 'string', id: 2 },
        tensor_content: { rule: 'required', type: 'bytes', id: 3 },
      },
    },
    Checkpoint: {
      fields: { value: { rule: 'repeated', type: 'Value', id: 1 } },
      nested: {
        Value: {
          fields: {
            tag: { rule: 'required', type: 'string', id: 1 },
            tensor: { rule: 'required', type: 'TensorProto', id: 2 },
          },
        },
      },
    },
  },
});
const CHECKPOINT = ROOT.lookupType('Checkpoint');

/** One stored tensor (or slice of one): its tag (the Parameter's name), dims, r1.5 type name and bytes. */
export interface CheckpointValue {
  /** The Parameter's name. */
  readonly tag: string;
  /** The shape; [0] for a scalar, as r1.5 writes it. */
  readonly dims: readonly number[];
  /** r1.5's `str(dtype)`: 'Float32', 'Int64', 'Bool'... */
  readonly tensorType: string;
  /** The elements' bytes, little-endian, row-major. */
  readonly content: Uint8Array;
}

/** The bytes of one `Checkpoint` message holding `values` (r1.5 writes one message per value). */
export function encodeCheckpointMessage(values: readonly CheckpointValue[]): Uint8Array {
  const message = CHECKPOINT.fromObject({
    value: values.map((v) => ({ tag: v.tag, tensor: { dims: [...v.dims], tensor_type: v.tensorType, tensor_content: v.content } })),
  });
  return CHECKPOINT.encode(message).finish();
}

/**
 * The values of a checkpoint file's bytes (concatenated messages parse as one, as protobuf merges
 * repeated fields).
 *
 * @throws Error protobufjs's decoding error (a missing required field, a truncated message...).
 */
export function decodeCheckpoint(bytes: Uint8Array): CheckpointValue[] {
  const message = CHECKPOINT.decode(bytes);
  const object = CHECKPOINT.toObject(message, { longs: Number, defaults: true, arrays: true }) as {
    value: { tag: string; tensor: { dims: number[]; tensor_type: string; tensor_content: Uint8Array } }[];
  };
  return object.value.map((v) => ({ tag: v.tag, dims: v.tensor.dims, tensorType: v.tensor.tensor_type, content: v.tensor.tensor_content }));
}
