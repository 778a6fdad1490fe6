import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { ShipmentRecord } from '../../activities/adapters/ports.js';
import { ZodValidationPipe } from '../../lib/nest/index.js';
import { ApiTags } from '@nestjs/swagger';
import * as responses from '../../activities/adapters/http/response-schemas.js';
import {
  ApiIdempotentMutation,
  ApiJsonBody,
  ApiJsonResponse,
  ApiOrderIdQuery,
  ApiResourceId,
  IdempotentRequests,
  undoOutcome,
  orderIdQuery,
  resourceIdParams,
  type OrderIdQuery,
  type ResourceIdParams,
} from '../../lib/participant/index.js';
import { shipmentRequest, type ShipmentRequest } from './shipment-requests.js';
import { ShipmentsService } from './shipments.service.js';

@ApiTags('shipments')
@Controller('shipments')
export class ShipmentsController {
  constructor(
    private readonly idempotent: IdempotentRequests,
    private readonly shipments: ShipmentsService,
  ) {}

  @Post()
  @ApiIdempotentMutation()
  @ApiJsonBody(shipmentRequest)
  @ApiJsonResponse(201, 'Scheduled.', responses.shipment)
  async schedule(
    @Req() request: Request,
    @Res() response: Response,
    @Body(new ZodValidationPipe(shipmentRequest)) body: ShipmentRequest,
  ): Promise<void> {
    await this.idempotent.respond(request, response, (sql) => this.shipments.schedule(sql, body));
  }

  @Post(':id/cancel')
  @ApiResourceId()
  @ApiIdempotentMutation()
  @ApiJsonResponse(200, 'Cancelled, or nothing to undo.', undoOutcome)
  async cancel(
    @Req() request: Request,
    @Res() response: Response,
    @Param(new ZodValidationPipe(resourceIdParams, 'params')) { id }: ResourceIdParams,
  ): Promise<void> {
    await this.idempotent.respond(request, response, (sql) => this.shipments.cancel(sql, id));
  }

  @Get()
  @ApiOrderIdQuery()
  @ApiJsonResponse(200, "The order's shipments.", responses.shipmentRecords)
  findByOrder(
    @Query(new ZodValidationPipe(orderIdQuery, 'query')) query: OrderIdQuery,
  ): Promise<ShipmentRecord[]> {
    return this.shipments.findByOrder(query.orderId);
  }
}
