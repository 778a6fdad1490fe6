import { type Message } from '@platformatic/kafka';

export interface ConsumedMessage {
  topic: string;
  partition: number;
  offset: bigint;
  /** The partitioning key (the orderId); empty for a message without one. */
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** UTF-8 text; a null key, value or header value becomes ''. */
function text(data?: Buffer): string {
  return data?.toString('utf8') ?? '';
}

export const textDeserializers = {
  key: text,
  value: text,
  headerKey: text,
  headerValue: text,
};

export type KafkaStringMessage = Message<string, string, string, string>;

export function toConsumedMessage(message: KafkaStringMessage): ConsumedMessage {
  return {
    topic: message.topic,
    partition: message.partition,
    offset: message.offset,
    key: message.key,
    value: message.value,
    headers: Object.fromEntries(message.headers),
  };
}
