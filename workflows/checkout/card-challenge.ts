import { ApplicationFailure, condition } from '@temporalio/workflow';
import type { Duration } from '@temporalio/common';
import { msToNumber } from '@temporalio/common/lib/time.js';
import type { ChargeRequest } from '../../activities/index.js';
import type { RetryMode, SagaCall } from '../saga/index.js';
import type { Participants } from './checkout.workflow.js';
import { PAYMENT_CONFIRMATION_TIMEOUT } from './failure-types.js';
import type { PaymentEvent } from './messages.js';
import type { OrderTracker } from './order-tracker.js';

/**
 * The charge step, including a card challenge (3-D Secure): a REQUIRES_ACTION charge waits for the
 * provider's webhook or the customer's re-check request, and each of them only makes the workflow
 * read the charge from the provider; the step moves on when it reads SUCCEEDED, and fails when it
 * reads a declined charge or the deadline passes.
 */
export class CardChallenge {
  private readonly timeoutMs: number;
  private deadline: number | undefined;
  private awaitedChargeId: string | undefined;
  private recheckRequested = false;

  constructor(
    private readonly order: OrderTracker,
    private readonly participants: Participants,
    private readonly retries: RetryMode,
    private readonly timeout: Duration,
  ) {
    this.timeoutMs = msToNumber(timeout);
  }

  /** Why a re-check request is refused now; undefined when it is accepted. */
  recheckRefusal(): string | undefined {
    const awaiting = this.order.status === 'AWAITING_PAYMENT_CONFIRMATION';
    // Runs started before re-checks took one confirmation only.
    const alreadyAsked = this.retries === 'workflow' && this.recheckRequested;
    if (!awaiting || alreadyAsked) {
      return `An order that is ${this.order.status} awaits no payment confirmation`;
    }
    return undefined;
  }

  recheck(): void {
    this.recheckRequested = true;
  }

  /**
   * A webhook about this order's charge: worth a read, never proof on its own. It is noted whatever
   * the order's status: a signal and the charge's result can reach the workflow in one task, and
   * a replay may hand them over in another order than the first run did.
   */
  paymentEvent(event: PaymentEvent): void {
    if (this.awaitedChargeId !== undefined && event.chargeId !== this.awaitedChargeId) return;
    this.recheckRequested = true;
  }

  async charge(call: SagaCall, request: ChargeRequest): Promise<void> {
    const result = await this.participants(call).chargePayment(request);
    if (result.status === 'SUCCEEDED') return;
    this.deadline ??= Date.now() + this.timeoutMs;
    if (this.retries === 'workflow') {
      await this.confirmedByActivity(call, result.chargeId, result.nextAction?.url);
      return;
    }
    this.awaitedChargeId = result.chargeId;
    this.order.awaitPaymentConfirmation(new Date(this.deadline), result.nextAction?.url);
    for (;;) {
      await this.untilRecheckRequested();
      this.recheckRequested = false;
      const { status } = await this.participants(call, 'read the charge').getCharge({
        chargeId: result.chargeId,
      });
      if (status === 'SUCCEEDED') return;
      if (status !== 'REQUIRES_ACTION') {
        throw ApplicationFailure.create({
          type: 'PaymentDeclined',
          message: `The card's challenge was not passed: the charge is ${status}`,
          nonRetryable: true,
        });
      }
    }
  }

  private async untilRecheckRequested(): Promise<void> {
    const remaining = (this.deadline ?? 0) - Date.now();
    if (remaining <= 0 || !(await condition(() => this.recheckRequested, remaining))) {
      throw ApplicationFailure.create({
        type: PAYMENT_CONFIRMATION_TIMEOUT,
        message: `The customer did not confirm the payment within ${String(this.timeout)}`,
        nonRetryable: true,
      });
    }
  }

  /** The path of runs started before re-checks: one confirmation, then the confirmPayment activity. */
  private async confirmedByActivity(
    call: SagaCall,
    chargeId: string,
    url: string | undefined,
  ): Promise<void> {
    if (!this.recheckRequested) {
      this.order.awaitPaymentConfirmation(new Date(this.deadline ?? 0), url);
      await this.untilRecheckRequested();
      this.order.moveTo('CHARGING_PAYMENT');
    }
    await this.participants(call).confirmPayment({ chargeId });
  }
}
