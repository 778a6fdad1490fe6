import { Module } from '@nestjs/common';
import { OrdersController } from './orders.controller.js';

/** The /orders routes. Needs an OrderGateway from a global module. */
@Module({ controllers: [OrdersController] })
export class OrdersModule {}
