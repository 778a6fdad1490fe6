import { Inject, Injectable } from '@nestjs/common';
import {
  Client,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
} from '@temporalio/client';
import type { TemporalConfig } from '../../../lib/temporal/index.js';
import {
  cancelOrderUpdate,
  confirmPaymentUpdate,
  getStateQuery,
} from '../../../workflows/checkout/messages.js';
import type { OrderStatus } from '../../../workflows/checkout/order.js';
import type { OrderState } from '../../../workflows/checkout/order-state.js';
import { CUSTOMER_ID, ORDER_STATUS } from '../../../workflows/checkout/search-attributes.js';
import type { checkout } from '../../../workflows/index.js';
import { IdempotencyKeyReused } from '../orders/order-errors.js';
import {
  OrderGateway,
  type AcceptedOrder,
  type OrderFilter,
  type OrderPage,
} from '../orders/order-gateway.js';
import { newOrderId, orderIdForIdempotencyKey } from '../orders/order-ids.js';
import type { OrderRequest } from '../orders/order-request.schema.js';
import { requestFingerprint } from '../orders/request-fingerprint.js';
import { orderStatusIn } from './order-status.js';
import { toOrderSummary } from './order-summary.js';
import { decodePageToken, encodePageToken } from './page-token.js';
import { TEMPORAL_CONFIG } from './temporal-config.token.js';
import { toOrderError, toUpdateError, type FailedCall } from './temporal-errors.js';
import { orderListQuery } from './visibility-query.js';
import { CHECKOUT_WORKFLOW_TYPE, workflowIdOf } from './workflow-ids.js';

/** No HTTP request waits longer than this on Temporal (an unreachable server, no worker). */
const CALL_TIMEOUT_MS = 10_000;

/** Memo field holding the fingerprint of the request that started the order. */
const REQUEST_FINGERPRINT = 'requestFingerprint';

/** Orders are checkout workflows: one per order, with the id `order-<orderId>`. */
@Injectable()
export class TemporalOrderGateway extends OrderGateway {
  constructor(
    @Inject(Client) private readonly client: Client,
    @Inject(TEMPORAL_CONFIG) private readonly config: TemporalConfig,
  ) {
    super();
  }

  /**
   * Idempotency rests on the workflow id: a key always maps to the same order id. The start reuses
   * a running workflow with that id and refuses to start over a closed one; either way the memo
   * then tells whether the workflow was started by this same request.
   */
  place(request: OrderRequest, idempotencyKey?: string): Promise<AcceptedOrder> {
    const orderId =
      idempotencyKey === undefined ? newOrderId() : orderIdForIdempotencyKey(idempotencyKey);
    const fingerprint = requestFingerprint(request);
    return this.call({ operation: 'place', orderId }, async () => {
      try {
        await this.client.workflow.start<typeof checkout>(CHECKOUT_WORKFLOW_TYPE, {
          workflowId: workflowIdOf(orderId),
          taskQueue: this.config.taskQueue,
          args: [{ orderId, ...request }],
          memo: { [REQUEST_FINGERPRINT]: fingerprint },
          typedSearchAttributes: [
            { key: CUSTOMER_ID, value: request.customerId },
            { key: ORDER_STATUS, value: 'PENDING' },
          ],
          ...(idempotencyKey === undefined
            ? {}
            : {
                workflowIdConflictPolicy: 'USE_EXISTING',
                workflowIdReusePolicy: 'REJECT_DUPLICATE',
              }),
        });
        if (idempotencyKey === undefined) return { orderId, status: 'PENDING' };
      } catch (error) {
        const closedUnderKey =
          idempotencyKey !== undefined && error instanceof WorkflowExecutionAlreadyStartedError;
        if (!closedUnderKey) throw error;
      }
      return this.orderStartedBy(orderId, fingerprint);
    });
  }

  state(orderId: string): Promise<OrderState> {
    return this.call({ operation: 'state', orderId }, () =>
      this.handle(orderId).query(getStateQuery),
    );
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

  cancel(orderId: string, reason?: string): Promise<OrderState> {
    return this.update({ operation: 'cancel', orderId }, () =>
      this.handle(orderId).executeUpdate(cancelOrderUpdate, {
        args: [reason === undefined ? {} : { reason }],
      }),
    );
  }

  confirmPayment(orderId: string): Promise<OrderState> {
    return this.update({ operation: 'confirmPayment', orderId }, () =>
      this.handle(orderId).executeUpdate(confirmPaymentUpdate),
    );
  }

  /** The order the key already names, provided the same request started it. */
  private async orderStartedBy(orderId: string, fingerprint: string): Promise<AcceptedOrder> {
    const description = await this.handle(orderId).describe();
    if (description.memo?.[REQUEST_FINGERPRINT] !== fingerprint) throw new IdempotencyKeyReused();
    return { orderId, status: orderStatusIn(description.typedSearchAttributes) };
  }

  private async update(
    call: FailedCall & { orderId: string },
    send: () => Promise<OrderState>,
  ): Promise<OrderState> {
    return this.withDeadline(send).catch(async (error: unknown) => {
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
