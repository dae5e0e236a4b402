/**
 * Reads a `Retry-After` header (RFC 9110: delay in seconds, or an HTTP date) as whole seconds
 * from `nowMs`. Returns null when the header is absent or unreadable.
 */
export function parseRetryAfter(header: string | null, nowMs: number): number | null {
  if (header === null) return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number.parseInt(value, 10);
  const dateMs = Date.parse(value);
  if (Number.isNaN(dateMs)) return null;
  return Math.max(0, Math.ceil((dateMs - nowMs) / 1000));
}
