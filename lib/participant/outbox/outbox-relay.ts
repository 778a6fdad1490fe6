import pg from 'pg';
import { setTimeout as delay } from 'node:timers/promises';
import type { EventProducer } from '../../kafka/index.js';
import type { Logger } from '../../logging/index.js';
import { inTransaction } from '../database.js';
import {
  hasUnsentEvents,
  markSent,
  oldestUnsentEvents,
  pruneSentEvents,
  takeRelayTurn,
} from './outbox.repository.js';

/** How the message says what its value is (the Kafka binding of CloudEvents, structured mode). */
export const STRUCTURED_CONTENT_TYPE = 'application/cloudevents+json; charset=UTF-8';

const BATCH_SIZE = 100;
const PRUNE_BATCH_SIZE = 1000;
/** Longest wait between two attempts while the broker is unreachable. */
const MAX_BACKOFF_MS = 5000;
const PRUNE_EVERY_MS = 60_000;

export interface OutboxRelayOptions {
  /** The service's database (its own connections, apart from the request pool). */
  databaseUrl: string;
  producer: EventProducer;
  pollIntervalMs: number;
  retentionMs: number;
  logger: Logger;
  /** Longest a statement may take, as the service's own. */
  statementTimeoutMs: number;
}

/**
 * Publishes the outbox's events to Kafka in the order they were written, then marks them sent.
 * A crash after the publish and before the mark sends them again, with the same ids: consumers
 * deduplicate. While the broker is unreachable the relay keeps trying, with a growing delay, and
 * says so once per outage. Sent events are deleted after the retention period.
 */
export class OutboxRelay {
  private readonly pool: pg.Pool;
  private readonly logger: Logger;
  private loop: Promise<void> | undefined;
  private readonly stopping = new AbortController();
  private failingSince: number | undefined;
  private lastPruneAt = 0;

  constructor(private readonly options: OutboxRelayOptions) {
    this.logger = options.logger.child({ component: 'outbox-relay' });
    this.pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: 1,
      statement_timeout: options.statementTimeoutMs,
      connectionTimeoutMillis: options.statementTimeoutMs,
      // The publish runs inside the transaction: the server ends one left hanging.
      idle_in_transaction_session_timeout: 60_000,
      application_name: 'outbox-relay',
      keepAlive: true,
    });
    this.pool.on('error', (error) => {
      this.logger.debug({ err: error }, 'Idle outbox relay connection failed');
    });
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Waits for the batch in flight (its mark included), then closes the relay's connections. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
    await this.pool.end();
    await this.options.producer.close().catch((error: unknown) => {
      this.logger.warn({ err: error }, 'Could not close the Kafka producer cleanly');
    });
  }

  /**
   * Publishes every unsent event, batch by batch; returns how many. Throws when a batch cannot
   * be published (its events stay unsent).
   */
  async publishPending(): Promise<number> {
    let published = 0;
    for (;;) {
      const batch = await this.publishBatch();
      published += batch;
      if (batch < BATCH_SIZE) return published;
    }
  }

  /** Deletes the events sent more than the retention period ago; returns how many. */
  async pruneSent(): Promise<number> {
    let pruned = 0;
    for (;;) {
      const batch = await pruneSentEvents(this.pool, this.options.retentionMs, PRUNE_BATCH_SIZE);
      pruned += batch;
      if (batch < PRUNE_BATCH_SIZE) return pruned;
    }
  }

  private async run(): Promise<void> {
    let backoffMs = this.options.pollIntervalMs;
    while (!this.stopping.signal.aborted) {
      try {
        const published = await this.publishPending();
        this.recovered(published);
        backoffMs = this.options.pollIntervalMs;
        await this.pruneWhenDue();
      } catch (error) {
        this.failed(error);
        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
      }
      await this.pause(this.failingSince === undefined ? this.options.pollIntervalMs : backoffMs);
    }
  }

  private async publishBatch(): Promise<number> {
    if (!(await hasUnsentEvents(this.pool))) return 0;
    return inTransaction(this.pool, async (sql) => {
      if (!(await takeRelayTurn(sql))) return 0;
      const events = await oldestUnsentEvents(sql, BATCH_SIZE);
      if (events.length === 0) return 0;
      await this.options.producer.publish(
        events.map(({ topic, key, payload }) => ({
          topic,
          key,
          value: payload,
          headers: { 'content-type': STRUCTURED_CONTENT_TYPE },
        })),
      );
      await markSent(
        sql,
        events.map((event) => event.id),
      );
      return events.length;
    });
  }

  private async pruneWhenDue(): Promise<void> {
    if (Date.now() - this.lastPruneAt < Math.min(PRUNE_EVERY_MS, this.options.retentionMs)) return;
    this.lastPruneAt = Date.now();
    const pruned = await this.pruneSent();
    if (pruned > 0) this.logger.info({ pruned }, 'Deleted published outbox events past retention');
  }

  private failed(error: unknown): void {
    if (this.failingSince !== undefined) {
      this.logger.debug({ err: error }, 'Outbox relay attempt failed again');
      return;
    }
    this.failingSince = Date.now();
    this.logger.warn(
      { err: error },
      'Cannot publish outbox events (Kafka or the database is unreachable); events wait in the outbox and the relay keeps retrying',
    );
  }

  private recovered(published: number): void {
    if (this.failingSince === undefined) return;
    const outageMs = Date.now() - this.failingSince;
    this.failingSince = undefined;
    this.logger.info({ outageMs, published }, 'Publishing outbox events again');
  }

  private async pause(ms: number): Promise<void> {
    await delay(ms, undefined, { signal: this.stopping.signal }).catch(() => undefined);
  }
}
