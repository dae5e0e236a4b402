/**
 * The revoker's side of an invalidation: which instances it waits for, and who has answered.
 * Acknowledgements may arrive before the revoker has read the list of live leases, so they are
 * recorded from the moment the invalidation is opened.
 */
interface Pending {
  acked: Set<string>;
  waitingFor: Set<string> | null;
  settle: (() => void) | null;
}

export class AckBook {
  private readonly pending = new Map<string, Pending>();

  open(id: string): void {
    this.pending.set(id, { acked: new Set(), waitingFor: null, settle: null });
  }

  close(id: string): void {
    this.pending.delete(id);
  }

  /** An instance acknowledged invalidation `id`. */
  acknowledge(id: string, instanceId: string): void {
    const entry = this.pending.get(id);
    if (entry === undefined) return;
    entry.acked.add(instanceId);
    entry.waitingFor?.delete(instanceId);
    if (entry.waitingFor?.size === 0) entry.settle?.();
  }

  /** Sets whom to wait for; returns those that have not answered yet. */
  expect(id: string, instanceIds: readonly string[]): Set<string> {
    const entry = this.pending.get(id);
    if (entry === undefined) throw new Error(`invalidation ${id} is not open`);
    entry.waitingFor = new Set(instanceIds.filter((instance) => !entry.acked.has(instance)));
    return entry.waitingFor;
  }

  /** Resolves when everyone expected has answered, or after `timeoutMs` (true: all answered). */
  wait(id: string, timeoutMs: number): Promise<boolean> {
    const entry = this.pending.get(id);
    if (entry === undefined || entry.waitingFor === null) throw new Error(`invalidation ${id} expects no one yet`);
    if (entry.waitingFor.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        entry.settle = null;
        resolve(entry.waitingFor?.size === 0);
      }, timeoutMs);
      entry.settle = () => {
        clearTimeout(timer);
        entry.settle = null;
        resolve(true);
      };
    });
  }

  /** Those expected that have not answered (the set the revoker must fence). */
  missing(id: string): string[] {
    return [...(this.pending.get(id)?.waitingFor ?? [])];
  }
}
