/** Der deutsche Katalog: dieselben Schlüssel wie der englische (en/index.ts), ein Fehlen ist ein Typfehler. */
import type { Catalog } from '../catalog.ts';
import { account } from './account.ts';
import { devices } from './devices.ts';
import { extension } from './extension.ts';
import { messages } from './messages.ts';

export const de: Catalog = { ...account, ...devices, ...messages, ...extension };
