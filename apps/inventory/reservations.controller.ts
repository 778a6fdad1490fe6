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
import { reserveRequest, type ReserveRequest } from './reservation-requests.js';
import type { ReservationRow } from './reservations.repository.js';
import { ReservationsService } from './reservations.service.js';

@Controller('reservations')
export class ReservationsController {
  constructor(
    private readonly idempotent: IdempotentRequests,
    private readonly reservations: ReservationsService,
  ) {}

  @Post()
  async reserve(
    @Req() request: Request,
    @Res() response: Response,
    @Body(new ZodValidationPipe(reserveRequest)) body: ReserveRequest,
  ): Promise<void> {
    await this.idempotent.respond(request, response, (sql) => this.reservations.reserve(sql, body));
  }

  @Post(':id/confirm')
  async confirm(
    @Req() request: Request,
    @Res() response: Response,
    @Param(new ZodValidationPipe(resourceIdParams, 'params')) { id }: ResourceIdParams,
  ): Promise<void> {
    await this.idempotent.respond(request, response, (sql) => this.reservations.confirm(sql, id));
  }

  @Post(':id/release')
  async release(
    @Req() request: Request,
    @Res() response: Response,
    @Param(new ZodValidationPipe(resourceIdParams, 'params')) { id }: ResourceIdParams,
  ): Promise<void> {
    await this.idempotent.respond(request, response, (sql) => this.reservations.release(sql, id));
  }

  @Get()
  findByOrder(
    @Query(new ZodValidationPipe(orderIdQuery, 'query')) query: OrderIdQuery,
  ): Promise<ReservationRow[]> {
    return this.reservations.findByOrder(query.orderId);
  }
}
