import protobuf from 'protobufjs/light.js';
import type { Payload } from '@temporalio/common';

/**
 * temporal.api.common.v1.Payload on the wire: what gets encrypted is the whole payload, its
 * metadata (the encoding, which tells a JSON order from a binary one) included.
 */
const PayloadMessage = new protobuf.Type('Payload')
  .add(new protobuf.MapField('metadata', 1, 'string', 'bytes'))
  .add(new protobuf.Field('data', 2, 'bytes'));
new protobuf.Root().define('temporal.api.common.v1').add(PayloadMessage);

export function payloadToBytes(payload: Payload): Uint8Array {
  return PayloadMessage.encode(
    PayloadMessage.fromObject({ metadata: payload.metadata ?? {}, data: payload.data ?? [] }),
  ).finish();
}

export function payloadFromBytes(bytes: Uint8Array): Payload {
  const message = PayloadMessage.toObject(PayloadMessage.decode(bytes), { defaults: true }) as {
    metadata: Record<string, Uint8Array>;
    data: Uint8Array;
  };
  return { metadata: message.metadata, data: message.data };
}
