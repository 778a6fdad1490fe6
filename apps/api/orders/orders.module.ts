import { Module } from '@nestjs/common';
import { CompensationsController } from './compensations.controller.js';
import { OrdersController } from './orders.controller.js';

/** The /orders routes. Needs an OrderGateway from a global module. */
@Module({ controllers: [OrdersController, CompensationsController] })
export class OrdersModule {}
