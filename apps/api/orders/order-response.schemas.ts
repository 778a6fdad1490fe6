import { z } from 'zod';
import { ORDER_STATUSES } from '../../../workflows/checkout/order.js';
import type { OrderState } from '../../../workflows/checkout/order-state.js';
import type { Assert, Same } from '../openapi/same-shape.js';
import type { AcceptedOrder, OrderPage } from './order-gateway.js';
import type { OrderEventList } from './order-read-model.js';

// Documentation of the responses, held to the types the workflow and the gateway return by the
// assertions at the end.

const isoTime = z.string().describe('ISO-8601 time.').meta({ example: '2025-01-31T12:00:00.000Z' });
const orderStatus = z.enum(ORDER_STATUSES).meta({ id: 'OrderStatus' });

const orderId = z.string().meta({ example: 'ord_4f1c2b9e8d7a6b5c4d3e2f1a0b9c8d7e' });

const money = z
  .object({
    amount: z.number().int().describe('Integer minor units (cents).').meta({ example: 49800 }),
    currency: z.string().meta({ example: 'USD' }),
  })
  .meta({ id: 'Money' });

const orderItem = z.object({ sku: z.string(), quantity: z.number().int() });
const pricedItem = orderItem
  .extend({ unitPrice: z.number().int().describe('Catalog price in minor units.') })
  .meta({ id: 'PricedItem' });

const attemptError = z
  .object({ attempt: z.number().int(), at: isoTime, type: z.string(), message: z.string() })
  .meta({ id: 'AttemptError' });

/** What steps and compensations record of their attempts. */
const attemptFields = {
  attempts: z.number().int().describe('Attempts so far, with the server’s retries.'),
  activityId: z.string().optional().describe('The activity running it now.'),
  lastError: z.string().optional().describe('The latest failure, while it retries.'),
  nextAttemptAt: isoTime.optional().describe('When the next attempt starts, while it retries.'),
  errors: z.array(attemptError).describe('The most recent failed attempts, oldest first.'),
};

const stepRecord = z
  .object({
    name: z.string().meta({ example: 'reserveInventory' }),
    kind: z.enum(['compensatable', 'pivot', 'retriable']),
    status: z.enum(['RUNNING', 'RETRYING', 'COMPLETED', 'FAILED', 'CANCELLED']),
    startedAt: isoTime,
    finishedAt: isoTime.optional(),
    ...attemptFields,
  })
  .meta({ id: 'StepRecord' });

const compensationRecord = z
  .object({
    name: z.string().meta({ example: 'releaseReservation' }),
    step: z.string().describe('The step it undoes.'),
    status: z
      .enum(['PENDING', 'RUNNING', 'RETRYING', 'COMPLETED', 'RESOLVED_MANUALLY'])
      .describe('RESOLVED_MANUALLY: an operator undid the effect by hand outside the system.'),
    startedAt: isoTime.optional(),
    finishedAt: isoTime.optional(),
    stuck: z
      .literal(true)
      .optional()
      .describe('Failing for longer than COMPENSATION_STUCK_AFTER: an operator should look.'),
    ...attemptFields,
  })
  .meta({ id: 'CompensationRecord' });

const auditEntry = z
  .object({
    action: z.enum(['retry', 'resolve']),
    compensation: z.string().meta({ example: 'refundPayment' }),
    by: z.string().describe('The operator.').meta({ example: 'ops_1' }),
    reason: z.string().optional(),
    at: isoTime,
  })
  .meta({ id: 'AuditEntry' });

const paymentAction = z
  .object({
    url: z.string().describe('Where the customer passes the card’s challenge.'),
    expiresAt: isoTime.describe('The payment step fails when the challenge is not passed by then.'),
  })
  .meta({ id: 'PaymentAction' });

const orderFailure = z
  .object({
    step: z.string().meta({ example: 'chargePayment' }),
    code: z.string().meta({ example: 'PAYMENT_DECLINED' }),
    message: z.string(),
  })
  .meta({ id: 'OrderFailure' });

export const orderStateSchema = z
  .object({
    orderId,
    status: orderStatus,
    customerId: z.string().meta({ example: 'cus_123' }),
    items: z.array(z.union([pricedItem, orderItem])).describe('Priced once inventory is reserved.'),
    total: money.optional(),
    steps: z.array(stepRecord),
    compensations: z
      .array(compensationRecord)
      .describe('The rollback, in the order it runs; empty unless the saga unwinds.'),
    failure: orderFailure.optional().describe('Why the saga unwound.'),
    paymentConfirmationDeadline: isoTime
      .optional()
      .describe('While AWAITING_PAYMENT_CONFIRMATION: until when the customer may confirm.'),
    paymentAction: paymentAction
      .optional()
      .describe('While AWAITING_PAYMENT_CONFIRMATION: where and until when to pass the challenge.'),
    audit: z
      .array(auditEntry)
      .optional()
      .describe('Operators’ actions on compensations, oldest first.'),
    trackingNumber: z.string().optional(),
  })
  .meta({ id: 'OrderState' });

export const acceptedOrderSchema = z
  .object({ orderId, status: orderStatus })
  .meta({ id: 'AcceptedOrder' });

const orderSummary = z
  .object({
    orderId,
    status: orderStatus,
    customerId: z.string(),
    totalAmount: z.number().int().optional().describe('Integer minor units, once priced.'),
    currency: z.string().optional().meta({ example: 'USD' }),
    createdAt: isoTime,
    updatedAt: isoTime
      .optional()
      .describe('When the order last changed (in stuck lists: when its saga ended, if it has).'),
  })
  .meta({ id: 'OrderSummary' });

export const orderPageSchema = z
  .object({
    orders: z.array(orderSummary).describe('Newest first.'),
    nextPageToken: z
      .string()
      .nullable()
      .describe('Pass it as pageToken for the next page; null on the last page.'),
  })
  .meta({ id: 'OrderPage' });

const cloudEvent = z
  .object({
    specversion: z.string().meta({ example: '1.0' }),
    id: z.string().meta({ example: 'ord_4f1c2b9e8d7a6b5c4d3e2f1a0b9c8d7e:checkout.order.placed' }),
    source: z.string().meta({ example: '/checkout/worker' }),
    type: z.string().meta({ example: 'checkout.order.placed' }),
    subject: z.string().optional().describe('The orderId.'),
    time: isoTime.optional(),
    datacontenttype: z.string().optional().meta({ example: 'application/json' }),
    dataschema: z.string().optional(),
    data: z
      .unknown()
      .optional()
      .describe('Always holds the orderId; never payment or address data.'),
  })
  .describe('A CloudEvents 1.0 event in JSON structured mode.')
  .meta({ id: 'OrderDomainEvent' });

export const orderEventListSchema = z
  .object({ events: z.array(cloudEvent).describe('By event time, then arrival.') })
  .meta({ id: 'OrderEventList' });

export type OrderStateDocumented = Assert<Same<z.output<typeof orderStateSchema>, OrderState>>;
export type AcceptedOrderDocumented = Assert<
  Same<z.output<typeof acceptedOrderSchema>, AcceptedOrder>
>;
export type OrderPageDocumented = Assert<Same<z.output<typeof orderPageSchema>, OrderPage>>;
export type OrderEventListDocumented = Assert<
  Same<z.output<typeof orderEventListSchema>, OrderEventList>
>;
