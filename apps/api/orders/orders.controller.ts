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
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { IDEMPOTENCY_KEY_HEADER } from '../../../lib/participant/idempotency/idempotency-key.js';
import type { OrderState } from '../../../workflows/checkout/order-state.js';
import { Authenticated, CurrentPrincipal, RequireRole } from '../auth/authenticated.decorator.js';
import { hasRole, type Principal } from '../auth/principal.js';
import { IdempotencyKey } from '../http/idempotency-key.decorator.js';
import { validated } from '../http/validated.js';
import { OrderCorrelationInterceptor } from '../logging/order-correlation.interceptor.js';
import { AdmissionRefused, OrderAdmission } from '../admission/order-admission.js';
import { ApiProblemResponse } from '../openapi/api-problem-response.js';
import { customerView } from './customer-view.js';
import { customerPlacing, listFilterFor, ownerScope, readScope } from './order-access.js';
import { OrderGateway, type AcceptedOrder, type OrderPage } from './order-gateway.js';
import { OrderReadModel, type OrderEventList } from './order-read-model.js';
import {
  cancelOrderBodySchema,
  IDEMPOTENCY_KEY_PATTERN,
  listOrdersQuerySchema,
  orderIdParamsSchema,
  type CancelOrderBody,
  type ListOrdersQuery,
  type OrderIdParams,
} from './order-query.schemas.js';
import { orderRequestSchema, type OrderRequest } from './order-request.schema.js';
import {
  acceptedOrderSchema,
  orderEventListSchema,
  orderPageSchema,
  orderStateSchema,
} from './order-response.schemas.js';

const UNAVAILABLE = 'Temporal did not answer in time; the request may be retried.';
const READ_MODEL_UNAVAILABLE = 'The order read model did not answer in time; retry the request.';
const LOCATION = {
  Location: { description: 'The order: /orders/{orderId}', schema: { type: 'string' } },
};

@ApiTags('orders')
@Controller('orders')
@Authenticated()
@UseInterceptors(OrderCorrelationInterceptor)
export class OrdersController {
  constructor(
    @Inject(OrderGateway) private readonly orders: OrderGateway,
    @Inject(OrderReadModel) private readonly readModel: OrderReadModel,
    @Inject(OrderAdmission) private readonly admission: OrderAdmission,
  ) {}

