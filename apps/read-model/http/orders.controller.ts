import { Controller, Get, Param, Query } from '@nestjs/common';
import { ProblemException, ZodValidationPipe } from '../../../lib/nest/index.js';
import { encodePageToken } from './page-token.js';
import {
  listOrdersQuerySchema,
  orderIdParamsSchema,
  type ListOrdersQuery,
  type OrderIdParams,
} from './order-query.schemas.js';
import { OrdersRepository, type OrderSummary } from './orders.repository.js';

export interface OrderPage {
  orders: OrderSummary[];
  nextPageToken: string | null;
}

/** The read model's internal API: the checkout API is its only caller. */
@Controller('orders')
export class OrdersController {
  constructor(private readonly orders: OrdersRepository) {}

  @Get()
  async list(
    @Query(new ZodValidationPipe(listOrdersQuerySchema, 'query')) query: ListOrdersQuery,
  ): Promise<OrderPage> {
    const page = await this.orders.list({
      ...(query.customerId !== undefined ? { customerId: query.customerId } : {}),
      ...(query.status !== undefined ? { status: query.status } : {}),
      pageSize: query.pageSize,
      ...(query.pageToken ? { after: query.pageToken } : {}),
    });
    return { orders: page.orders, nextPageToken: page.next ? encodePageToken(page.next) : null };
  }

  @Get(':orderId')
  async find(
    @Param(new ZodValidationPipe(orderIdParamsSchema, 'params')) { orderId }: OrderIdParams,
  ): Promise<OrderSummary> {
    const order = await this.orders.find(orderId);
    if (!order) throw unknownOrder(orderId);
    return order;
  }

  @Get(':orderId/events')
  async events(
    @Param(new ZodValidationPipe(orderIdParamsSchema, 'params')) { orderId }: OrderIdParams,
  ): Promise<{ events: unknown[] }> {
    const events = await this.orders.events(orderId);
    if (!events) throw unknownOrder(orderId);
    return { events };
  }
}

function unknownOrder(orderId: string): ProblemException {
  return new ProblemException(404, 'ORDER_NOT_FOUND', `No order ${orderId} in the read model.`);
}
