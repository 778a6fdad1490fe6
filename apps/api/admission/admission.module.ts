import { Module, type DynamicModule } from '@nestjs/common';
import { OrderAdmission, type AdmissionLimits } from './order-admission.js';

/** The process's one OrderAdmission, for every module. */
@Module({})
export class AdmissionModule {
  static forRoot(limits: AdmissionLimits): DynamicModule {
    return {
      module: AdmissionModule,
      global: true,
      providers: [{ provide: OrderAdmission, useValue: new OrderAdmission(limits) }],
      exports: [OrderAdmission],
    };
  }
}
