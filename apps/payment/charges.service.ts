import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ProblemException } from '../../lib/nest/index.js';
import {
  Database,
  refusalKeepingEffect,
  success,
  type Outcome,
  type Sql,
} from '../../lib/participant/index.js';
import type { ChargeRequest } from './charge-requests.js';
import {
  findByOrder,
  insertCharge,
  insertRefund,
  lockCharge,
  setStatus,
  type ChargeRow,
} from './charges.repository.js';
import { behaviourOf } from './test-tokens.js';

/** A stand-in payment provider: the token decides the charge's fate. */
@Injectable()
export class ChargesService {
  constructor(private readonly database: Database) {}

  async charge(sql: Sql, request: ChargeRequest): Promise<Outcome> {
    const behaviour = behaviourOf(request.token);
    const chargeId = `ch_${randomUUID()}`;
    const declineCode = behaviour.status === 'DECLINED' ? behaviour.declineCode : null;
    await insertCharge(sql, { ...request, id: chargeId, status: behaviour.status, declineCode });
    if (declineCode !== null) {
      // The declined charge stays on record, as with a real provider.
      return refusalKeepingEffect(
        new ProblemException(
          422,
          'PAYMENT_DECLINED',
          `The payment was declined (${declineCode}); charge ${chargeId}.`,
        ),
      );
    }
    return success(201, { chargeId, status: behaviour.status });
  }

  /** The customer completed the action a REQUIRES_ACTION charge was waiting for. */
  async confirm(sql: Sql, chargeId: string): Promise<Outcome> {
    const charge = await lockCharge(sql, chargeId);
    if (!charge) throw new ProblemException(404, 'CHARGE_NOT_FOUND', `No charge ${chargeId}.`);
    switch (charge.status) {
      case 'REQUIRES_ACTION':
        await setStatus(sql, chargeId, 'SUCCEEDED');
        return success(200, { chargeId, status: 'SUCCEEDED' });
      case 'SUCCEEDED':
        return success(200, { chargeId, status: 'SUCCEEDED' });
      case 'CANCELED':
        throw new ProblemException(
          409,
          'CHARGE_CANCELED',
          `Charge ${chargeId} was canceled before it was confirmed; nothing was captured.`,
        );
      case 'DECLINED':
      case 'REFUNDED':
        throw new ProblemException(
          409,
          'CHARGE_NOT_AWAITING_ACTION',
          `Charge ${chargeId} is ${charge.status} and awaits no confirmation.`,
        );
    }
  }

  /**
   * A compensation: refunds a succeeded charge once, voids one still awaiting action (so a late
   * confirmation cannot capture money), and is a no-op (200) otherwise.
   */
  async refund(sql: Sql, chargeId: string): Promise<Outcome> {
    const charge = await lockCharge(sql, chargeId);
    if (!charge) return success(200, { chargeId, status: null, outcome: 'NOTHING_TO_UNDO' });
    switch (charge.status) {
      case 'SUCCEEDED':
        await insertRefund(sql, { id: `re_${randomUUID()}`, chargeId, amount: charge.amount });
        await setStatus(sql, chargeId, 'REFUNDED');
        return success(200, { chargeId, status: 'REFUNDED', outcome: 'UNDONE' });
      case 'REQUIRES_ACTION':
        await setStatus(sql, chargeId, 'CANCELED');
        return success(200, { chargeId, status: 'CANCELED', outcome: 'UNDONE' });
      case 'REFUNDED':
      case 'CANCELED':
        return success(200, { chargeId, status: charge.status, outcome: 'ALREADY_UNDONE' });
      case 'DECLINED':
        return success(200, { chargeId, status: charge.status, outcome: 'NOTHING_TO_UNDO' });
    }
  }

  findByOrder(orderId: string): Promise<ChargeRow[]> {
    return findByOrder(this.database, orderId);
  }
}
