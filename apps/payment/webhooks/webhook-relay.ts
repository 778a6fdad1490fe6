import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Logger } from '../../../lib/logging/index.js';
import type { Database } from '../../../lib/participant/index.js';
import type { WebhookDeliveryConfig } from '../payment-env.js';
import {
  leaseDueWebhooks,
  markDelivered,
  scheduleRetry,
  type DueWebhook,
} from './webhook-outbox.repository.js';
import { SIGNATURE_HEADER, signatureHeader } from './webhook-signature.js';

/** One delivery attempt may take this long before it counts as failed. */
const DELIVERY_TIMEOUT_MS = 10_000;
/** Longer than an attempt, so a leased event is not taken again while it is being sent. */
const LEASE_MS = DELIVERY_TIMEOUT_MS + 20_000;
const BATCH_SIZE = 20;

/**
 * Delivers the outbox's events to the merchant's webhook endpoint, signed, until it answers 2xx;
 * each event is then marked delivered and never sent again. Failed attempts wait an
 * exponentially growing, jittered delay.
 */
export class WebhookRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly database: Database,
    private readonly config: WebhookDeliveryConfig,
    private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.logger.info({ webhookUrl: this.config.url }, 'Delivering payment webhooks');
    this.schedule(0);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.deliverDue().then((full) => {
        this.running = undefined;
        this.schedule(full ? 0 : this.config.pollIntervalMs);
      });
    }, delayMs);
  }

  /** True when a full batch was taken: more may be due right away. */
  private async deliverDue(): Promise<boolean> {
    let due: DueWebhook[];
    try {
      due = await leaseDueWebhooks(this.database, BATCH_SIZE, LEASE_MS);
    } catch (error) {
      this.logger.warn({ err: error }, 'Could not read the webhook outbox');
      return false;
    }
    await Promise.all(due.map((event) => this.deliver(event)));
    return due.length === BATCH_SIZE;
  }

  private async deliver(event: DueWebhook): Promise<void> {
    const failure = await this.send(event.payload);
    try {
      if (failure === undefined) {
        await markDelivered(this.database, event.id);
        this.logger.info({ eventId: event.id, attempts: event.attempts }, 'Webhook delivered');
        return;
      }
      const delayMs = this.backoff(event.attempts);
      await scheduleRetry(this.database, event.id, delayMs, failure);
      this.logger.warn(
        { eventId: event.id, attempts: event.attempts, retryInMs: delayMs, error: failure },
        'Webhook delivery failed; will retry',
      );
    } catch (error) {
      // The lease ends on its own and the event is sent again: the receiver dedupes by id.
      this.logger.warn({ err: error, eventId: event.id }, 'Could not record a webhook attempt');
    }
  }

  /** Undefined when the receiver accepted the event, else why not. */
  private async send(payload: string): Promise<string | undefined> {
    try {
      const response = await fetch(this.config.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signatureHeader(
            this.config.secret,
            payload,
            Math.floor(Date.now() / 1000),
          ),
        },
        body: payload,
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      await response.body?.cancel();
      return response.ok ? undefined : `HTTP ${response.status}`;
    } catch (error) {
      const { message, cause } = error as { message?: unknown; cause?: { message?: unknown } };
      return [message, cause?.message].filter((part) => typeof part === 'string').join(': ');
    }
  }

  /** A doubling delay, capped, of which a random half is waited: replicas do not retry in step. */
  private backoff(attempts: number): number {
    const { retryInitialMs, retryMaxMs } = this.config;
    const ceiling = Math.min(retryMaxMs, retryInitialMs * 2 ** Math.min(attempts - 1, 30));
    return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
  }
}
