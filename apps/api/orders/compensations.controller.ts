import {
  Body,
  Controller,
  HttpCode,
  HttpStatus,
  Inject,
  Param,
  Post,
  UseInterceptors,
} from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { OrderState } from '../../../workflows/checkout/order-state.js';
import { Authenticated, CurrentPrincipal, RequireRole } from '../auth/authenticated.decorator.js';
import type { Principal } from '../auth/principal.js';
import { validated } from '../http/validated.js';
import { OrderCorrelationInterceptor } from '../logging/order-correlation.interceptor.js';
import { ApiProblemResponse } from '../openapi/api-problem-response.js';
import { OrderGateway } from './order-gateway.js';
import {
  compensationParamsSchema,
  resolveCompensationBodySchema,
  type CompensationParams,
  type ResolveCompensationBody,
} from './order-query.schemas.js';
import { orderStateSchema } from './order-response.schemas.js';

const UNAVAILABLE = 'Temporal did not answer in time; the request may be retried.';
const NOT_FAILING =
  'The compensation is not failing (pending, done, or has just started), or the order has finished.';

/** What operators do about a compensation that keeps failing. */
@ApiTags('operators')
@Controller('orders/:orderId/compensations/:name')
@Authenticated()
@RequireRole('operator')
@UseInterceptors(OrderCorrelationInterceptor)
export class CompensationsController {
  constructor(@Inject(OrderGateway) private readonly orders: OrderGateway) {}

  @Post('retry')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Retry a failing compensation now',
    description:
      'Its next attempt starts at once instead of after the backoff. Recorded in the order’s ' +
      'audit with the operator’s id.',
  })
  @ApiAcceptedResponse({
    description: 'Accepted. The body is the order state at acceptance.',
    standardSchema: orderStateSchema,
  })
  @ApiProblemResponse(400, 'The order id or the compensation name is malformed.')
  @ApiProblemResponse(404, 'There is no such order.')
  @ApiProblemResponse(409, NOT_FAILING)
  @ApiProblemResponse(503, UNAVAILABLE)
  retry(
    @CurrentPrincipal() principal: Principal,
    @Param(validated(compensationParamsSchema, 'params')) { orderId, name }: CompensationParams,
  ): Promise<OrderState> {
    return this.orders.retryCompensation(orderId, { compensation: name, by: principal.id });
  }

  @Post('resolve')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Resolve a failing compensation by hand',
    description:
      'The operator undid the step’s effect outside the system: the compensation is marked ' +
      'RESOLVED_MANUALLY and the rollback goes on. Recorded in the order’s audit with the ' +
      'operator’s id and the reason.',
  })
  @ApiAcceptedResponse({
    description: 'Accepted. The body is the order state at acceptance.',
    standardSchema: orderStateSchema,
  })
  @ApiProblemResponse(400, 'The order id, the compensation name or the reason is invalid.')
  @ApiProblemResponse(404, 'There is no such order.')
  @ApiProblemResponse(409, NOT_FAILING)
  @ApiProblemResponse(503, UNAVAILABLE)
  resolve(
    @CurrentPrincipal() principal: Principal,
    @Param(validated(compensationParamsSchema, 'params')) { orderId, name }: CompensationParams,
    @Body(validated(resolveCompensationBodySchema, 'body')) { reason }: ResolveCompensationBody,
  ): Promise<OrderState> {
    return this.orders.resolveCompensation(orderId, {
      compensation: name,
      by: principal.id,
      reason,
    });
  }
}
