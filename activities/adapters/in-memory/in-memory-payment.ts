import { randomUUID } from 'node:crypto';
import { ParticipantRefusal } from '../errors.js';
import type { Charge, ChargeRecord, ChargeRequest, PaymentPort } from '../ports.js';
import { OncePerKey } from './once-per-key.js';

const DECLINED_TOKENS = new Set(['tok_chargeDeclined', 'tok_insufficientFunds']);

/** Where the in-memory provider says the customer completes a card's challenge. */
export const IN_MEMORY_PAYMENT_URL = 'http://payment.invalid';

/**
 * The payment service in memory, with the provider's test cards: tok_visa succeeds,
 * tok_chargeDeclined and tok_insufficientFunds are declined, tok_requiresAction awaits the
 * customer's challenge, which only `authenticate` (the customer at the bank) settles.
 */
export class InMemoryPayment implements PaymentPort {
  private readonly charges = new Map<string, ChargeRecord>();
  private readonly once = new OncePerKey();

  charge(request: ChargeRequest, key: string): Promise<Charge> {
    return this.once.run(key, (): Charge => {
      const chargeId = `ch_${randomUUID()}`;
      const record: ChargeRecord = {
        chargeId,
        orderId: request.orderId,
        amount: request.amount,
        status: 'SUCCEEDED',
      };
      this.charges.set(chargeId, record);
      if (DECLINED_TOKENS.has(request.token)) {
        record.status = 'DECLINED';
        throw new ParticipantRefusal('PAYMENT_DECLINED', 'The card was declined');
      }
      if (request.token !== 'tok_requiresAction') return { chargeId, status: 'SUCCEEDED' };
      record.status = 'REQUIRES_ACTION';
      return {
        chargeId,
        status: 'REQUIRES_ACTION',
        nextAction: { url: `${IN_MEMORY_PAYMENT_URL}/charges/${chargeId}/authenticate` },
      };
    });
  }

  getCharge(chargeId: string): Promise<ChargeRecord> {
    const charge = this.charges.get(chargeId);
    if (!charge) {
      return Promise.reject(new ParticipantRefusal('CHARGE_NOT_FOUND', `No charge ${chargeId}`));
    }
    return Promise.resolve({ ...charge });
  }

  /**
   * Test hook: the customer passes (`approve`) or fails (`deny`) the card's challenge, as
   * `POST /charges/{id}/authenticate` does at the payment service.
   */
  authenticate(chargeId: string, result: 'approve' | 'deny'): Promise<ChargeRecord> {
    const charge = this.charges.get(chargeId);
    if (charge?.status !== 'REQUIRES_ACTION') {
      return Promise.reject(
        new ParticipantRefusal('CHARGE_NOT_AWAITING_ACTION', `Charge ${chargeId} awaits nothing`),
      );
    }
    charge.status = result === 'approve' ? 'SUCCEEDED' : 'DECLINED';
    return Promise.resolve({ ...charge });
  }

  refund(chargeId: string, key: string): Promise<void> {
    return this.once.run(key, () => {
      const charge = this.charges.get(chargeId);
      if (charge?.status === 'SUCCEEDED') charge.status = 'REFUNDED';
      if (charge?.status === 'REQUIRES_ACTION') charge.status = 'CANCELED';
    });
  }

  findCharges(orderId: string): Promise<ChargeRecord[]> {
    return Promise.resolve(
      [...this.charges.values()]
        .filter((charge) => charge.orderId === orderId)
        .map((charge) => ({ ...charge })),
    );
  }
}
