/** Keeps the last lines of a process's output, to explain a failure. */
export class RecentLines {
  private readonly lines: string[] = [];

  constructor(private readonly limit: number) {}

  add(text: string): void {
    this.lines.push(...text.split('\n').filter((line) => line.trim() !== ''));
    this.lines.splice(0, Math.max(0, this.lines.length - this.limit));
  }

  text(): string {
    return this.lines.join('\n');
  }
}
