import type { Request, Response } from 'express';

/**
 * True once the caller closed the connection, e.g. because its timeout fired. A handler checks
 * it right before COMMIT: a caller that gave up treats the call as failed and compensates, so
 * the effect must not land after that.
 */
export function clientHasLeft(request: Request, response: Response): boolean {
  return response.destroyed || request.socket.destroyed;
}
