/** Token of the ParticipantsConfig: where GET /health finds the saga's participants. */
export const PARTICIPANTS_CONFIG = Symbol('ParticipantsConfig');
