/** Sign in, or create an account, with errors in words under the field they concern. */
import { useId, useState } from 'preact/hooks';
import type { ApiClient } from '../client/api-client.ts';
import type { AuthResponse } from '../schemas.ts';
import { PASSWORD_MIN_LENGTH } from '../schemas.ts';
import { describeError } from '../format/error-message.ts';
import { fieldOf } from '../format/field-error.ts';
import type { FormField } from '../format/field-error.ts';
import { TextField } from './TextField.tsx';
import { ErrorAlert } from './ErrorAlert.tsx';
import { ForgotPassword } from './ForgotPassword.tsx';
import { t } from '../i18n/index.ts';

export type SignInMode = 'sign-in' | 'sign-up';

export interface SignInFormProps {
  client: ApiClient;
  onSignedIn: (result: AuthResponse) => void;
  /** Offer "Create an account". */
  allowSignUp?: boolean;
  /** Shown above the form, e.g. "Your session has ended. Sign in again." */
  message?: string | null;
  /** Whether `message` is good news ("You have signed out.") rather than a warning. */
  messageTone?: 'success' | 'warning';
  /** The form to open with (the dashboard's /signup opens on sign-up). */
  initialMode?: SignInMode;
  /** The server's name, said in "Create an account on 127.0.0.1:3000" (the popup's). */
  serverName?: string;
  /** Create accounts on this page instead (the popup links to the server's /signup). */
  signUpHref?: string;
  /** The mode changed (the dashboard moves between /signin and /signup). */
  onModeChange?: (mode: SignInMode) => void;
}

interface FormError {
  field: FormField | null;
  message: string;
}

export function SignInForm(props: SignInFormProps) {
  const { client, onSignedIn, allowSignUp = true, message = null, messageTone = 'warning', serverName } = props;
  const [mode, setMode] = useState<SignInMode>(props.initialMode ?? 'sign-in');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FormError | null>(null);
  const headingId = useId();
  const errorId = useId();
  const signingUp = mode === 'sign-up';

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    if (busy) return;
    if (email.trim() === '') return setError({ field: 'email', message: t.enterEmail });
    if (password === '') return setError({ field: 'password', message: t.enterPassword });
    if (signingUp && password.length < PASSWORD_MIN_LENGTH) {
      return setError({
        field: 'password',
        message: t.choosePassword(PASSWORD_MIN_LENGTH),
      });
    }
    setBusy(true);
    setError(null);
    const request = { email: email.trim(), password };
    const result = signingUp ? await client.signUp(request) : await client.signIn(request);
    setBusy(false);
    if (result.data) {
      setPassword('');
      onSignedIn(result.data);
    } else {
      setError(fieldOf(result.error, describeError(result.error, signingUp ? 'sign-up' : 'sign-in')));
    }
  }

  function switchMode(): void {
    const next = signingUp ? 'sign-in' : 'sign-up';
    setMode(next);
    setError(null);
    props.onModeChange?.(next);
  }

  const errorAt = (field: FormField | null) =>
    error !== null && error.field === field ? <ErrorAlert message={error.message} id={errorId} /> : null;
  const invalidId = (field: FormField) => (error?.field === field ? errorId : undefined);

  return (
    <section class="sc-sign-in" aria-labelledby={headingId}>
      <h1 id={headingId} class="sc-heading">
        {signingUp ? t.createYourAccount : t.signIn}
      </h1>
      {message ? (
        <p
          class={messageTone === 'success' ? 'sc-success' : 'sc-notice'}
          role={messageTone === 'success' ? 'status' : 'alert'}
        >
          {message}
        </p>
      ) : null}
      <form class="sc-form" onSubmit={submit} noValidate>
        <TextField
          label={t.email}
          type="email"
          name="email"
          autocomplete="email"
          value={email}
          onValue={setEmail}
          errorId={invalidId('email')}
        />
        {errorAt('email')}
        <TextField
          label={t.password}
          type="password"
          name="password"
          autocomplete={signingUp ? 'new-password' : 'current-password'}
          value={password}
          onValue={setPassword}
          minLength={signingUp ? PASSWORD_MIN_LENGTH : undefined}
          hint={signingUp ? t.atLeastCharacters(PASSWORD_MIN_LENGTH) : undefined}
          errorId={invalidId('password')}
        />
        {errorAt('password')}
        {errorAt(null)}
        <button type="submit" class="sc-button sc-button-primary" disabled={busy}>
          {busy ? (signingUp ? t.creatingAccount : t.signingIn) : signingUp ? t.createAccount : t.signIn}
        </button>
      </form>
      {signingUp ? null : <ForgotPassword />}
      {allowSignUp && props.signUpHref && !signingUp ? (
        <p class="sc-switch">
          {t.newHere}{' '}
          <a href={props.signUpHref} target="_blank" rel="noopener noreferrer">
            {t.createAccountOn(serverName ?? new URL(props.signUpHref).host)}
          </a>
        </p>
      ) : null}
      {allowSignUp && !props.signUpHref ? (
        <p class="sc-switch">
          {signingUp ? t.alreadyHaveAccount : t.newHere}{' '}
          <button type="button" class="sc-link-button" onClick={switchMode}>
            {signingUp ? t.signInInstead : serverName ? t.createAccountOn(serverName) : t.createAnAccount}
          </button>
        </p>
      ) : null}
    </section>
  );
}
