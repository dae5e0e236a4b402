/**
 * The one dialog the session list may have open: a confirmation for each kind of sign-out,
 * worded from one table, or the password prompt when the server wants a recent sign-in.
 */
import type { ApiClient } from '../client/api-client.ts';
import { deviceTitle } from '../format/device.ts';
import type { PublicSession } from '../schemas.ts';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { ReauthDialog } from './ReauthDialog.tsx';
import { t } from '../i18n/index.ts';

/** What the session list is asking the person, if anything. */
export type SessionDialog =
  | { kind: 'confirm-one'; session: PublicSession }
  | { kind: 'confirm-others'; count: number }
  | { kind: 'confirm-current' }
  | { kind: 'reauth'; purpose: string; retry: () => void };

type Confirmation = Exclude<SessionDialog, { kind: 'reauth' }>;

interface Wording {
  title: string;
  message: string;
  confirmLabel: string;
}

const CONFIRMATIONS: { [K in Confirmation['kind']]: (dialog: Extract<Confirmation, { kind: K }>) => Wording } = {
  'confirm-one': ({ session }) => ({
    title: t.confirmSignOutTitle(deviceTitle(session)),
    message: t.confirmSignOutMessage,
    confirmLabel: t.signOut,
  }),
  'confirm-current': () => ({
    title: t.confirmSignOutHereTitle,
    message: t.confirmSignOutHereMessage,
    confirmLabel: t.signOut,
  }),
  'confirm-others': ({ count }) => ({
    title: t.confirmSignOutOthersTitle(count),
    message: t.confirmSignOutOthersMessage,
    confirmLabel: t.signOutAll,
  }),
};

function wordingOf(dialog: Confirmation): Wording {
  // Each entry only ever sees its own kind; TypeScript cannot follow the pairing through an index.
  const word = CONFIRMATIONS[dialog.kind] as (dialog: Confirmation) => Wording;
  return word(dialog);
}

export interface SessionListDialogProps {
  client: ApiClient;
  dialog: SessionDialog | null;
  /** The person confirmed the open confirmation. */
  onConfirm: () => void;
  /** The password was accepted; the action that asked for it runs again. */
  onReauthenticated: () => void;
  onCancel: () => void;
}

/** Renders the open dialog, or nothing. */
export function SessionListDialog({ client, dialog, onConfirm, onReauthenticated, onCancel }: SessionListDialogProps) {
  if (dialog === null) return null;
  if (dialog.kind === 'reauth') {
    const { purpose } = dialog;
    return <ReauthDialog client={client} purpose={purpose} onCancel={onCancel} onReauthenticated={onReauthenticated} />;
  }
  return <ConfirmDialog key={dialog.kind} {...wordingOf(dialog)} onCancel={onCancel} onConfirm={onConfirm} />;
}
