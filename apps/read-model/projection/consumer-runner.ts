import type { BeforeApplicationShutdown } from '@nestjs/common';
import type { EventConsumer } from '../../../lib/kafka/index.js';
import type { Logger } from '../../../lib/logging/index.js';
import { processTraced } from '../../../lib/telemetry/index.js';
import type { ProjectionState } from './projection-state.js';
import type { Projector } from './projector.js';

const JOIN_RETRY_MS = 5000;

/**
 * Joins the consumer group in the background, again and again while the broker cannot be
 * reached, so that the read model serves what it has meanwhile; and stops the consumer ahead of
 * the database pool when the app shuts down (signals included).
 */
export class ConsumerRunner implements ProjectionState, BeforeApplicationShutdown {
  private joined = false;
  private stopped = false;
  private stopping?: Promise<void>;
  private wakeUp?: () => void;

  constructor(
    private readonly consumer: EventConsumer,
    private readonly projector: Projector,
    private readonly logger: Logger,
  ) {}

  /** Resolves once the consumer has joined its group, or has been stopped. */
  async start(): Promise<void> {
    for (let attempt = 1; !this.isStopped(); attempt++) {
      try {
        await this.consumer.run((messages) =>
          processTraced(messages, (batch) => this.projector.handleBatch(batch)),
        );
        this.joined = true;
        this.logger.info('Consuming the domain events');
        return;
      } catch (error) {
        if (this.isStopped()) return;
        this.logger.error(
          { err: error, attempt, retryInMs: JOIN_RETRY_MS },
          'Could not join the consumer group; serving the projection as it is meanwhile',
        );
        await new Promise<void>((resolve) => {
          this.wakeUp = resolve;
          setTimeout(resolve, JOIN_RETRY_MS);
        });
      }
    }
  }

  /** A method, not the field, so that the compiler does not narrow it across the awaits. */
  private isStopped(): boolean {
    return this.stopped;
  }

  consuming(): boolean {
    return this.joined && !this.stopped;
  }

  beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    this.projector.stop();
    this.stopping ??= this.consumer.close();
    return this.stopping;
  }
}
