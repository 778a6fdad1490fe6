/** What the participants promise: a repeat with the same idempotency key gets the first outcome. */
export class OncePerKey {
  private readonly outcomes = new Map<string, Promise<unknown>>();

  run<T>(key: string, effect: () => T): Promise<T> {
    let outcome = this.outcomes.get(key) as Promise<T> | undefined;
    if (outcome === undefined) {
      outcome = Promise.resolve().then(effect);
      this.outcomes.set(key, outcome);
    }
    return outcome;
  }
}
