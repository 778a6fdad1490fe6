// npm start keeps its state in its data folder: stopping the whole system with Ctrl-C and starting
// it again on the same folder resumes the sagas that were in flight.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { orderReaching, orderRequest, placeOrder } from '../support/api-orders.js';
import {
  authenticateCharge,
  COMPLETED_STATUSES,
  participantStatuses,
} from '../support/e2e-participants.js';
import {
  createDataDir,
  freeStackPorts,
  removeDataDir,
  startStack,
  stillRunning,
  type E2eStack,
  type StackPorts,
} from '../support/e2e-stack.js';

describe('stopping and restarting npm start', () => {
  let dataDir: string;
  let ports: StackPorts;
  let running: E2eStack | undefined;

  beforeAll(async () => {
    dataDir = await createDataDir();
    ports = await freeStackPorts();
  });

  afterAll(async () => {
    await running?.stop();
    await removeDataDir(dataDir);
  }, 120_000);

  it('resumes an order awaiting payment confirmation, which then completes', async () => {
    const first = await startStack({ dataDir, ports });
    running = first;
    const customer = await first.customer();
    const { orderId } = await placeOrder(
      customer,
      orderRequest({ paymentToken: 'tok_requiresAction' }),
    );
    const awaiting = await orderReaching(customer, orderId, 'AWAITING_PAYMENT_CONFIRMATION');

    const stopped = await first.stop();
    running = undefined;

    expect(stopped.code).toBe(0);
    expect(await stillRunning(first.processes)).toEqual([]);

    const second = await startStack({ dataDir, ports });
    running = second;
    console.log(
      `e2e stack (restart): first start ${first.startSeconds.toFixed(1)} s, ` +
        `restart ${second.startSeconds.toFixed(1)} s`,
    );
    // The same signing key and payload keys: the token of the first run still works, and the
    // worker reads the history written before the restart.
    expect((await customer.get(`/orders/${orderId}`)).body).toMatchObject({
      status: 'AWAITING_PAYMENT_CONFIRMATION',
    });

    await authenticateCharge(awaiting.paymentAction?.url ?? 'no paymentAction', 'approve');

    await orderReaching(customer, orderId, 'COMPLETED');
    expect(await participantStatuses(second, orderId)).toEqual(COMPLETED_STATUSES);
  }, 300_000);

  it('stops in reverse order on Ctrl-C, exits 0 and leaves no process behind', async () => {
    const stack = running ?? (await startStack({ dataDir, ports }));
    running = undefined;

    const { code, output } = await stack.stop();

    expect(code).toBe(0);
    const stopLines = output
      .slice(output.indexOf('Stopping (Ctrl-C)'))
      .split('\n')
      .filter((line) => line.includes('stopped'))
      .map((line) => line.replace(/^\s*✓\s*/, '').replace(/\s+stopped.*$/, ''));
    expect(stopLines).toEqual([
      'API',
      'read model',
      'worker',
      'services',
      'Kafka',
      'Temporal dev server',
      'PostgreSQL',
    ]);
    expect(await stillRunning(stack.processes)).toEqual([]);
  }, 300_000);
});
