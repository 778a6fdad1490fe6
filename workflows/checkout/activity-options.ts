import { participantCall } from './participant-call.js';

// An adapter aborts each HTTP call after 5 seconds; a compensation makes a lookup and an action.
export const PARTICIPANT_CALL = participantCall('15 seconds');
