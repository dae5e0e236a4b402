interface StoredCookie {
  value: string;
  path: string;
}

/** Anything that carries `Set-Cookie` lines: a fetch Response, its Headers, or the lines themselves. */
export type SetCookieSource = Response | Headers | readonly string[];

function setCookieLines(source: SetCookieSource): readonly string[] {
  if (source instanceof Response) return source.headers.getSetCookie();
  if (source instanceof Headers) return source.getSetCookie();
  return source;
}

/**
 * The cookies of one origin, kept as a browser keeps them: each with its Path, deleted by an
 * empty value or `Max-Age=0`, and sent only to the paths they were set for.
 */
export class CookieJar {
  readonly #cookies = new Map<string, StoredCookie>();

  /** Stores (or deletes) what the `Set-Cookie` lines say; returns the values that were stored. */
  take(source: SetCookieSource): string[] {
    const stored: string[] = [];
    for (const line of setCookieLines(source)) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const index = pair.indexOf('=');
      if (index <= 0) continue;
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      const path = attributes.find((attribute) => attribute.toLowerCase().startsWith('path='))?.slice(5) || '/';
      const expired = attributes.some((attribute) => attribute.toLowerCase() === 'max-age=0');
      if (value === '' || expired) this.#cookies.delete(name);
      else {
        this.#cookies.set(name, { value, path });
        stored.push(value);
      }
    }
    return stored;
  }

  /** The `Cookie` header a browser would send to `path` ('' when it would send none). */
  header(path: string): string {
    const pathname = path.split('?')[0] ?? path;
    return this.#pairs(([, cookie]) => pathname.startsWith(cookie.path));
  }

  /**
   * Every cookie whatever its Path, as a hand-made request replaying the whole jar sends them
   * (an attacker's request, not a browser's).
   */
  all(): string {
    return this.#pairs(() => true);
  }

  /** Only the cookies whose name contains `part`, whatever their Path (e.g. `only('refresh')`). */
  only(part: string): string {
    return this.#pairs(([name]) => name.includes(part));
  }

  /** Plants a cookie, as a thief with a copied value would. */
  set(name: string, value: string, path = '/'): void {
    this.#cookies.set(name, { value, path });
  }

  get(name: string): string | undefined {
    return this.#cookies.get(name)?.value;
  }

  /** [name, value] of every cookie held. */
  entries(): [string, string][] {
    return [...this.#cookies].map(([name, cookie]) => [name, cookie.value]);
  }

  #pairs(keep: (entry: [string, StoredCookie]) => boolean): string {
    return [...this.#cookies]
      .filter(keep)
      .map(([name, cookie]) => `${name}=${cookie.value}`)
      .join('; ');
  }
}
