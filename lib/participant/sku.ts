import { z } from 'zod';

/** A catalog SKU such as SKU-001. */
export const skuField = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'must be a SKU such as SKU-001');
