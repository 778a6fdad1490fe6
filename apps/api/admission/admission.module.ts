import { Module, type DynamicModule } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { CheckoutLoad } from '../checkout-load/checkout-load.js';
import { admissionMetrics } from './admission-metrics.js';
import { OrderAdmission, type AdmissionLimits } from './order-admission.js';

/**
 * The process's one OrderAdmission, for every module, reading the checkout's load (bound by
 * the Temporal module); its metrics go into `registry`.
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
          inject: [CheckoutLoad],
          useFactory: (load: CheckoutLoad) => {
            const metrics = registry === undefined ? undefined : admissionMetrics(registry);
            const admission = new OrderAdmission(limits, load, metrics?.observer);
            metrics?.watch(admission);
            return admission;
          },
        },
      ],
      exports: [OrderAdmission],
    };
  }
}
