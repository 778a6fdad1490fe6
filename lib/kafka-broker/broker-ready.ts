import { Admin } from '@platformatic/kafka';

export interface BrokerReadyOptions {
  timeoutMs: number;
  /** Ends the wait early, e.g. when the broker's process has exited; its reason is the error. */
  signal?: AbortSignal;
}

const POLL_MS = 100;

/** Waits until the broker answers a metadata request listing itself. */
export async function waitForKafkaBroker(
  bootstrapServers: string,
  { timeoutMs, signal }: BrokerReadyOptions,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    signal?.throwIfAborted();
    const admin = new Admin({
      clientId: 'checkout-saga-broker-check',
      bootstrapBrokers: [bootstrapServers],
      retries: 0,
      timeout: 2_000,
      connectTimeout: 1_000,
    });
    try {
      const metadata = await admin.metadata({ topics: [] });
      if (metadata.brokers.size > 0) return;
      lastProblem = 'the broker lists no brokers yet';
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    } finally {
      await admin.close().catch(() => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(
    `Kafka at ${bootstrapServers} did not answer after ${timeoutMs / 1000} s: ${lastProblem}`,
  );
}
