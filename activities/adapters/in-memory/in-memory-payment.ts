import { randomUUID } from 'node:crypto';
import { ParticipantRefusal } from '../errors.js';
import type { Charge, ChargeRecord, ChargeRequest, PaymentPort } from '../ports.js';
import { OncePerKey } from './once-per-key.js';

const DECLINED_TOKENS = new Set(['tok_chargeDeclined', 'tok_insufficientFunds']);

/**
 * The payment service in memory, with the provider's test cards: tok_visa succeeds,
 * tok_chargeDeclined and tok_insufficientFunds are declined, tok_requiresAction awaits the customer.
 */
export class InMemoryPayment implements PaymentPort {
  private readonly charges = new Map<string, ChargeRecord>();
  private readonly once = new OncePerKey();

  charge(request: ChargeRequest, key: string): Promise<Charge> {
    return this.once.run(key, () => {
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
      if (request.token === 'tok_requiresAction') record.status = 'REQUIRES_ACTION';
      return { chargeId, status: record.status === 'SUCCEEDED' ? 'SUCCEEDED' : 'REQUIRES_ACTION' };
    });
  }

  confirm(chargeId: string, key: string): Promise<void> {
    return this.once.run(key, () => {
      const charge = this.charges.get(chargeId);
      if (charge?.status === 'REQUIRES_ACTION') charge.status = 'SUCCEEDED';
      if (charge?.status !== 'SUCCEEDED') {
        throw new ParticipantRefusal('PAYMENT_DECLINED', `Charge ${chargeId} cannot be confirmed`);
      }
    });
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
