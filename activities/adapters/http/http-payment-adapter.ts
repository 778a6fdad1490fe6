import type { Charge, ChargeRecord, ChargeRequest, PaymentPort } from '../ports.js';
import type { ParticipantHttpClient } from './participant-http-client.js';
import * as schemas from './response-schemas.js';

export class HttpPaymentAdapter implements PaymentPort {
  constructor(private readonly http: ParticipantHttpClient) {}

  charge(request: ChargeRequest, idempotencyKey: string): Promise<Charge> {
    return this.http.post('/charges', idempotencyKey, request, schemas.charge);
  }

  /** An unknown charge is a ParticipantRefusal with code CHARGE_NOT_FOUND. */
  getCharge(chargeId: string): Promise<ChargeRecord> {
    return this.http.get(`/charges/${encodeURIComponent(chargeId)}`, schemas.chargeRecord);
  }

  /** Refunded, canceled, declined and unknown charges answer 200 too: nothing to undo. */
  async refund(chargeId: string, idempotencyKey: string): Promise<void> {
    await this.http.post(
      `/charges/${encodeURIComponent(chargeId)}/refund`,
      idempotencyKey,
      undefined,
      schemas.acknowledgement,
    );
  }

  findCharges(orderId: string): Promise<ChargeRecord[]> {
    return this.http.get(`/charges?orderId=${encodeURIComponent(orderId)}`, schemas.chargeRecords);
  }
}
