import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ZodValidationPipe } from '../../lib/nest/index.js';
import {
  IdempotentRequests,
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

@Controller('charges')
export class ChargesController {
  constructor(
    private readonly idempotent: IdempotentRequests,
    private readonly charges: ChargesService,
  ) {}

  @Post()
  async charge(
    @Req() request: Request,
    @Res() response: Response,
    @Body(new ZodValidationPipe(chargeRequest)) body: ChargeRequest,
  ): Promise<void> {
    await this.idempotent.respond(request, response, (sql) => this.charges.charge(sql, body));
  }

  /** The customer at the bank: passes or fails the card's challenge of a REQUIRES_ACTION charge. */
  @Post(':id/authenticate')
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
  async refund(
    @Req() request: Request,
    @Res() response: Response,
    @Param(new ZodValidationPipe(resourceIdParams, 'params')) { id }: ResourceIdParams,
  ): Promise<void> {
    await this.idempotent.respond(request, response, (sql) => this.charges.refund(sql, id));
  }

  @Get()
  findByOrder(
    @Query(new ZodValidationPipe(orderIdQuery, 'query')) query: OrderIdQuery,
  ): Promise<ChargeRow[]> {
    return this.charges.findByOrder(query.orderId);
  }

  @Get(':id')
  get(
    @Param(new ZodValidationPipe(resourceIdParams, 'params')) { id }: ResourceIdParams,
  ): Promise<ChargeRow> {
    return this.charges.get(id);
  }
}
