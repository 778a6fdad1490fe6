/**
 * The event ids handled lately. A replay older than the signature tolerance is refused as stale,
 * so remembering ids a little longer than that is enough to deliver each event once.
 */
export class SeenEvents {
  private readonly seenAt = new Map<string, number>();

  constructor(
    private readonly retainMs: number,
    private readonly maxEntries = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Claims the id; false when it was claimed within the retention time. */
  claim(id: string): boolean {
    this.forgetOld();
    if (this.seenAt.has(id)) return false;
    this.seenAt.set(id, this.now());
    return true;
  }

  /** Gives the id up again: its delivery failed and the provider will retry it. */
  release(id: string): void {
    this.seenAt.delete(id);
  }

  private forgetOld(): void {
    const cutoff = this.now() - this.retainMs;
    // Map iteration follows insertion order: the oldest come first.
    for (const [id, at] of this.seenAt) {
      if (at >= cutoff && this.seenAt.size < this.maxEntries) break;
      this.seenAt.delete(id);
    }
  }
}
