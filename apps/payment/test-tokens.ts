/** What a payment token does, like a payment provider's test cards. */
export type TokenBehaviour =
  { status: 'SUCCEEDED' | 'REQUIRES_ACTION' } | { status: 'DECLINED'; declineCode: string };

const TEST_TOKENS = new Map<string, TokenBehaviour>([
  ['tok_visa', { status: 'SUCCEEDED' }],
  ['tok_requiresAction', { status: 'REQUIRES_ACTION' }],
  ['tok_chargeDeclined', { status: 'DECLINED', declineCode: 'card_declined' }],
  ['tok_insufficientFunds', { status: 'DECLINED', declineCode: 'insufficient_funds' }],
]);

/** Any other token is declined as invalid. */
export function behaviourOf(token: string): TokenBehaviour {
  return TEST_TOKENS.get(token) ?? { status: 'DECLINED', declineCode: 'invalid_token' };
}
