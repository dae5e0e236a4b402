/** Writes docs/api.md from the zod schemas (see server/http/api-reference.ts). */
import { writeFileSync } from 'node:fs';
import { renderApiReference } from '../server/http/api-reference.ts';

writeFileSync(new URL('../docs/api.md', import.meta.url), renderApiReference());
