import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import { BearerAuthGuard } from '../auth/bearer-auth.guard.js';
import { CODEC_CONFIG } from './codec-config.token.js';
import type { CodecConfig } from './codec-env.js';
import { allowCors } from './cors.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * The codec decrypts order data, so it needs an operator token, except for the local Web UI of
 * development: a browser request from one of CODEC_CORS_ORIGINS that reaches the API from this
 * very machine. (The Origin header alone proves nothing, since any client can set it; the
 * loopback address keeps other machines out when the API listens on every interface.)
 */
@Injectable()
export class CodecAccessGuard implements CanActivate {
  constructor(
    @Inject(CODEC_CONFIG) private readonly config: CodecConfig,
    @Inject(BearerAuthGuard) private readonly bearer: BearerAuthGuard,
  ) {}

  canActivate(context: ExecutionContext): Promise<boolean> | boolean {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const origin = request.header('origin');
    if (origin !== undefined && this.config.localUiOrigins.includes(origin)) {
      allowCors(http.getResponse<Response>(), origin);
      if (LOOPBACK.has(request.socket.remoteAddress ?? '')) return true;
    }
    return this.bearer.canActivate(context);
  }
}
