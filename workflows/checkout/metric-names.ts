// Shared by the workflow and the activities, which count into the same metric from both sides.

export const COMPENSATIONS_METRIC = {
  name: 'checkout_compensations_total',
  description:
    'Compensations by outcome: completed and resolved_manually once each, failed_attempt per failed attempt',
} as const;
