import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  Param,
  Post,
  Query,
  Res,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { IDEMPOTENCY_KEY_HEADER } from '../../../lib/participant/idempotency/idempotency-key.js';
import type { OrderState } from '../../../workflows/checkout/order-state.js';
import { IdempotencyKey } from '../http/idempotency-key.decorator.js';
import { validated } from '../http/validated.js';
import { OrderCorrelationInterceptor } from '../logging/order-correlation.interceptor.js';
import { ApiProblemResponse } from '../openapi/api-problem-response.js';
import { OrderGateway, type AcceptedOrder, type OrderPage } from './order-gateway.js';
import {
  cancelOrderBodySchema,
  listOrdersQuerySchema,
  orderIdParamsSchema,
  type CancelOrderBody,
  type ListOrdersQuery,
  type OrderIdParams,
} from './order-query.schemas.js';
import { orderRequestSchema, type OrderRequest } from './order-request.schema.js';
import {
  acceptedOrderSchema,
  orderPageSchema,
  orderStateSchema,
} from './order-response.schemas.js';

const UNAVAILABLE = 'Temporal did not answer in time; the request may be retried.';

@ApiTags('orders')
@Controller('orders')
@UseInterceptors(OrderCorrelationInterceptor)
export class OrdersController {
  constructor(@Inject(OrderGateway) private readonly orders: OrderGateway) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Place an order',
    description:
      'Starts the order’s checkout saga and answers at once; follow the Location to watch it.',
  })
  @ApiHeader({
    name: IDEMPOTENCY_KEY_HEADER,
    required: false,
    description:
      'Makes the request safe to retry: the same key and body return the same order; the same ' +
      'key with another body is refused with 422.',
    schema: { type: 'string', minLength: 1, maxLength: 255, example: '5f0c7d0e-checkout-1' },
  })
  @ApiAcceptedResponse({
    description: 'The saga has started (or, for a repeated Idempotency-Key, had started).',
    standardSchema: acceptedOrderSchema,
    headers: {
      Location: { description: 'The order: /orders/{orderId}', schema: { type: 'string' } },
    },
  })
  @ApiProblemResponse(400, 'The body or the Idempotency-Key is invalid; nothing was started.')
  @ApiProblemResponse(422, 'The Idempotency-Key was already used with another body.')
  @ApiProblemResponse(503, UNAVAILABLE)
  async place(
    @Body(validated(orderRequestSchema, 'body')) request: OrderRequest,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AcceptedOrder> {
    const order = await this.orders.place(request, idempotencyKey);
    response.location(`/orders/${order.orderId}`);
    return order;
  }

  @Get()
  @ApiOperation({
    summary: 'List orders, newest first',
    description:
      'From Temporal visibility, which trails the orders by a moment: a new order or a status ' +
      'change may take a second to show.',
  })
  @ApiOkResponse({ description: 'One page of orders.', standardSchema: orderPageSchema })
  @ApiProblemResponse(400, 'A filter, the page size or the page token is invalid.')
  @ApiProblemResponse(503, UNAVAILABLE)
  list(
    @Query(validated(listOrdersQuerySchema, 'query')) query: ListOrdersQuery,
  ): Promise<OrderPage> {
    return this.orders.list(query);
  }

  @Get(':orderId')
  @ApiOperation({
    summary: 'The state of an order',
    description:
      'Its status, priced items, the saga’s steps and compensations; also once finished.',
  })
  @ApiOkResponse({ description: 'The order state.', standardSchema: orderStateSchema })
  @ApiProblemResponse(400, 'The order id is malformed.')
  @ApiProblemResponse(404, 'There is no such order.')
  @ApiProblemResponse(503, UNAVAILABLE)
  state(
    @Param(validated(orderIdParamsSchema, 'params')) { orderId }: OrderIdParams,
  ): Promise<OrderState> {
    return this.orders.state(orderId);
  }

  @Post(':orderId/cancel')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Cancel an order',
    description:
      'Accepted until the saga reaches its pivot (confirming the reservation); the completed ' +
      'steps are then rolled back and the order ends CANCELLED.',
  })
  @ApiBody({ required: false, description: 'Optional: why the customer cancels.' })
  @ApiAcceptedResponse({
    description: 'Accepted: the rollback runs. The body is the order state at acceptance.',
    standardSchema: orderStateSchema,
  })
  @ApiProblemResponse(400, 'The order id or the body is invalid.')
  @ApiProblemResponse(404, 'There is no such order.')
  @ApiProblemResponse(
    409,
    'Refused: the order is past the pivot, already cancelled, or has finished.',
  )
  @ApiProblemResponse(503, UNAVAILABLE)
  cancel(
    @Param(validated(orderIdParamsSchema, 'params')) { orderId }: OrderIdParams,
    @Body(validated(cancelOrderBodySchema, 'body')) body: CancelOrderBody,
  ): Promise<OrderState> {
    return this.orders.cancel(orderId, body?.reason);
  }

  @Post(':orderId/payment-confirmation')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Confirm the payment',
    description:
      'The customer completed the action their card required (3-D Secure and the like); the ' +
      'saga goes on with the charge.',
  })
  @ApiAcceptedResponse({
    description: 'Accepted. The body is the order state at acceptance.',
    standardSchema: orderStateSchema,
  })
  @ApiProblemResponse(400, 'The order id is malformed.')
  @ApiProblemResponse(404, 'There is no such order.')
  @ApiProblemResponse(409, 'The order awaits no payment confirmation, or has finished.')
  @ApiProblemResponse(503, UNAVAILABLE)
  confirmPayment(
    @Param(validated(orderIdParamsSchema, 'params')) { orderId }: OrderIdParams,
  ): Promise<OrderState> {
    return this.orders.confirmPayment(orderId);
  }
}
