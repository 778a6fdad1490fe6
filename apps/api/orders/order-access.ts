import { Forbidden } from '../auth/auth-problems.js';
import { hasRole, type Principal } from '../auth/principal.js';
import type { OrderScope } from './order-gateway.js';
import type { ListOrdersQuery } from './order-query.schemas.js';

/** What the principal may read: every order for an operator, a customer's own otherwise. */
export function readScope(principal: Principal): OrderScope {
  return hasRole(principal, 'operator') ? {} : { customerId: principal.id };
}

/** Acting on an order as its customer (cancel, payment re-check): the owner only. */
export function ownerScope(principal: Principal): OrderScope {
  if (!hasRole(principal, 'customer')) {
    throw new Forbidden('Only the customer who placed the order can do this');
  }
  return { customerId: principal.id };
}

/** The customer an order is placed for: the caller, whether or not the body names it. */
export function customerPlacing(principal: Principal, bodyCustomerId: string | undefined): string {
  if (bodyCustomerId !== undefined && bodyCustomerId !== principal.id) {
    throw new Forbidden('customerId must be your own (the token’s subject), or be left out');
  }
  return principal.id;
}

/** The list filter the principal may use: a customer's list holds its own orders only. */
export function listFilterFor(principal: Principal, query: ListOrdersQuery): ListOrdersQuery {
  if (hasRole(principal, 'operator')) return query;
  if (query.stuck !== undefined) throw new Forbidden('Only operators filter by stuck');
  if (query.customerId !== undefined && query.customerId !== principal.id) {
    throw new Forbidden('Customers list their own orders only');
  }
  return { ...query, customerId: principal.id };
}
