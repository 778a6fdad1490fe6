import { z } from 'zod';
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
import { reserveRequest, type ReserveRequest } from './reservation-requests.js';
import type { ReservationRow } from './reservations.repository.js';
import { ReservationsService } from './reservations.service.js';

@ApiTags('reservations')
@Controller('reservations')
export class ReservationsController {
  constructor(
    private readonly idempotent: IdempotentRequests,
    private readonly reservations: ReservationsService,
  ) {}

  @Post()
  @ApiIdempotentMutation()
  @ApiJsonBody(reserveRequest)
  @ApiJsonResponse(201, 'The stock is held until expiresAt.', responses.reservation)
  async reserve(
    @Req() request: Request,
    @Res() response: Response,
    @Body(new ZodValidationPipe(reserveRequest)) body: ReserveRequest,
  ): Promise<void> {
    await this.idempotent.respond(request, response, (sql) => this.reservations.reserve(sql, body));
  }

  @Post(':id/confirm')
  @ApiResourceId()
  @ApiIdempotentMutation()
  @ApiJsonResponse(
    200,
    'Confirmed.',
    z.object({ reservationId: z.string(), status: z.literal('CONFIRMED') }),
  )
  @ApiProblem(404, 'No such reservation.')
  @ApiProblem(409, 'The reservation expired or was released.')
  async confirm(
    @Req() request: Request,
    @Res() response: Response,
    @Param(new ZodValidationPipe(resourceIdParams, 'params')) { id }: ResourceIdParams,
  ): Promise<void> {
    await this.idempotent.respond(request, response, (sql) => this.reservations.confirm(sql, id));
  }

  @Post(':id/release')
  @ApiResourceId()
  @ApiIdempotentMutation()
  @ApiJsonResponse(200, 'Released, or nothing to undo.', undoOutcome)
  @ApiProblem(409, 'The reservation is confirmed and cannot be released.')
  async release(
    @Req() request: Request,
    @Res() response: Response,
    @Param(new ZodValidationPipe(resourceIdParams, 'params')) { id }: ResourceIdParams,
  ): Promise<void> {
    await this.idempotent.respond(request, response, (sql) => this.reservations.release(sql, id));
  }

  @Get()
  @ApiOrderIdQuery()
  @ApiJsonResponse(200, "The order's reservations.", responses.reservationRecords)
  findByOrder(
    @Query(new ZodValidationPipe(orderIdQuery, 'query')) query: OrderIdQuery,
  ): Promise<ReservationRow[]> {
    return this.reservations.findByOrder(query.orderId);
  }
}
