import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ZodValidationPipe } from '../../lib/nest/index.js';
import { ApiTags } from '@nestjs/swagger';
import * as responses from '../../activities/adapters/http/response-schemas.js';
import {
  ApiIdempotentMutation,
  ApiJsonBody,
  ApiJsonResponse,
  ApiOrderIdQuery,
  ApiProblem,
  ApiResourceId,
  IdempotentRequests,
  undoOutcome,
  orderIdQuery,
  resourceIdParams,
  type OrderIdQuery,
  type ResourceIdParams,
} from '../../lib/participant/index.js';
import {
  authenticationRequest,
  chargeRequest,
  type AuthenticationRequest,
  type ChargeRequest,
} from './charge-requests.js';
import type { ChargeRow } from './charges.repository.js';
import { ChargesService } from './charges.service.js';

@ApiTags('charges')
@Controller('charges')
export class ChargesController {
  constructor(
    private readonly idempotent: IdempotentRequests,
    private readonly charges: ChargesService,
  ) {}

  @Post()
  @ApiIdempotentMutation()
  @ApiJsonBody(chargeRequest)
  @ApiJsonResponse(
    201,
    'Charged, or awaiting the card challenge at nextAction.url.',
    responses.charge,
  )
  async charge(
    @Req() request: Request,
    @Res() response: Response,
    @Body(new ZodValidationPipe(chargeRequest)) body: ChargeRequest,
  ): Promise<void> {
    await this.idempotent.respond(request, response, (sql) => this.charges.charge(sql, body));
  }

  /** The customer at the bank: passes or fails the card's challenge of a REQUIRES_ACTION charge. */
  @Post(':id/authenticate')
  @ApiResourceId()
  @ApiIdempotentMutation()
  @ApiJsonBody(authenticationRequest)
  @ApiJsonResponse(
    200,
    'The charge SUCCEEDED (approve) or was DECLINED (deny).',
    responses.chargeRecord.pick({ chargeId: true, status: true }),
  )
  @ApiProblem(404, 'No such charge.')
  @ApiProblem(409, 'The charge awaits no authentication (or was canceled).')
  async authenticate(
    @Req() request: Request,
    @Res() response: Response,
    @Param(new ZodValidationPipe(resourceIdParams, 'params')) { id }: ResourceIdParams,
    @Body(new ZodValidationPipe(authenticationRequest)) body: AuthenticationRequest,
  ): Promise<void> {
    await this.idempotent.respond(request, response, (sql) =>
      this.charges.authenticate(sql, id, body.result),
    );
  }

  @Post(':id/refund')
  @ApiResourceId()
  @ApiIdempotentMutation()
  @ApiJsonResponse(200, 'Refunded, voided, or nothing to undo.', undoOutcome)
  async refund(
    @Req() request: Request,
    @Res() response: Response,
    @Param(new ZodValidationPipe(resourceIdParams, 'params')) { id }: ResourceIdParams,
  ): Promise<void> {
    await this.idempotent.respond(request, response, (sql) => this.charges.refund(sql, id));
  }

  @Get()
  @ApiOrderIdQuery()
  @ApiJsonResponse(200, "The order's charges.", responses.chargeRecords)
  findByOrder(
    @Query(new ZodValidationPipe(orderIdQuery, 'query')) query: OrderIdQuery,
  ): Promise<ChargeRow[]> {
    return this.charges.findByOrder(query.orderId);
  }

  @Get(':id')
  @ApiResourceId()
  @ApiJsonResponse(200, 'The charge.', responses.chargeRecord)
  @ApiProblem(400, 'The id is malformed.')
  @ApiProblem(404, 'No such charge.')
  @ApiProblem(503, 'The database is busy or unreachable; retry.')
  get(
    @Param(new ZodValidationPipe(resourceIdParams, 'params')) { id }: ResourceIdParams,
  ): Promise<ChargeRow> {
    return this.charges.get(id);
  }
}
