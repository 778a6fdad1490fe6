import { Module, type DynamicModule } from '@nestjs/common';
import type { AuthConfig } from './auth-env.js';
import { BearerAuthGuard } from './bearer-auth.guard.js';
import { TokenVerifier } from './token-verifier.js';

/** Bearer token verification for the routes marked @Authenticated. */
@Module({})
export class AuthModule {
  static forRoot(config: AuthConfig): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      providers: [{ provide: TokenVerifier, useValue: new TokenVerifier(config) }, BearerAuthGuard],
      exports: [TokenVerifier, BearerAuthGuard],
    };
  }
}
