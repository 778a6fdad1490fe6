export const ROLES = ['customer', 'operator'] as const;
export type Role = (typeof ROLES)[number];

/** Who made a request, from its verified bearer token. */
export interface Principal {
  /** The token's `sub`: a customer's customerId, an operator's id. */
  id: string;
  roles: readonly Role[];
}

export function hasRole(principal: Principal, role: Role): boolean {
  return principal.roles.includes(role);
}
