import { Module, type DynamicModule } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { AdaptiveAcceptWait } from '../accept-wait/adaptive-accept-wait.js';
import { CheckoutLoad } from '../checkout-load/checkout-load.js';
import { admissionMetrics } from './admission-metrics.js';
import { OrderAdmission, type AdmissionLimits, type AdmissionObserver } from './order-admission.js';

/**
 * The process's one OrderAdmission, for every module, reading the checkout's load (bound by
 * the Temporal module). Its refusals are counted in `registry`, and those for a busy checkout
 * also keep the orders admitted meanwhile from waiting for their reservations.
 */
@Module({})
export class AdmissionModule {
  static forRoot(limits: AdmissionLimits, registry?: Registry): DynamicModule {
    return {
      module: AdmissionModule,
      global: true,
      providers: [
        {
          provide: OrderAdmission,
          inject: [CheckoutLoad, AdaptiveAcceptWait],
          useFactory: (load: CheckoutLoad, acceptWait: AdaptiveAcceptWait) => {
            const metrics = registry === undefined ? undefined : admissionMetrics(registry);
            const observer: AdmissionObserver = {
              refused: (limit, retryAfterSeconds) => {
                metrics?.observer.refused(limit, retryAfterSeconds);
                if (limit === 'active_orders' || limit === 'backlog') {
                  acceptWait.refusedWhileBusy(retryAfterSeconds);
                }
              },
            };
            const admission = new OrderAdmission(limits, load, observer);
            metrics?.watch(admission);
            return admission;
          },
        },
      ],
      exports: [OrderAdmission],
    };
  }
}
