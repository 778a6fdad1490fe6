import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { ProblemException } from '../../../lib/nest/index.js';
import { ORDER_STATUSES } from '../../../workflows/checkout/order.js';
import { pingService } from '../health/service-health.js';
import { InvalidPageToken, OrderNotFound, OrdersUnavailable } from '../orders/order-errors.js';
import type { OrderPage, OrderScope, OrderSummary } from '../orders/order-gateway.js';
import {
  OrderReadModel,
  type OrderEventList,
  type ReadModelFilter,
} from '../orders/order-read-model.js';
import { READ_MODEL_CONFIG } from './read-model-config.token.js';
import type { ReadModelConfig } from './read-model-env.js';

// The API reads the read model through its internal HTTP API, not its database: the read model
// owns its tables and may reshape, rebuild or replay them without the API changing; its keyset
// page tokens stay its own; the API holds no database pool or credentials; and each side is
// deployed, scaled and health-checked on its own. The price is one loopback hop per list.

const summarySchema = z.object({
  orderId: z.string(),
  customerId: z.string(),
  status: z.string(),
  total: z.object({ amount: z.number(), currency: z.string() }).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const pageSchema = z.object({
  orders: z.array(summarySchema),
  nextPageToken: z.string().nullable(),
});

const eventsSchema = z.object({
  events: z.array(
    z.looseObject({
      specversion: z.string(),
      id: z.string(),
      source: z.string(),
      type: z.string(),
    }),
  ),
});

const problemSchema = z.looseObject({
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});

type Summary = z.infer<typeof summarySchema>;

/** The read model over HTTP (its internal API; the API is its only caller). */
@Injectable()
export class HttpOrderReadModel extends OrderReadModel {
  private readonly baseUrl: string;

  constructor(@Inject(READ_MODEL_CONFIG) private readonly config: ReadModelConfig) {
    super();
    this.baseUrl = config.url.replace(/\/+$/, '');
  }

  async list(filter: ReadModelFilter): Promise<OrderPage> {
    const query = new URLSearchParams({ pageSize: String(filter.pageSize) });
    if (filter.customerId !== undefined) query.set('customerId', filter.customerId);
    if (filter.status !== undefined) query.set('status', filter.status);
    if (filter.pageToken !== undefined) query.set('pageToken', filter.pageToken);
    const page = await this.get(`/orders?${query.toString()}`, pageSchema, () => undefined);
    return { orders: page.orders.map(toOrderSummary), nextPageToken: page.nextPageToken };
  }

  async events(orderId: string, scope: OrderScope): Promise<OrderEventList> {
    const path = `/orders/${encodeURIComponent(orderId)}`;
    const notFound = () => new OrderNotFound(orderId);
    const [summary, list] = await Promise.all([
      scope.customerId === undefined
        ? Promise.resolve(undefined)
        : this.get(path, summarySchema, notFound),
      this.get(`${path}/events`, eventsSchema, notFound),
    ]);
    if (summary !== undefined && summary.customerId !== scope.customerId) throw notFound();
    return { events: list.events };
  }

  ping(signal: AbortSignal): Promise<void> {
    return pingService(this.baseUrl, signal);
  }

  /**
   * GET and parse; a 404 becomes `notFound()`, a 400 the caller's bad input, anything else
   * (unreachable, slow, 5xx, a body of another shape) 503.
   */
  private async get<Schema extends z.ZodType>(
    path: string,
    schema: Schema,
    notFound: () => ProblemException | undefined,
  ): Promise<z.output<Schema>> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        signal: AbortSignal.timeout(this.config.timeoutMs),
        headers: { accept: 'application/json' },
      });
    } catch (error) {
      throw new OrdersUnavailable(error);
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (response.status === 404) {
      const problem = notFound();
      if (problem) throw problem;
    }
    if (response.status === 400) throw badRequest(body);
    if (!response.ok) {
      throw new OrdersUnavailable(new Error(`The read model answered ${response.status}`));
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new OrdersUnavailable(new Error(`The read model's answer to ${path} is malformed`));
    }
    return parsed.data;
  }
}

/** The read model refused the query: a page token it did not make, or a filter it refuses. */
function badRequest(body: unknown): ProblemException {
  const errors = problemSchema.safeParse(body).data?.errors ?? [];
  if (errors.length === 0 || errors.some(({ field }) => field === 'pageToken')) {
    return new InvalidPageToken();
  }
  return new ProblemException(
    400,
    'VALIDATION_FAILED',
    `The request query is invalid: ${errors.map(({ field }) => field).join(', ')}`,
    errors,
  );
}

function toOrderSummary(summary: Summary): OrderSummary {
  return {
    orderId: summary.orderId,
    status: ORDER_STATUSES.find((status) => status === summary.status) ?? 'PENDING',
    customerId: summary.customerId,
    ...(summary.total === undefined
      ? {}
      : { totalAmount: summary.total.amount, currency: summary.total.currency }),
    createdAt: summary.createdAt,
    updatedAt: summary.updatedAt,
  };
}
