import {
  applyDecorators,
  createParamDecorator,
  SetMetadata,
  UseGuards,
  type ExecutionContext,
} from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiProblemResponse } from '../openapi/api-problem-response.js';
import { BearerAuthGuard, principalOf, REQUIRED_ROLES } from './bearer-auth.guard.js';
import type { Principal, Role } from './principal.js';

export const BEARER_SCHEME = 'bearer';

/**
 * The controller's routes need a verified bearer token with a role the API knows; documents the
 * scheme and the 401 and 403 answers.
 */
export function Authenticated() {
  return applyDecorators(
    UseGuards(BearerAuthGuard),
    ApiBearerAuth(BEARER_SCHEME),
    ApiProblemResponse(401, 'No bearer token, or one that does not verify.'),
    ApiProblemResponse(403, 'The token lacks the role this needs.'),
  );
}

/** Within an @Authenticated controller: the route needs one of these roles (403 otherwise). */
export function RequireRole(...roles: Role[]) {
  return SetMetadata(REQUIRED_ROLES, roles);
}

/** The verified caller of an @Authenticated route. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal =>
    principalOf(context.switchToHttp().getRequest<Request>()),
);
