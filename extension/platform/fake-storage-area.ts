import type { StorageAreaLike } from './extension-storage.ts';

/** An in-memory stand-in for one `browser.storage` area, for tests; values are copied as the real one does. */
export class FakeStorageArea implements StorageAreaLike {
  readonly items = new Map<string, unknown>();

  async get(keys: string | string[]): Promise<Record<string, unknown>> {
    const result: Record<string, unknown> = {};
    for (const key of typeof keys === 'string' ? [keys] : keys) {
      if (this.items.has(key)) result[key] = structuredClone(this.items.get(key));
    }
    return result;
  }

  async set(items: Record<string, unknown>): Promise<void> {
    for (const [key, value] of Object.entries(items)) this.items.set(key, structuredClone(value));
  }

  async remove(keys: string | string[]): Promise<void> {
    for (const key of typeof keys === 'string' ? [keys] : keys) this.items.delete(key);
  }
}
