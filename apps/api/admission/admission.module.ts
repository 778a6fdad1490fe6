import { Module, type DynamicModule } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { admissionMetrics } from './admission-metrics.js';
import { OrderAdmission, type AdmissionLimits } from './order-admission.js';

/** The process's one OrderAdmission, for every module; its metrics go into `registry`. */
@Module({})
export class AdmissionModule {
  static forRoot(limits: AdmissionLimits, registry?: Registry): DynamicModule {
    const metrics = registry === undefined ? undefined : admissionMetrics(registry);
    const admission = new OrderAdmission(limits, metrics?.observer);
    metrics?.watch(admission);
    return {
      module: AdmissionModule,
      global: true,
      providers: [{ provide: OrderAdmission, useValue: admission }],
      exports: [OrderAdmission],
    };
  }
}
