import type { Payload } from '@temporalio/common';
import { z } from 'zod';

const base64 = z
  .string()
  .max(4 * 1024 * 1024)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');

/** The body of Temporal's remote codec protocol (`/encode`, `/decode`): payloads as JSON. */
export const remoteCodecBody = z.object({
  payloads: z
    .array(
      z.object({
        metadata: z.record(z.string().max(256), base64).optional(),
        data: base64.optional(),
      }),
    )
    .max(1000),
});

export type RemoteCodecBody = z.infer<typeof remoteCodecBody>;

export function payloadsFromJson({ payloads }: RemoteCodecBody): Payload[] {
  return payloads.map(({ metadata = {}, data = '' }) => ({
    metadata: Object.fromEntries(
      Object.entries(metadata).map(([key, value]) => [key, Buffer.from(value, 'base64')]),
    ),
    data: Buffer.from(data, 'base64'),
  }));
}

export function payloadsToJson(payloads: Payload[]): RemoteCodecBody {
  return {
    payloads: payloads.map(({ metadata, data }) => ({
      metadata: Object.fromEntries(
        Object.entries(metadata ?? {}).map(([key, value]) => [
          key,
          Buffer.from(value).toString('base64'),
        ]),
      ),
      data: Buffer.from(data ?? []).toString('base64'),
    })),
  };
}
