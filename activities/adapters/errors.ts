/** A participant refused the request for a business reason; retrying cannot change the answer. */
export class ParticipantRefusal extends Error {
  override readonly name = 'ParticipantRefusal';

  /**
   * @param code the participant's machine-readable code, e.g. INSUFFICIENT_STOCK
   */
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The participant could not be reached or failed transiently (network, timeout, 5xx, 429). */
export class ParticipantUnavailable extends Error {
  override readonly name = 'ParticipantUnavailable';
}
