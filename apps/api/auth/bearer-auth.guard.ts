import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { AuthUnavailable, Forbidden, Unauthenticated } from './auth-problems.js';
import { hasRole, type Principal, type Role } from './principal.js';
import { InvalidToken, TokenVerifier } from './token-verifier.js';

export const REQUIRED_ROLES = Symbol('requiredRoles');

const principals = new WeakMap<Request, Principal>();

/** The principal the guard verified for this request. */
export function principalOf(request: Request): Principal {
  const principal = principals.get(request);
  if (!principal) throw new Error('No principal: the route is not behind BearerAuthGuard');
  return principal;
}

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/**
 * Lets a request through only with a bearer token that verifies and a role the route accepts
 * (any known role when the route names none).
 */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(
    @Inject(TokenVerifier) private readonly verifier: TokenVerifier,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const principal = await this.authenticate(request.header('authorization'), response);
    const accepted =
      this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, [
        context.getHandler(),
        context.getClass(),
      ]) ?? [];
    if (principal.roles.length === 0) {
      throw new Forbidden('The token grants no role this API knows (customer, operator)');
    }
    if (accepted.length > 0 && !accepted.some((role) => hasRole(principal, role))) {
      throw new Forbidden(`This needs the ${accepted.join(' or ')} role`);
    }
    principals.set(request, principal);
    return true;
  }

  private async authenticate(header: string | undefined, response: Response): Promise<Principal> {
    const token = header === undefined ? undefined : BEARER.exec(header)?.[1];
    if (token === undefined) {
      response.setHeader('WWW-Authenticate', 'Bearer realm="checkout-api"');
      throw new Unauthenticated(
        header === undefined
          ? 'This needs an Authorization: Bearer <token> header'
          : 'The Authorization header is not a bearer token',
      );
    }
    try {
      return await this.verifier.verify(token);
    } catch (error) {
      if (!(error instanceof InvalidToken)) throw new AuthUnavailable(error);
      response.setHeader(
        'WWW-Authenticate',
        `Bearer realm="checkout-api", error="invalid_token", error_description="${error.message}"`,
      );
      throw new Unauthenticated(error.message);
    }
  }
}
