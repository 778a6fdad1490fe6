import { Inject, Injectable } from '@nestjs/common';
import {
  Client,
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  type WorkflowExecutionDescription,
} from '@temporalio/client';
import { ProblemException } from '../../../lib/nest/index.js';
import { AdaptiveAcceptWait } from '../accept-wait/adaptive-accept-wait.js';
import { ActiveOrders } from '../checkout-load/active-orders.js';
import type { TemporalConfig } from '../../../lib/temporal/index.js';
import {
  acceptOrderUpdate,
  cancelOrderUpdate,
  confirmPaymentUpdate,
  getStateQuery,
  paymentEventSignal,
  resolveCompensationUpdate,
  retryCompensationUpdate,
} from '../../../workflows/checkout/messages.js';
import type { OrderStatus } from '../../../workflows/checkout/order.js';
import type { OrderState } from '../../../workflows/checkout/order-state.js';
import { CUSTOMER_ID, ORDER_STATUS } from '../../../workflows/checkout/search-attributes.js';
import type { checkout } from '../../../workflows/index.js';
import { IdempotencyKeyReused, OrderConflict, OrderNotFound } from '../orders/order-errors.js';
import {
  OrderGateway,
  type CompensationAction,
  type IdempotencyScope,
  type OrderFilter,
  type OrderPage,
  type OrderScope,
  type PaymentEvent,
  type PlacedOrder,
} from '../orders/order-gateway.js';
import { ORDER_ACCEPT_WAIT_MS } from '../orders/order-intake.token.js';
import { newOrderId, orderIdForIdempotencyKey } from '../orders/order-ids.js';
import type { PlacedOrderRequest } from '../orders/order-request.schema.js';
import { requestFingerprint } from '../orders/request-fingerprint.js';
import { orderStatusIn } from './order-status.js';
import { toOrderSummary } from './order-summary.js';
import { decodePageToken, encodePageToken } from './page-token.js';
import { withPendingActivities } from './pending-activities.js';
import { TEMPORAL_CONFIG } from './temporal-config.token.js';
import { CHECKOUT_POLICY, type CheckoutPolicy } from '../orders/checkout-policy.js';
import { toOrderError, toUpdateError, type FailedCall } from './temporal-errors.js';
import { orderListQuery } from './visibility-query.js';
import { CHECKOUT_WORKFLOW_TYPE, workflowIdOf } from './workflow-ids.js';

/** No HTTP request waits longer than this on Temporal (an unreachable server, no worker). */
const CALL_TIMEOUT_MS = 10_000;

/** Memo field holding the fingerprint of the request that started the order. */
const REQUEST_FINGERPRINT = 'requestFingerprint';

type UpdateCall = FailedCall & { orderId: string };

type CheckoutStartOptions = ConstructorParameters<
  typeof WithStartWorkflowOperation<typeof checkout>
>[1];

/** Orders are checkout workflows: one per order, with the id `order-<orderId>`. */
@Injectable()
export class TemporalOrderGateway extends OrderGateway {
  constructor(
    @Inject(Client) private readonly client: Client,
    @Inject(TEMPORAL_CONFIG) private readonly config: TemporalConfig,
    @Inject(CHECKOUT_POLICY) private readonly policy: CheckoutPolicy,
    @Inject(ORDER_ACCEPT_WAIT_MS) private readonly acceptWaitMs: number,
    @Inject(AdaptiveAcceptWait) private readonly acceptWait: AdaptiveAcceptWait,
    @Inject(ActiveOrders) private readonly activeOrders: ActiveOrders,
  ) {
    super();
  }

