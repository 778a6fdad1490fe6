import { z } from 'zod';
import { safeText } from '../../../lib/nest/index.js';
import { ISO_COUNTRY_CODES } from './country-codes.js';

/** Customer ids travel into visibility queries, so they keep to a small, quote-free alphabet. */
export const CUSTOMER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,63}$/;

export const customerIdSchema = z
  .string({ error: 'must be a string' })
  .regex(CUSTOMER_ID_PATTERN, {
    error: 'must be 1 to 64 letters, digits or _ . : @ - (starting with a letter or digit)',
  })
  .describe('Your id of the customer.')
  .meta({ example: 'cus_123' });

/** Printable text (no control characters), not blank, trimmed, in NFC. */
const text = (max: number) => safeText({ max }).trim();

const orderItemSchema = z.strictObject({
  sku: z
    .string({ error: 'must be a string' })
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, { error: 'must be a SKU such as SKU-001' })
    .meta({ example: 'SKU-001' }),
  quantity: z
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .positive({ error: 'must be at least 1' })
    .max(1000, { error: 'must be at most 1000' })
    .meta({ example: 2 }),
});

const shippingAddressSchema = z
  .strictObject({
    name: text(200).meta({ example: 'Ada' }),
    line1: text(200).meta({ example: '1 Main St' }),
    line2: text(200).optional(),
    city: text(100).meta({ example: 'Springfield' }),
    postalCode: text(20).meta({ example: '12345' }),
    country: z
      .enum(ISO_COUNTRY_CODES, {
        error: 'must be an ISO 3166-1 alpha-2 country code in upper case, such as US',
      })
      .describe('ISO 3166-1 alpha-2 country code.')
      .meta({ example: 'US' }),
  })
  .meta({ id: 'ShippingAddress' });

const itemsSchema = z
  .array(orderItemSchema, { error: 'must be a list of items' })
  .min(1, { error: 'must contain at least one item' })
  .max(50, { error: 'must contain at most 50 items' })
  .superRefine(
    (items, context) => {
      const seen = new Set<unknown>();
      items.forEach((item, index) => {
        // Also runs when some items have bad values, so those errors and duplicates come together.
        const sku = (item as { sku?: unknown } | null)?.sku;
        if (typeof sku !== 'string') return;
        if (seen.has(sku)) {
          context.addIssue({
            code: 'custom',
            path: [index, 'sku'],
            message: `duplicates ${sku}: list each SKU once and set its quantity`,
            input: sku,
          });
        }
        seen.add(sku);
      });
    },
    { when: ({ value }) => Array.isArray(value) },
  )
  .describe('What to buy, each SKU once. Prices come from the catalog, never from the client.');

/** The body of POST /orders: the checkout workflow's input without the ids the API assigns. */
export const orderRequestSchema = z
  .strictObject(
    {
      customerId: customerIdSchema
        .optional()
        .describe('Optional: the token’s subject. When given, it must be that same customer.'),
      items: itemsSchema,
      paymentToken: z
        .string({ error: 'must be a string' })
        .regex(/^[A-Za-z0-9_-]{1,128}$/, { error: 'must be a payment token such as tok_visa' })
        .describe('Token of the payment method from the payment provider.')
        .meta({ example: 'tok_visa' }),
      shippingAddress: shippingAddressSchema,
    },
    { error: (issue) => (issue.code === 'invalid_type' ? 'must be a JSON object' : undefined) },
  )
  .meta({ id: 'OrderRequest' });

export type OrderRequest = z.output<typeof orderRequestSchema>;

/** An order request whose customer is known: the caller's. */
export type PlacedOrderRequest = OrderRequest & { customerId: string };
