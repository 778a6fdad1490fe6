import { Module, type DynamicModule } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import type { Registry } from 'prom-client';
import {
  encryptingDataConverter,
  type PayloadEncryptionKey,
} from '../../../lib/payload-codec/index.js';
import { temporalClientInterceptors } from '../../../lib/telemetry/temporal.js';
import type { TemporalConfig } from '../../../lib/temporal/index.js';
import type { AcceptWaitConfig } from '../accept-wait/accept-wait-config.js';
import { AdaptiveAcceptWait } from '../accept-wait/adaptive-accept-wait.js';
import { ActiveOrders } from '../checkout-load/active-orders.js';
import { CheckoutBacklog } from '../checkout-load/checkout-backlog.js';
import { CheckoutLoad } from '../checkout-load/checkout-load.js';
import { WorkflowEngineProbe } from '../health/workflow-engine-probe.js';
import { CHECKOUT_POLICY, type CheckoutPolicy } from '../orders/checkout-policy.js';
import { OrderGateway } from '../orders/order-gateway.js';
import { ORDER_ACCEPT_WAIT_MS } from '../orders/order-intake.token.js';
import { lazyConnection } from './lazy-connection.js';
import { TemporalConnectionCloser } from './temporal-connection-closer.js';
import { TEMPORAL_CONFIG } from './temporal-config.token.js';
import { TemporalEngineProbe } from './temporal-engine-probe.js';
import { checkoutBacklogAgeMs } from './task-queue-backlog.js';
import { orderCloseWatch } from './order-close.js';
import { TemporalOrderGateway } from './temporal-order-gateway.js';

/**
 * How long a started order counts as active at most: a checkout takes well under a second while
 * the workers keep up, while one that waits for the customer's card challenge (minutes) or for a
 * participant to come back waits without loading them.
 */
const ACTIVE_ORDER_WINDOW_MS = 15_000;

/** Binds the ports to Temporal, with one Connection and one Client for the process. */
@Module({})
export class TemporalModule {
  static forRoot(
    config: TemporalConfig,
    payloadEncryptionKeys: readonly PayloadEncryptionKey[],
    checkoutPolicy: CheckoutPolicy,
    orderAcceptWaitMs: number,
    acceptWait: AcceptWaitConfig,
    registry?: Registry,
  ): DynamicModule {
    return {
      module: TemporalModule,
      global: true,
      providers: [
        { provide: TEMPORAL_CONFIG, useValue: config },
        { provide: CHECKOUT_POLICY, useValue: checkoutPolicy },
        { provide: ORDER_ACCEPT_WAIT_MS, useValue: orderAcceptWaitMs },
        {
          provide: Connection,
          useFactory: () => lazyConnection(config),
        },
        {
          provide: Client,
          inject: [Connection],
          useFactory: (connection: Connection) =>
            new Client({
              connection,
              namespace: config.namespace,
              dataConverter: encryptingDataConverter(payloadEncryptionKeys),
              interceptors: temporalClientInterceptors(),
            }),
        },
        {
          provide: CheckoutBacklog,
          inject: [Client],
          useFactory: (client: Client) =>
            new CheckoutBacklog(
              {
                checkIntervalMs: acceptWait.checkIntervalMs,
                readBacklogAgeMs: () => checkoutBacklogAgeMs(client, config),
              },
              registry,
            ),
        },
        {
          provide: ActiveOrders,
          inject: [Client],
          useFactory: (client: Client) =>
            new ActiveOrders(
              {
                windowMs: ACTIVE_ORDER_WINDOW_MS,
                waitForClose: orderCloseWatch(client, config.namespace),
              },
              registry,
            ),
        },
        {
          provide: CheckoutLoad,
          inject: [CheckoutBacklog, ActiveOrders],
          useFactory: (backlog: CheckoutBacklog, active: ActiveOrders): CheckoutLoad => ({
            orderPosted: () => {
              backlog.orderPosted();
            },
            backlogAgeMs: () => backlog.backlogAgeMs(),
            activeOrders: () => active.count,
          }),
        },
        {
          provide: AdaptiveAcceptWait,
          inject: [CheckoutLoad],
          useFactory: (load: CheckoutLoad) => new AdaptiveAcceptWait(acceptWait, load, registry),
        },
        TemporalConnectionCloser,
        { provide: OrderGateway, useClass: TemporalOrderGateway },
        { provide: WorkflowEngineProbe, useClass: TemporalEngineProbe },
      ],
      exports: [OrderGateway, WorkflowEngineProbe, CheckoutLoad, AdaptiveAcceptWait],
    };
  }
}
