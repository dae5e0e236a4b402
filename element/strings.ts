import { t } from '../shared/i18n/index.ts';

/** The element's own sentences; a host replaces any of them (the `strings` property or attributes). */
export interface DevicesStrings {
  /** While asking who is signed in. */
  loading: string;
  /** No session on this device (never signed in, signed out, or ended elsewhere). */
  signedOut: string;
  /** The server could not be reached; a Retry button follows. */
  unreachable: string;
}

/** The element's sentences from the catalog, in the language the element picked (see its module). */
export function defaultStrings(): DevicesStrings {
  return { loading: t.loadingYourDevices, signedOut: t.elementSignedOut, unreachable: t.elementUnreachable };
}

/** The attribute that overrides each string: `signed-out-text="…"`. */
export const STRING_ATTRIBUTES: Record<string, keyof DevicesStrings> = {
  'loading-text': 'loading',
  'signed-out-text': 'signedOut',
  'unreachable-text': 'unreachable',
};

/**
 * `::part` names for the shared UI's elements, by their class: the shared components stay as they
 * are (the dashboard and the popup use them too) and the element names their parts for the page.
 */
export const PARTS_BY_CLASS: Record<string, string> = {
  'sc-session-list': 'list',
  'sc-session': 'session',
  'sc-session-name': 'session-name',
  'sc-session-facts': 'session-facts',
  'sc-badge': 'badge',
  'sc-button': 'button',
  'sc-heading': 'heading',
  'sc-dialog': 'dialog',
  'sc-panel': 'panel',
  'sc-error': 'error',
  'sc-notice': 'notice',
};