  @Post()
  @RequireRole('customer')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Place an order',
    description:
      'Starts the order’s checkout saga for the calling customer and waits up to ' +
      'ORDER_ACCEPT_WAIT_MS (1 s by default) for its reservation: 201 with the order priced, or ' +
      'FAILED when out of stock; past that, 202 with its id and status. While the checkout is ' +
      'busy (ORDER_ACCEPT_BUSY_ACTIVE_ORDERS orders ahead, its task queue’s oldest waiting task ' +
      'ORDER_ACCEPT_BACKLOG_AGE_MS old, or a wait ran out in the last ' +
      'ORDER_ACCEPT_HOLD_AFTER_TIMEOUT_MS) it does not wait: 202 as soon as the saga has ' +
      'started. Follow the Location to watch it. Over the admission limits (orders being placed ' +
      'at once, overall and per customer; active orders; the task queue’s backlog age) it answers ' +
      '429 at once, with Retry-After, and starts nothing.',
  })
  @ApiHeader({
    name: IDEMPOTENCY_KEY_HEADER,
    required: false,
    description:
      'Makes the request safe to retry: the same caller, key and body return the same order; the ' +
      'same key with another body is refused with 422. Keys of different callers never collide.',
    schema: {
      type: 'string',
      minLength: 1,
      maxLength: 255,
      pattern: IDEMPOTENCY_KEY_PATTERN.source,
      example: '5f0c7d0e-checkout-1',
    },
  })
  @ApiCreatedResponse({
    description:
      'The reservation has settled: the order state, priced, or FAILED when out of stock (for a ' +
      'repeated Idempotency-Key: the order as it stands).',
    standardSchema: orderStateSchema,
    headers: LOCATION,
  })
  @ApiAcceptedResponse({
    description:
      'The saga has started (or, for a repeated Idempotency-Key, had started) but its ' +
      'reservation has not settled within ORDER_ACCEPT_WAIT_MS, or the checkout is backlogged ' +
      'and the API did not wait for it.',
    standardSchema: acceptedOrderSchema,
    headers: LOCATION,
  })
  @ApiProblemResponse(400, 'The body or the Idempotency-Key is invalid; nothing was started.')
  @ApiProblemResponse(422, 'The Idempotency-Key was already used with another body.')
  @ApiProblemResponse(
    429,
    'Too many orders are being placed right now, overall or by this customer, or the checkout ' +
      'is busy or behind; nothing was started. Retry after the Retry-After header’s seconds.',
  )
  @ApiProblemResponse(503, UNAVAILABLE)
  async place(
    @CurrentPrincipal() principal: Principal,
    @Body(validated(orderRequestSchema, 'body')) request: OrderRequest,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<OrderState | AcceptedOrder> {
    const customerId = customerPlacing(principal, request.customerId);
    const release = this.admit(customerId, response);
    try {
      const placed = await this.orders.place(
        { ...request, customerId },
        idempotencyKey === undefined ? undefined : { callerId: principal.id, key: idempotencyKey },
      );
      const orderId = placed.settled ? placed.state.orderId : placed.order.orderId;
      response.location(`/orders/${orderId}`);
      if (!placed.settled) return placed.order;
      response.status(HttpStatus.CREATED);
      return viewFor(principal, placed.state);
    } finally {
      release();
    }
  }

  @Get()
  @ApiOperation({
    summary: 'List orders, newest first',
    description:
      'A customer’s own orders; every order for an operator, who may also list the stuck ones. ' +
      'From the order read model, which trails the sagas by a moment: a new order or a status ' +
      'change may take a second to show. The stuck filter (operators) reads Temporal ' +
      'visibility instead, where the saga flags a stuck compensation.',
  })
  @ApiOkResponse({ description: 'One page of orders.', standardSchema: orderPageSchema })
  @ApiProblemResponse(400, 'A filter, the page size or the page token is invalid.')
  @ApiProblemResponse(403, 'A customer asked for another customer’s orders, or for stuck ones.')
  @ApiProblemResponse(503, READ_MODEL_UNAVAILABLE)
  list(
    @CurrentPrincipal() principal: Principal,
    @Query(validated(listOrdersQuerySchema, 'query')) query: ListOrdersQuery,
  ): Promise<OrderPage> {
    const { stuck, ...filter } = listFilterFor(principal, query);
    // Only the saga knows a compensation is stuck; it says so in a search attribute.
    if (stuck !== undefined) return this.orders.list({ ...filter, stuck });
    return this.readModel.list(filter);
  }

  @Get(':orderId/events')
  @ApiOperation({
    summary: 'The order’s domain events, in order',
    description:
      'The CloudEvents the saga and the inventory, payment and shipping services published ' +
      'about the order, from the order read model (which trails them by a moment).',
  })
  @ApiOkResponse({ description: 'The events, oldest first.', standardSchema: orderEventListSchema })
  @ApiProblemResponse(400, 'The order id is malformed.')
  @ApiProblemResponse(404, 'There is no such order (yet), or it is another customer’s.')
  @ApiProblemResponse(503, READ_MODEL_UNAVAILABLE)
  events(
    @CurrentPrincipal() principal: Principal,
    @Param(validated(orderIdParamsSchema, 'params')) { orderId }: OrderIdParams,
  ): Promise<OrderEventList> {
    return this.readModel.events(orderId, readScope(principal));
  }

  @Get(':orderId')
  @ApiOperation({
    summary: 'The state of an order',
    description:
      'Its status, priced items, the saga’s steps and compensations; also once finished.',
  })
  @ApiOkResponse({ description: 'The order state.', standardSchema: orderStateSchema })
  @ApiProblemResponse(400, 'The order id is malformed.')
  @ApiProblemResponse(404, 'There is no such order, or it is another customer’s.')
  @ApiProblemResponse(503, UNAVAILABLE)
  async state(
    @CurrentPrincipal() principal: Principal,
    @Param(validated(orderIdParamsSchema, 'params')) { orderId }: OrderIdParams,
  ): Promise<OrderState> {
    return viewFor(principal, await this.orders.state(orderId, readScope(principal)));
  }

  @Post(':orderId/cancel')
  @RequireRole('customer')
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
  @ApiProblemResponse(404, 'There is no such order, or it is another customer’s.')
  @ApiProblemResponse(
    409,
    'Refused: the order is past the pivot, already cancelled, or has finished.',
  )
  @ApiProblemResponse(503, UNAVAILABLE)
  async cancel(
    @CurrentPrincipal() principal: Principal,
    @Param(validated(orderIdParamsSchema, 'params')) { orderId }: OrderIdParams,
    @Body(validated(cancelOrderBodySchema, 'body')) body: CancelOrderBody,
  ): Promise<OrderState> {
    const scope = ownerScope(principal);
    return viewFor(principal, await this.orders.cancel(orderId, scope, body?.reason));
  }

  @Post(':orderId/payment-confirmation')
  @RequireRole('customer')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Have the payment checked again',
    description:
      'For when the payment provider’s notification seems lost after the customer completed ' +
      'the card’s challenge (3-D Secure): the order asks the provider about its charge again, ' +
      'and goes on only if the provider reports it succeeded.',
  })
  @ApiAcceptedResponse({
    description: 'Accepted: the order checks its charge. The body is the state at acceptance.',
    standardSchema: orderStateSchema,
  })
  @ApiProblemResponse(400, 'The order id is malformed.')
  @ApiProblemResponse(404, 'There is no such order, or it is another customer’s.')
  @ApiProblemResponse(409, 'The order awaits no payment confirmation, or has finished.')
  @ApiProblemResponse(503, UNAVAILABLE)
  async confirmPayment(
    @CurrentPrincipal() principal: Principal,
    @Param(validated(orderIdParamsSchema, 'params')) { orderId }: OrderIdParams,
  ): Promise<OrderState> {
    const scope = ownerScope(principal);
    return viewFor(principal, await this.orders.confirmPayment(orderId, scope));
  }

  /** A slot for the order, or 429 with Retry-After when it is over a limit. */
  private admit(customerId: string, response: Response): () => void {
    try {
      return this.admission.admit(customerId);
    } catch (error) {
      if (error instanceof AdmissionRefused) {
        response.setHeader('Retry-After', String(error.retryAfterSeconds));
      }
      throw error;
    }
  }
}

/** Operators see error texts in full; customers without internal hosts and paths. */
function viewFor(principal: Principal, state: OrderState): OrderState {
  return hasRole(principal, 'operator') ? state : customerView(state);
}
