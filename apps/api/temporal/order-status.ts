import type { TypedSearchAttributes } from '@temporalio/common';
import { ORDER_STATUSES, type OrderStatus } from '../../../workflows/checkout/order.js';
import { ORDER_STATUS } from '../../../workflows/checkout/search-attributes.js';

/** The status the workflow last published; PENDING until it has published one. */
export function orderStatusIn(attributes: TypedSearchAttributes): OrderStatus {
  const value = attributes.get(ORDER_STATUS);
  return ORDER_STATUSES.find((status) => status === value) ?? 'PENDING';
}
