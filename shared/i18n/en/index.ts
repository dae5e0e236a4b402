/** The English catalog, the source every other language has the same keys as. */
import { account } from './account.ts';
import { devices } from './devices.ts';
import { extension } from './extension.ts';
import { messages } from './messages.ts';

export const en = { ...account, ...devices, ...messages, ...extension };
