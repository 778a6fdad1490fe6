import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import type { ParticipantsConfig } from '../../../lib/participant/participants-env.js';
import { HealthController } from './health.controller.js';
import { PARTICIPANTS_CONFIG } from './participants-config.token.js';

/** GET /health. Needs a WorkflowEngineProbe from a global module. */
@Module({})
export class HealthModule {
  static forRoot(participants: ParticipantsConfig): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ errorLogStyle: 'json' })],
      controllers: [HealthController],
      providers: [{ provide: PARTICIPANTS_CONFIG, useValue: participants }],
    };
  }
}
