import { z } from 'zod';

/** What every compensation answers, besides the id it was called with. */
export const undoOutcome = z.object({
  status: z.string().nullable().describe('The status after the call; null for an unknown id.'),
  outcome: z.enum(['UNDONE', 'ALREADY_UNDONE', 'NOTHING_TO_UNDO']),
});
