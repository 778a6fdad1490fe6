/**
 * When a part of the system was down on purpose (a killed worker, a restarting participant), and
 * a grace period after it came back: a 503 from the API is expected then, and only then.
 */
export class OutageLog {
  private readonly periods: { part: string; start: number; end: number }[] = [];

  constructor(private readonly graceMs: number) {}

  /** Marks the part down from now; the returned function marks it back up. */
  begin(part: string): () => void {
    const period = { part, start: Date.now(), end: Number.POSITIVE_INFINITY };
    this.periods.push(period);
    return () => {
      period.end = Date.now();
    };
  }

  /** Whether a request sent at `from` and answered at `to` overlapped an outage (or its grace). */
  overlaps(from: number, to: number): boolean {
    return this.periods.some(({ start, end }) => from <= end + this.graceMs && to >= start);
  }
}
