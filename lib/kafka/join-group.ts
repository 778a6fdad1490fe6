import { type Logger } from '../logging/index.js';

export interface JoinRetryOptions {
  timeoutMs: number;
  logger: Logger;
  /** True once the consumer is being closed: stop retrying. */
  stopped: () => boolean;
}

/**
 * Runs `join` until it succeeds. Right after a broker starts, the group coordinator answers
 * "coordinator not available" or "load in progress" until its `__consumer_offsets` topic has
 * been created and loaded; a consumer started with the broker must wait that out, not fail.
 */
export async function joinGroupWithRetry<Joined>(
  join: () => Promise<Joined>,
  { timeoutMs, logger, stopped }: JoinRetryOptions,
): Promise<Joined> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await join();
    } catch (error) {
      if (stopped() || Date.now() >= deadline) throw error;
      const delay = Math.min(2_000, 100 * 2 ** (attempt - 1));
      logger.info({ err: error, attempt, retryInMs: delay }, 'Kafka group join failed; retrying');
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
