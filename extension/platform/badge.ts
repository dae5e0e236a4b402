import { getBrowser } from './browser-api.ts';

/** What the toolbar button shows (background/badge-state.ts decides it). */
export interface BadgeLook {
  text: string;
  colour: string;
  title: string;
}

/** Draws the badge: text ('' hides it), its background colour, and the button's tooltip. */
export async function setBadge(look: BadgeLook): Promise<void> {
  const { action } = getBrowser();
  await action.setBadgeBackgroundColor({ color: look.colour });
  await action.setBadgeText({ text: look.text });
  await action.setTitle({ title: look.title });
}
