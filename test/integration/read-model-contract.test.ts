import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { EVENT_TYPES } from '../../lib/events/index.js';
import { eventually, get, withDatabase } from '../support/participants.js';
import {
  ensureEventTopics,
  startTestReadModel,
  testPublisher,
  type TestPublisher,
  type TestReadModel,
} from '../support/read-model-kafka.js';
import { newOrder, orderEvent, type TestCloudEvent } from '../support/read-model-events.js';

const SCHEMAS_DIR = fileURLToPath(new URL('../../lib/events/schemas', import.meta.url));

interface ClaimedSchema {
  file: string;
  id: string;
  type: string;
  validate: z.ZodType;
}

/** Every schema version in the repository: the versions the read model claims to consume. */
async function claimedSchemas(): Promise<ClaimedSchema[]> {
  const files = (await readdir(SCHEMAS_DIR)).filter((file) => file.endsWith('.json')).sort();
  return Promise.all(
    files.map(async (file) => {
      const schema = JSON.parse(await readFile(`${SCHEMAS_DIR}/${file}`, 'utf8')) as {
        $id: string;
        title: string;
      };
      return {
        file,
        id: schema.$id,
        type: schema.title,
        validate: z.fromJSONSchema(schema),
      };
    }),
  );
}

describe('read model consumer contract: every claimed event schema', () => {
  let readModel: TestReadModel;
  let publisher: TestPublisher;
  let schemas: ClaimedSchema[];

  beforeAll(async () => {
    schemas = await claimedSchemas();
    await ensureEventTopics();
    readModel = await startTestReadModel();
    publisher = testPublisher();
  });

  afterAll(async () => {
    await publisher.close();
    await readModel.drop();
  });

  it('claims one schema per event type', () => {
    expect(schemas.map((schema) => schema.type).sort()).toEqual([...EVENT_TYPES].sort());
  });

  it('accepts and applies an event of each claimed schema, none set aside', async () => {
    const order = newOrder();
    const samples = schemas.map((schema, index): TestCloudEvent => {
      const event = orderEvent(schema.type, order, new Date(Date.now() + index));
      return { ...event, dataschema: schema.id };
    });
    for (const [index, sample] of samples.entries()) {
      const schema = schemas[index];
      expect({ file: schema?.file, valid: schema?.validate.safeParse(sample).success }).toEqual({
        file: schema?.file,
        valid: true,
      });
    }

    await publisher.publish(samples);

    const { body } = await eventually(
      () => get<{ events?: TestCloudEvent[] }>(readModel, `/orders/${order.orderId}/events`),
      (response) => response.body.events?.length === samples.length,
    );
    expect(body.events?.map((event) => event.dataschema).sort()).toEqual(
      schemas.map((schema) => schema.id).sort(),
    );
    const rejected = await withDatabase(readModel.config.databaseUrl, async (client) => {
      const { rows } = await client.query<{ reason: string }>(
        'SELECT reason FROM rejected_events WHERE value LIKE $1',
        [`%${order.orderId}%`],
      );
      return rows;
    });
    expect(rejected).toEqual([]);
  });

  it('sets aside an event of a schema version it does not claim', async () => {
    const order = newOrder();
    const placed = orderEvent('checkout.order.placed', order, new Date());
    const unclaimed = { ...placed, dataschema: placed.dataschema?.replace(/:v1$/, ':v2') };
    await publisher.publishRaw([
      { topic: 'checkout.orders', key: order.orderId, value: JSON.stringify(unclaimed) },
    ]);

    const rejected = await eventually(
      () =>
        withDatabase(readModel.config.databaseUrl, async (client) => {
          const { rows } = await client.query<{ reason: string }>(
            'SELECT reason FROM rejected_events WHERE value LIKE $1',
            [`%${order.orderId}%`],
          );
          return rows;
        }),
      (rows) => rows.length === 1,
    );
    expect(rejected[0]?.reason).toContain('dataschema');
    expect((await get(readModel, `/orders/${order.orderId}/events`)).status).toBe(404);
  });
});
