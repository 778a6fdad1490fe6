import {
  COMPENSATION_STUCK,
  CUSTOMER_ID,
  ORDER_STATUS,
} from '../../../workflows/checkout/search-attributes.js';
import type { OrderFilter } from '../orders/order-gateway.js';
import { CHECKOUT_WORKFLOW_TYPE } from './workflow-ids.js';

/**
 * Values a visibility query may quote. The filters are validated before they get here; this is
 * the last line of defence, so a value outside it is a bug and never reaches the server.
 */
const SAFE_LITERAL = /^[A-Za-z0-9_.:@-]{1,64}$/;

/** The visibility query that lists checkout orders matching the filter. */
export function orderListQuery(
  filter: Pick<OrderFilter, 'status' | 'customerId' | 'stuck'>,
): string {
  const clauses = [`WorkflowType = ${literal(CHECKOUT_WORKFLOW_TYPE)}`];
  if (filter.status !== undefined) clauses.push(`${ORDER_STATUS.name} = ${literal(filter.status)}`);
  if (filter.customerId !== undefined) {
    clauses.push(`${CUSTOMER_ID.name} = ${literal(filter.customerId)}`);
  }
  if (filter.stuck === true) clauses.push(`${COMPENSATION_STUCK.name} = true`);
  if (filter.stuck === false) {
    // The workflow sets the attribute only once a compensation gets stuck.
    clauses.push(`(${COMPENSATION_STUCK.name} IS NULL OR ${COMPENSATION_STUCK.name} = false)`);
  }
  return clauses.join(' AND ');
}

function literal(value: string): string {
  if (!SAFE_LITERAL.test(value)) {
    throw new Error(`Refusing to quote ${JSON.stringify(value)} in a visibility query`);
  }
  return `'${value}'`;
}
