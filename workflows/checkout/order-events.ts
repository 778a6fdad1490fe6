import {
  CancellationScope,
  log,
  proxyActivities,
  proxyLocalActivities,
} from '@temporalio/workflow';
import type { CheckoutActivities } from '../../activities/index.js';
import type { CloudEvent, EventData, EventSource, EventTypeOf } from '../../lib/events/index.js';
import { LOCAL_ATTEMPT, locallyFirst } from './local-first.js';
import type { OrderState } from './order-state.js';

/** The order's lifecycle, published on the `checkout.orders` topic. */
export type OrderEventType = EventTypeOf<'checkout.orders'>;

/** The CloudEvents `source` of the workflow's events. */
const WORKFLOW_SOURCE = '/checkout/worker' satisfies EventSource;

/** A lifecycle event: never a payment token, a name or an address in its data. */
export type OrderEvent<Type extends OrderEventType = OrderEventType> = CloudEvent<Type>;

/**
 * The lifecycle event of `type` for the order as it stands. Its id is `<orderId>:<type>`: one event
 * of each type per order, so a publish repeated by a retry is a duplicate consumers drop. Its time
 * is the workflow's clock.
 */
export function orderEvent<Type extends OrderEventType>(
  type: Type,
  state: OrderState,
): OrderEvent<Type> {
  const event = {
    specversion: '1.0',
    id: `${state.orderId}:${type}`,
    source: WORKFLOW_SOURCE,
    type,
    subject: state.orderId,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    data: dataOf(type, state),
  } as const;
  // CloudEvent<Type> distributes over Type: TypeScript cannot see a generic object literal as one.
  return event as OrderEvent<Type>;
}

function dataOf<Type extends OrderEventType>(type: Type, state: OrderState): EventData<Type> {
  const { orderId, customerId, total, failure } = state;
  const priced = total === undefined ? {} : { total: { ...total } };
  const data: { [T in OrderEventType]: () => EventData<T> } = {
    'checkout.order.placed': () => ({
      orderId,
      customerId,
      items: state.items.map(({ sku, quantity }) => ({ sku, quantity })),
    }),
    'checkout.order.completed': () => {
      if (total === undefined) throw new Error(`Order ${orderId} completed without a total`);
      return { orderId, customerId, total: { ...total } };
    },
    'checkout.order.failed': () => ({
      orderId,
      customerId,
      ...priced,
      failure: { step: failure?.step ?? 'none', code: failure?.code ?? 'UNKNOWN' },
    }),
    'checkout.order.cancelled': () => ({ orderId, customerId, ...priced }),
  };
  return data[type]();
}

/**
 * Retried by the server without limit: a broker outage delays the events, never loses them, and
 * adds nothing to the history. An attempt is one produce call, acknowledged by every replica.
 */
const publisher = (event: OrderEvent) =>
  proxyActivities<Pick<CheckoutActivities, 'publishOrderEvent'>>({
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
    // Named after the event: one publish of each type per order, easy to find in the history.
    activityId: `publish-${event.type}`,
    summary: `publish ${event.type}`,
  });

/**
 * One attempt in the worker (see LOCAL_ATTEMPT); a broker that is slow or down leaves the event
 * to `publisher`.
 */
const localPublisher = (event: OrderEvent) =>
  proxyLocalActivities<Pick<CheckoutActivities, 'publishOrderEvent'>>({
    ...LOCAL_ATTEMPT,
    summary: `publish ${event.type}`,
  });

/** How the events go out: `durable` for runs started before the local attempt came in. */
export type PublishPath = 'local-first' | 'durable';

/**
 * The order's lifecycle events, published one after the other so that they reach the topic in
 * the order they happened. The workflow waits for all of them before it returns. Publishes run
 * in non-cancellable scopes: a cancelled order still says so.
 *
 * With `local-first`, each event is first tried once as a local activity (a healthy broker
 * answers in milliseconds, and the order's next step goes out in the same workflow task); when
 * that attempt fails or times out, the event goes to the durable publisher, which the saga never
 * waits for. With `durable` (runs started before), every event goes to the durable publisher.
 */
export class OrderEventStream {
  private published: Promise<void> = Promise.resolve();

  constructor(private readonly path: PublishPath) {}

  publish(event: OrderEvent): void {
    const previous = this.published;
    this.published = CancellationScope.nonCancellable(async () => {
      await previous;
      const publishDurably = () => publisher(event).publishOrderEvent(event);
      try {
        await (this.path === 'local-first'
          ? locallyFirst(() => localPublisher(event).publishOrderEvent(event), publishDurably)
          : publishDurably());
      } catch (error) {
        // Only a malformed event fails for good: a bug to fix, which must not hold the order open.
        log.error('Order event not published', { eventId: event.id, error });
      }
    });
  }

  /** Resolves once every event published so far has been acknowledged. */
  drained(): Promise<void> {
    return this.published;
  }
}
