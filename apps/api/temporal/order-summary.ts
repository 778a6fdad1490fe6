import type { RawWorkflowExecutionInfo } from '@temporalio/client';
import { decodeTypedSearchAttributes } from '@temporalio/common/lib/converter/payload-search-attributes.js';
import { optionalTsToDate } from '@temporalio/common/lib/time.js';
import { CUSTOMER_ID, ORDER_TOTAL } from '../../../workflows/checkout/search-attributes.js';
import type { OrderSummary } from '../orders/order-gateway.js';
import { orderStatusIn } from './order-status.js';
import { orderIdOf } from './workflow-ids.js';

/** An order as visibility knows it: from the search attributes the workflow keeps current. */
export function toOrderSummary(execution: RawWorkflowExecutionInfo): OrderSummary {
  const attributes = decodeTypedSearchAttributes(execution.searchAttributes?.indexedFields);
  const total = attributes.get(ORDER_TOTAL);
  const closedAt = optionalTsToDate(execution.closeTime);
  return {
    orderId: orderIdOf(execution.execution?.workflowId ?? ''),
    status: orderStatusIn(attributes),
    customerId: attributes.get(CUSTOMER_ID) ?? '',
    ...(total === undefined ? {} : { totalAmount: total }),
    createdAt: (optionalTsToDate(execution.startTime) ?? new Date(0)).toISOString(),
    // Visibility knows no later change than the saga's end.
    ...(closedAt ? { updatedAt: closedAt.toISOString() } : {}),
  };
}
