/**
 * Runs per-document work after a change: at once after a pause, or once typing pauses
 * for `delayMs` during a burst. (The same rhythm as diagnostics, so evaluation follows
 * validation keystroke for keystroke.)
 */
export class TypingScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly lastChange = new Map<string, number>();

  constructor(
    private readonly delayMs: number,
    private readonly run: (uri: string) => void,
  ) {}

  schedule(uri: string): void {
    const now = Date.now();
    const busy = now - (this.lastChange.get(uri) ?? 0) < this.delayMs || this.timers.has(uri);
    this.lastChange.set(uri, now);
    clearTimeout(this.timers.get(uri));
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        this.run(uri);
      }, busy ? this.delayMs : 0),
    );
  }

  forget(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.lastChange.delete(uri);
  }
}