  /**
   * Idempotency rests on the workflow id: a caller's key always maps to the same order id. The
   * start reuses a running workflow with that id and refuses to start over a closed one; either
   * way the memo then tells whether the workflow was started by this same request.
   *
   * The start carries the acceptOrder update (Update-With-Start, one round trip), which answers
   * once the reservation has settled. That call gets only the accept wait: when it runs out (or
   * the call fails), the order is started on its own, with the full time a start may take; a
   * start that already happened is found by its id, running or closed. While the checkout is
   * busy (the adaptive accept wait says the wait would run out), the order gets the plain start
   * at once. Either way the order counts as active until it closes.
   */
  place(request: PlacedOrderRequest, idempotency?: IdempotencyScope): Promise<PlacedOrder> {
    const orderId =
      idempotency === undefined
        ? newOrderId()
        : orderIdForIdempotencyKey(idempotency.callerId, idempotency.key);
    const fingerprint = requestFingerprint(request);
    const options: CheckoutStartOptions = {
      workflowId: workflowIdOf(orderId),
      taskQueue: this.config.taskQueue,
      args: [{ orderId, ...request, ...this.policy }],
      memo: { [REQUEST_FINGERPRINT]: fingerprint },
      typedSearchAttributes: [
        { key: CUSTOMER_ID, value: request.customerId },
        { key: ORDER_STATUS, value: 'PENDING' },
      ],
      workflowIdConflictPolicy: 'USE_EXISTING',
      // Without a key the id is new; with one, a closed order is never started over.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    };
    // Decided before this order counts as active: the orders ahead of it are what matter.
    const waits = this.acceptWaitMs > 0 && this.acceptWait.decide().wait;
    const placed = this.call({ operation: 'place', orderId }, () =>
      waits
        ? this.startAndAwaitOrFind(orderId, fingerprint, options, idempotency)
        : this.startOrFind(orderId, fingerprint, options),
    );
    this.activeOrders.track(options.workflowId, placed);
    return placed;
  }

  /** The Update-With-Start, then the plain start when the accept wait runs out. */
  private async startAndAwaitOrFind(
    orderId: string,
    fingerprint: string,
    options: CheckoutStartOptions,
    idempotency: IdempotencyScope | undefined,
  ): Promise<PlacedOrder> {
    let settled: OrderState;
    const waitStartedAt = performance.now();
    try {
      settled = await this.startAndAwaitAcceptance(options);
    } catch (error) {
      if (error instanceof ProblemException) throw error;
      if (performance.now() - waitStartedAt >= this.acceptWaitMs) this.acceptWait.waitRanOut();
      return this.startOrFind(orderId, fingerprint, options);
    }
    this.acceptWait.waitSettled();
    if (idempotency === undefined) return { settled: true, state: settled };
    return this.orderStartedBy(orderId, fingerprint, settled);
  }

  /** Starts the order (or finds it running) and waits, up to the accept wait, for its state. */
  private startAndAwaitAcceptance(options: CheckoutStartOptions): Promise<OrderState> {
    const startWorkflowOperation = new WithStartWorkflowOperation<typeof checkout>(
      CHECKOUT_WORKFLOW_TYPE,
      options,
    );
    return this.client.connection.withDeadline(Date.now() + this.acceptWaitMs, () =>
      this.client.workflow.executeUpdateWithStart(acceptOrderUpdate, { startWorkflowOperation }),
    );
  }

  /**
   * A plain start that refuses an existing workflow: a start that succeeds created the order from
   * this very request, so it needs no read; an order that exists (the Update-With-Start started
   * it, or a repeat of the request) is found by its id, running or closed.
   */
  private async startOrFind(
    orderId: string,
    fingerprint: string,
    options: CheckoutStartOptions,
  ): Promise<PlacedOrder> {
    try {
      await this.client.workflow.start<typeof checkout>(CHECKOUT_WORKFLOW_TYPE, {
        ...options,
        workflowIdConflictPolicy: 'FAIL',
      });
      return { settled: false, order: { orderId, status: 'PENDING' } };
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
    return this.orderStartedBy(orderId, fingerprint);
  }

  /**
   * A running order answers the query; a closed one is read from its result, so it needs no
   * worker. Orders closed some other way (terminated, timed out) only the query can describe.
   */
  state(orderId: string, scope: OrderScope): Promise<OrderState> {
    return this.call({ operation: 'state', orderId }, async () => {
      const description = await this.describeInScope(orderId, scope);
      const handle = this.handle(orderId);
      const status = description.status.name;
      if (status === 'COMPLETED') return (await handle.result()) as OrderState;
      const state = await handle.query(getStateQuery);
      return status === 'RUNNING'
        ? withPendingActivities(state, description.raw.pendingActivities)
        : state;
    });
  }

  list({ pageSize, pageToken, ...filter }: OrderFilter): Promise<OrderPage> {
    return this.call({ operation: 'list' }, async () => {
      const response = await this.client.workflowService.listWorkflowExecutions({
        namespace: this.config.namespace,
        query: orderListQuery(filter),
        pageSize,
        nextPageToken: decodePageToken(pageToken),
      });
      return {
        orders: response.executions.map(toOrderSummary),
        nextPageToken: encodePageToken(response.nextPageToken),
      };
    });
  }

  cancel(orderId: string, scope: OrderScope, reason?: string): Promise<OrderState> {
    return this.update({ operation: 'cancel', orderId }, scope, () =>
      this.handle(orderId).executeUpdate(cancelOrderUpdate, {
        args: [reason === undefined ? {} : { reason }],
      }),
    );
  }

  confirmPayment(orderId: string, scope: OrderScope): Promise<OrderState> {
    return this.update({ operation: 'confirmPayment', orderId }, scope, () =>
      this.handle(orderId).executeUpdate(confirmPaymentUpdate),
    );
  }

  retryCompensation(orderId: string, action: CompensationAction): Promise<OrderState> {
    return this.update({ operation: 'retryCompensation', orderId }, {}, () =>
      this.handle(orderId).executeUpdate(retryCompensationUpdate, { args: [action] }),
    );
  }

  resolveCompensation(orderId: string, action: CompensationAction): Promise<OrderState> {
    return this.update({ operation: 'resolveCompensation', orderId }, {}, () =>
      this.handle(orderId).executeUpdate(resolveCompensationUpdate, { args: [action] }),
    );
  }

  async deliverPaymentEvent(orderId: string, event: PaymentEvent): Promise<boolean> {
    try {
      await this.call({ operation: 'deliverPaymentEvent', orderId }, () =>
        this.handle(orderId).signal(paymentEventSignal, event),
      );
      return true;
    } catch (error) {
      if (error instanceof OrderNotFound) return false;
      throw error;
    }
  }

  /**
   * The order under the id, provided this same request started it: settled when its state is
   * known (from the update, or the result of a closed order), accepted otherwise.
   */
  private async orderStartedBy(
    orderId: string,
    fingerprint: string,
    settled?: OrderState,
  ): Promise<PlacedOrder> {
    const handle = this.handle(orderId);
    const description = await handle.describe();
    if (description.memo?.[REQUEST_FINGERPRINT] !== fingerprint) throw new IdempotencyKeyReused();
    if (settled !== undefined) return { settled: true, state: settled };
    if (description.status.name === 'COMPLETED') {
      return { settled: true, state: (await handle.result()) as OrderState };
    }
    return {
      settled: false,
      order: { orderId, status: orderStatusIn(description.typedSearchAttributes) },
    };
  }

  /** Describes the order, as not found when it lies outside the scope. */
  private async describeInScope(
    orderId: string,
    scope: OrderScope,
  ): Promise<WorkflowExecutionDescription> {
    const description = await this.handle(orderId).describe();
    const customerId = description.typedSearchAttributes.get(CUSTOMER_ID);
    if (scope.customerId !== undefined && customerId !== scope.customerId) {
      throw new OrderNotFound(orderId);
    }
    return description;
  }

  private async update(
    call: UpdateCall,
    scope: OrderScope,
    send: () => Promise<OrderState>,
  ): Promise<OrderState> {
    return this.withDeadline(async () => {
      const description = await this.describeInScope(call.orderId, scope);
      if (description.closeTime) throw finished(call.orderId, description);
      return send();
    }).catch(async (error: unknown) => {
      throw await toUpdateError(error, call, () => this.statusOfClosedOrder(call.orderId));
    });
  }

  private async statusOfClosedOrder(orderId: string): Promise<OrderStatus | undefined> {
    try {
      const description = await this.withDeadline(() => this.handle(orderId).describe());
      return description.closeTime ? orderStatusIn(description.typedSearchAttributes) : undefined;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw toOrderError(error, { operation: 'state', orderId });
    }
  }

  private call<T>(call: FailedCall, run: () => Promise<T>): Promise<T> {
    return this.withDeadline(run).catch((error: unknown) => {
      throw toOrderError(error, call);
    });
  }

  private withDeadline<T>(run: () => Promise<T>): Promise<T> {
    return this.client.connection.withDeadline(Date.now() + CALL_TIMEOUT_MS, run);
  }

  private handle(orderId: string) {
    return this.client.workflow.getHandle(workflowIdOf(orderId));
  }
}

function finished(orderId: string, description: WorkflowExecutionDescription): OrderConflict {
  const status = orderStatusIn(description.typedSearchAttributes);
  return new OrderConflict('ORDER_FINISHED', `Order ${orderId} has finished: it is ${status}`);
}
