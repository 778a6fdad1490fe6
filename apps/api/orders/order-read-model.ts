import type { OrderStatus } from '../../../workflows/checkout/order.js';
import type { OrderPage, OrderScope } from './order-gateway.js';

export interface ReadModelFilter {
  status?: OrderStatus;
  customerId?: string;
  pageSize: number;
  /** The nextPageToken of the previous page, passed through as the read model made it. */
  pageToken?: string;
}

/** A domain event about the order (CloudEvents 1.0, structured mode), as published. */
export interface OrderDomainEvent {
  specversion: string;
  id: string;
  source: string;
  type: string;
  subject?: string;
  time?: string;
  datacontenttype?: string;
  dataschema?: string;
  data?: unknown;
}

export interface OrderEventList {
  events: OrderDomainEvent[];
}

/**
 * The order read model: a projection of the domain events, for lists and event histories.
 * It trails the sagas by a moment. Failures are the ProblemExceptions of order-errors.ts.
 */
export abstract class OrderReadModel {
  /** Newest first, with keyset paging. */
  abstract list(filter: ReadModelFilter): Promise<OrderPage>;

  /** The order's events in order; OrderNotFound when unknown or outside the scope. */
  abstract events(orderId: string, scope: OrderScope): Promise<OrderEventList>;

  /** Resolves when the read model answers its health check. */
  abstract ping(signal: AbortSignal): Promise<void>;
}
