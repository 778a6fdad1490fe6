import { Module, type DynamicModule } from '@nestjs/common';
import { OrderReadModel } from '../orders/order-read-model.js';
import { HttpOrderReadModel } from './http-order-read-model.js';
import { READ_MODEL_CONFIG } from './read-model-config.token.js';
import type { ReadModelConfig } from './read-model-env.js';

/** Provides the OrderReadModel, over HTTP, to every module. */
@Module({})
export class ReadModelModule {
  static forRoot(config: ReadModelConfig): DynamicModule {
    return {
      module: ReadModelModule,
      global: true,
      providers: [
        { provide: READ_MODEL_CONFIG, useValue: config },
        { provide: OrderReadModel, useClass: HttpOrderReadModel },
      ],
      exports: [OrderReadModel],
    };
  }
}
