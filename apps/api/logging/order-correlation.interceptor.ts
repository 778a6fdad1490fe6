import {
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { tap, type Observable } from 'rxjs';
import { tagOrder } from './order-correlation.js';

/** Tags the response with the order of the path or, for a new order, of the response body. */
@Injectable()
export class OrderCorrelationInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const response = http.getResponse<Response>();
    tagOrder(response, http.getRequest<Request>().params.orderId);
    return next.handle().pipe(
      tap((body: unknown) => {
        if (typeof body === 'object' && body !== null && 'orderId' in body) {
          tagOrder(response, body.orderId);
        }
      }),
    );
  }
}
