// Failed sign-ins per client address in a sliding window: an address that keeps guessing is told to wait, whatever
// login it tries (the per-account lock-out in the store covers one login guessed from many addresses).

export class LoginRateLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  /** Seconds to wait before the next attempt from this address, or 0 if it may try now. */
  retryAfterSeconds(address: string, now: Date): number {
    const recent = this.recent(address, now);
    if (recent.length < this.max) return 0;
    return Math.max(1, Math.ceil((recent[0]! + this.windowMs - now.getTime()) / 1000));
  }

  recordFailure(address: string, now: Date): void {
    const recent = this.recent(address, now);
    recent.push(now.getTime());
    this.failures.set(address, recent);
    if (this.failures.size > 10_000) this.prune(now);
  }

  private recent(address: string, now: Date): number[] {
    const since = now.getTime() - this.windowMs;
    return (this.failures.get(address) ?? []).filter((t) => t > since);
  }

  private prune(now: Date): void {
    for (const address of [...this.failures.keys()]) {
      if (this.recent(address, now).length === 0) this.failures.delete(address);
    }
  }
}
