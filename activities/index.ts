export { createActivities, type CheckoutActivities } from './checkout-activities.js';
export type * from './adapters/ports.js';
export { ParticipantRefusal, ParticipantUnavailable } from './adapters/errors.js';
export { LogNotificationAdapter } from './adapters/log-notification.js';
