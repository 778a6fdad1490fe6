import type { Logger } from '../../../lib/logging/index.js';
import type { Database } from '../../../lib/participant/index.js';
import type { ReadModelMetrics } from '../read-model-metrics.js';
import type { ProjectedEvent } from './order-change.js';
import {
  applyBatch,
  type AcceptedMessage,
  type BatchOutcome,
  type RejectedMessage,
} from './projection-store.js';

/** A message as the Kafka consumer hands it over. */
export interface IncomingMessage {
  topic: string;
  partition: number;
  offset: bigint | string;
  value: string;
}

/** Turns a message's value into an event, or throws an error saying what is wrong with it. */
export type ParseEvent = (value: string) => ProjectedEvent;

const FIRST_RETRY_MS = 100;
const LONGEST_RETRY_MS = 5000;

/**
 * Applies each batch of messages in one transaction. The consumer commits the batch's offsets
 * only after this resolves, so a crash anywhere replays the batch, and the event ids make the
 * replay a no-op. A database outage is waited out here (the batch is retried, in order); a
 * message that is not a valid event is set aside in rejected_events instead of blocking the rest.
 */
export class Projector {
  private stopped = false;

  constructor(
    private readonly database: Database,
    private readonly parse: ParseEvent,
    private readonly metrics: ReadModelMetrics,
    private readonly logger: Logger,
  ) {}

  async handleBatch(messages: readonly IncomingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const accepted: AcceptedMessage[] = [];
    const rejected: RejectedMessage[] = [];
    for (const message of messages) {
      const position = {
        topic: message.topic,
        partition: message.partition,
        offset: String(message.offset),
      };
      try {
        accepted.push({ ...position, event: storable(this.parse(message.value)) });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        this.logger.warn({ ...position, reason }, 'Rejected a message that is not a valid event');
        rejected.push({ ...position, reason, value: message.value });
      }
    }
    const outcome = await this.applyWithRetries(accepted, rejected);
    this.metrics.recordBatch(outcome, new Date());
  }

  /** Ends the retries of a batch in flight: it is then redelivered to the next consumer. */
  stop(): void {
    this.stopped = true;
  }

  private async applyWithRetries(
    accepted: AcceptedMessage[],
    rejected: RejectedMessage[],
  ): Promise<BatchOutcome> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.database.transaction((sql) => applyBatch(sql, accepted, rejected));
      } catch (error) {
        if (this.stopped) throw error;
        const delay = Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** (attempt - 1));
        this.logger.warn({ err: error, attempt, retryInMs: delay }, 'Could not apply a batch');
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }
}

/**
 * What the schemas allow but PostgreSQL would refuse, and so would fail the batch on every retry:
 * a time it cannot read, a NUL character (jsonb and text take none).
 */
function storable(event: ProjectedEvent): ProjectedEvent {
  if (Number.isNaN(Date.parse(event.time))) throw new Error(`time ${event.time} is not a time`);
  if (JSON.stringify(event).includes('\\u0000')) throw new Error('the event holds a NUL character');
  return event;
}
