import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Kept current by the workflow so the Web UI and the API can filter orders. */
export const ORDER_STATUS = defineSearchAttributeKey('OrderStatus', SearchAttributeType.KEYWORD);
export const CUSTOMER_ID = defineSearchAttributeKey('CustomerId', SearchAttributeType.KEYWORD);
export const ORDER_TOTAL = defineSearchAttributeKey('OrderTotal', SearchAttributeType.DOUBLE);
/** True while a compensation of the order is stuck; operators list these orders. */
export const COMPENSATION_STUCK = defineSearchAttributeKey(
  'CompensationStuck',
  SearchAttributeType.BOOL,
);

export const ORDER_SEARCH_ATTRIBUTES = [
  ORDER_STATUS,
  CUSTOMER_ID,
  ORDER_TOTAL,
  COMPENSATION_STUCK,
] as const;
