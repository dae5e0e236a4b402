/** The shape every language's catalog has: English's (en/index.ts) is the source. */
import type { en } from './en/index.ts';

export type Catalog = typeof en;

/** The languages that ship complete. */
export type Locale = 'en' | 'de';
