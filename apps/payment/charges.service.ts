import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ProblemException } from '../../lib/nest/index.js';
import {
  Database,
  recordEvent,
  refusalKeepingEffect,
  success,
  type Outcome,
  type Sql,
} from '../../lib/participant/index.js';
import type { AuthenticationRequest, ChargeRequest } from './charge-requests.js';
import {
  findByOrder,
  findCharge,
  insertCharge,
  insertRefund,
  lockCharge,
  setDeclined,
  setStatus,
  type ChargeRow,
  type LockedCharge,
} from './charges.repository.js';
import { PaymentLinks } from './payment-links.js';
import { behaviourOf } from './test-tokens.js';
import { recordWebhookEvent } from './webhooks/webhook-outbox.repository.js';

type AuthenticationResult = AuthenticationRequest['result'];

/** The decline code of a charge whose challenge the customer failed. */
const AUTHENTICATION_FAILED = 'authentication_failed';

/** A stand-in payment provider: the token decides the charge's fate. */
@Injectable()
export class ChargesService {
  constructor(
    private readonly database: Database,
    private readonly links: PaymentLinks,
  ) {}

  async charge(sql: Sql, request: ChargeRequest): Promise<Outcome> {
    const behaviour = behaviourOf(request.token);
    const chargeId = `ch_${randomUUID()}`;
    const declineCode = behaviour.status === 'DECLINED' ? behaviour.declineCode : null;
    await insertCharge(sql, { ...request, id: chargeId, status: behaviour.status, declineCode });
    const charged = {
      orderId: request.orderId,
      chargeId,
      amount: { amount: request.amount, currency: request.currency },
    };
    if (declineCode !== null) {
      await recordEvent(sql, 'payment.charge.declined', { ...charged, code: declineCode });
      // The declined charge stays on record, as with a real provider.
      return refusalKeepingEffect(
        new ProblemException(
          422,
          'PAYMENT_DECLINED',
          `The payment was declined (${declineCode}); charge ${chargeId}.`,
        ),
      );
    }
    if (behaviour.status === 'SUCCEEDED') {
      await recordEvent(sql, 'payment.charge.succeeded', charged);
      return success(201, { chargeId, status: 'SUCCEEDED' });
    }
    await recordEvent(sql, 'payment.charge.requires_action', charged);
    return success(201, {
      chargeId,
      status: 'REQUIRES_ACTION',
      nextAction: { url: this.links.authenticate(chargeId) },
    });
  }

  /**
   * The customer passed (approve) or failed (deny) the card's challenge at the bank. The change
   * and the webhook event reporting it commit together.
   */
  async authenticate(sql: Sql, chargeId: string, result: AuthenticationResult): Promise<Outcome> {
    const charge = await lockCharge(sql, chargeId);
    if (!charge) throw new ProblemException(404, 'CHARGE_NOT_FOUND', `No charge ${chargeId}.`);
    if (charge.status === 'CANCELED') {
      throw new ProblemException(
        409,
        'CHARGE_CANCELED',
        `Charge ${chargeId} was canceled before the challenge was completed; nothing was captured.`,
      );
    }
    if (charge.status !== 'REQUIRES_ACTION') {
      throw new ProblemException(
        409,
        'CHARGE_NOT_AWAITING_ACTION',
        `Charge ${chargeId} is ${charge.status} and awaits no authentication.`,
      );
    }
    const data = { chargeId, orderId: charge.orderId };
    const charged = { ...data, amount: amountOf(charge) };
    if (result === 'approve') {
      await setStatus(sql, chargeId, 'SUCCEEDED');
      await recordWebhookEvent(sql, 'charge.succeeded', data);
      await recordEvent(sql, 'payment.charge.succeeded', charged);
      return success(200, { chargeId, status: 'SUCCEEDED' });
    }
    await setDeclined(sql, chargeId, AUTHENTICATION_FAILED);
    await recordWebhookEvent(sql, 'charge.failed', data);
    await recordEvent(sql, 'payment.charge.declined', { ...charged, code: AUTHENTICATION_FAILED });
    return success(200, { chargeId, status: 'DECLINED', declineCode: AUTHENTICATION_FAILED });
  }

  /**
   * A compensation: refunds a succeeded charge once, voids one still awaiting action (so a late
   * authentication cannot capture money), and is a no-op (200) otherwise.
   */
  async refund(sql: Sql, chargeId: string): Promise<Outcome> {
    const charge = await lockCharge(sql, chargeId);
    if (!charge) return success(200, { chargeId, status: null, outcome: 'NOTHING_TO_UNDO' });
    const charged = { orderId: charge.orderId, chargeId, amount: amountOf(charge) };
    switch (charge.status) {
      case 'SUCCEEDED':
        await insertRefund(sql, { id: `re_${randomUUID()}`, chargeId, amount: charge.amount });
        await setStatus(sql, chargeId, 'REFUNDED');
        await recordEvent(sql, 'payment.charge.refunded', charged);
        return success(200, { chargeId, status: 'REFUNDED', outcome: 'UNDONE' });
      case 'REQUIRES_ACTION':
        await setStatus(sql, chargeId, 'CANCELED');
        await recordEvent(sql, 'payment.charge.canceled', charged);
        return success(200, { chargeId, status: 'CANCELED', outcome: 'UNDONE' });
      case 'REFUNDED':
      case 'CANCELED':
        return success(200, { chargeId, status: charge.status, outcome: 'ALREADY_UNDONE' });
      case 'DECLINED':
        return success(200, { chargeId, status: charge.status, outcome: 'NOTHING_TO_UNDO' });
    }
  }

  async get(chargeId: string): Promise<ChargeRow> {
    const charge = await findCharge(this.database, chargeId);
    if (!charge) throw new ProblemException(404, 'CHARGE_NOT_FOUND', `No charge ${chargeId}.`);
    return charge;
  }

  findByOrder(orderId: string): Promise<ChargeRow[]> {
    return findByOrder(this.database, orderId);
  }
}

function amountOf(charge: LockedCharge): { amount: number; currency: string } {
  return { amount: charge.amount, currency: charge.currency };
}
