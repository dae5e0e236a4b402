import { getBrowser } from './browser-api.ts';

const BADGE_COLOUR = '#2557c9';

/** Shows `text` on the toolbar button ('' hides the badge). */
export async function setBadgeText(text: string): Promise<void> {
  const { action } = getBrowser();
  await action.setBadgeBackgroundColor({ color: BADGE_COLOUR });
  await action.setBadgeText({ text });
}

/** The toolbar button's tooltip: what the badge's number counts. */
export async function setBadgeTitle(title: string): Promise<void> {
  await getBrowser().action.setTitle({ title });
}
