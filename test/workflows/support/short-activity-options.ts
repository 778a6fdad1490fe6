import { participantCall } from '../../../workflows/checkout/participant-call.js';

// Bundled in place of workflows/checkout/activity-options.ts: the test server's clock stands still
// while an activity runs, so a lost result costs its full timeout in wall time.
export const PARTICIPANT_CALL = participantCall('2 seconds');
