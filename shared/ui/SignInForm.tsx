/** Sign in, or create an account, with errors in words. */
import { useId, useState } from 'preact/hooks';
import type { ApiClient } from '../client/api-client.ts';
import type { AuthResponse } from '../schemas.ts';
import { PASSWORD_MIN_LENGTH } from '../schemas.ts';
import { describeError } from '../format/error-message.ts';
import { TextField } from './TextField.tsx';
import { ErrorAlert } from './ErrorAlert.tsx';

export interface SignInFormProps {
  client: ApiClient;
  onSignedIn: (result: AuthResponse) => void;
  /** Offer "Create an account". */
  allowSignUp?: boolean;
  /** Shown above the form, e.g. "Your session has ended. Sign in again." */
  message?: string | null;
}

export function SignInForm({ client, onSignedIn, allowSignUp = true, message = null }: SignInFormProps) {
  const [mode, setMode] = useState<'sign-in' | 'sign-up'>('sign-in');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const headingId = useId();
  const errorId = useId();
  const signingUp = mode === 'sign-up';

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    if (busy) return;
    if (email.trim() === '' || password === '') {
      setError('Enter your email and password.');
      return;
    }
    if (signingUp && password.length < PASSWORD_MIN_LENGTH) {
      setError(`Choose a password of at least ${PASSWORD_MIN_LENGTH} characters.`);
      return;
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
      setError(describeError(result.error, signingUp ? 'sign-up' : 'sign-in'));
    }
  }

  function switchMode(): void {
    setMode(signingUp ? 'sign-in' : 'sign-up');
    setError(null);
  }

  return (
    <section class="sc-sign-in" aria-labelledby={headingId}>
      <h1 id={headingId} class="sc-heading">
        {signingUp ? 'Create your account' : 'Sign in'}
      </h1>
      {message ? (
        <p class="sc-notice" role="alert">
          {message}
        </p>
      ) : null}
      <form class="sc-form" onSubmit={submit} noValidate aria-describedby={error ? errorId : undefined}>
        <TextField label="Email" type="email" name="email" autocomplete="email" value={email} onValue={setEmail} />
        <TextField
          label="Password"
          type="password"
          name="password"
          autocomplete={signingUp ? 'new-password' : 'current-password'}
          value={password}
          onValue={setPassword}
          minLength={signingUp ? PASSWORD_MIN_LENGTH : undefined}
          hint={signingUp ? `At least ${PASSWORD_MIN_LENGTH} characters.` : undefined}
        />
        <ErrorAlert message={error} id={errorId} />
        <button type="submit" class="sc-button sc-button-primary" disabled={busy}>
          {busy ? (signingUp ? 'Creating account…' : 'Signing in…') : signingUp ? 'Create account' : 'Sign in'}
        </button>
      </form>
      {allowSignUp ? (
        <p class="sc-switch">
          {signingUp ? 'Already have an account? ' : 'New here? '}
          <button type="button" class="sc-link-button" onClick={switchMode}>
            {signingUp ? 'Sign in instead' : 'Create an account'}
          </button>
        </p>
      ) : null}
    </section>
  );
}
