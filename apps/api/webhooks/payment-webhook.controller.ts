import {
  Controller,
  HttpCode,
  HttpStatus,
  Inject,
  Post,
  Req,
  type RawBodyRequest,
} from '@nestjs/common';
import { ApiBody, ApiHeader, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ProblemException } from '../../../lib/nest/index.js';
import { OrderGateway } from '../orders/order-gateway.js';
import { ApiProblemResponse } from '../openapi/api-problem-response.js';
import {
  checkPaymentSignature,
  PAYMENT_SIGNATURE_HEADER,
  SIGNATURE_TOLERANCE_SECONDS,
} from './payment-signature.js';
import { paymentWebhookSchema, type PaymentWebhook } from './payment-webhook.schema.js';
import { SeenEvents } from './seen-events.js';
import { PAYMENT_WEBHOOK_SECRET } from './webhook-secret.token.js';

/** The payment provider tells about a charge the customer authenticated (or failed to). */
@ApiTags('webhooks')
@Controller('webhooks/payment')
export class PaymentWebhookController {
  private readonly seen = new SeenEvents(2 * SIGNATURE_TOLERANCE_SECONDS * 1000);

  constructor(
    @Inject(OrderGateway) private readonly orders: OrderGateway,
    @Inject(PAYMENT_WEBHOOK_SECRET) private readonly secret: string,
  ) {}

  @Post()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Payment provider webhook',
    description:
      'Signed by the provider (HMAC-SHA256 of "<t>.<raw body>" with the shared secret, within 5 ' +
      'minutes). The order is told to check its charge with the provider; it never takes the ' +
      'event’s word for it. Each event id is handled once.',
  })
  @ApiHeader({
    name: PAYMENT_SIGNATURE_HEADER,
    required: true,
    description: 't=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>',
    schema: { type: 'string', pattern: '^t=\\d+(,v1=[0-9a-fA-F]{64})+$' },
  })
  @ApiBody({ schema: { $ref: '#/components/schemas/PaymentWebhook' } })
  @ApiNoContentResponse({
    description:
      'Received: handed to the order, or nothing to do (repeat, unknown or finished order).',
  })
  @ApiProblemResponse(400, 'The signature is missing, wrong or stale, or the body is malformed.')
  @ApiProblemResponse(503, 'The order could not be told; the provider should retry.')
  async receive(@Req() request: RawBodyRequest<Request>): Promise<void> {
    const event = this.verified(request);
    if (!this.seen.claim(event.id)) return;
    try {
      await this.orders.deliverPaymentEvent(event.data.orderId, {
        eventId: event.id,
        type: event.type,
        chargeId: event.data.chargeId,
      });
    } catch (error) {
      this.seen.release(event.id);
      throw error;
    }
  }

  private verified(request: RawBodyRequest<Request>): PaymentWebhook {
    const raw = request.rawBody ?? Buffer.alloc(0);
    const check = checkPaymentSignature(request.header(PAYMENT_SIGNATURE_HEADER), raw, this.secret);
    if (!check.valid) throw new ProblemException(400, 'INVALID_SIGNATURE', check.reason);
    const event = paymentWebhookSchema.safeParse(parseJson(raw));
    if (!event.success) {
      throw new ProblemException(
        400,
        'VALIDATION_FAILED',
        'The webhook body is not a payment event',
      );
    }
    return event.data;
  }
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
}
