/**
 * The popup's first run, and its answer to a server that does not answer: ask which Session
 * Control server, right here, with one primary "Check" button (not "check your connection" and a
 * small Settings link). A server that answers is saved and the popup opens on it.
 */
import { useId, useState } from 'preact/hooks';
import { parseServerOrigin } from '../options/parse-server-origin.ts';
import type { PopupDeps } from './popup-deps.ts';
import { t } from '../../shared/i18n/index.ts';

export interface ServerSetupProps {
  deps: PopupDeps;
  /** The server the extension uses now. */
  origin: string;
  /** Why the popup asks: nothing answered there, or the extension may not reach it yet. */
  reason: 'unreachable' | 'no-access';
}

/** "localhost:3100" is meant as http://localhost:3100: add the scheme a person leaves out. */
function withScheme(input: string): string {
  const trimmed = input.trim();
  return trimmed === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
}

export function ServerSetup({ deps, origin, reason }: ServerSetupProps) {
  const [input, setInput] = useState(origin);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();
  const host = new URL(origin).host;

  function check(event: Event): void {
    event.preventDefault();
    const parsed = parseServerOrigin(withScheme(input));
    if (!parsed.ok) {
      setError(parsed.message);
      return;
    }
    const target = parsed.origin;
    // Asked before any await: the permission prompt needs the click's user gesture.
    const access = deps.requestHostAccess(target).catch(() => false);
    setBusy(true);
    setError(null);
    void (async () => {
      if (!(await access)) {
        setBusy(false);
        setError(t.needsPermission(new URL(target).host));
        return;
      }
      const health = await deps.createClient(target).health();
      if (health.data) {
        await deps.storage.setServerOrigin(target);
        await deps.requestBadgeRefresh();
        deps.reload();
        return;
      }
      setBusy(false);
      setError(
        health.error.code === 'NETWORK_ERROR'
          ? t.nothingAnswers(new URL(target).host)
          : t.notSessionControl(new URL(target).host),
      );
    })();
  }

  return (
    <section class="sc-server-setup" aria-labelledby={`${inputId}-heading`}>
      <h2 id={`${inputId}-heading`} class="sc-heading">
        {t.whichServer}
      </h2>
      <p class="sc-hint">{reason === 'no-access' ? t.setupNoAccess(host) : t.setupUnreachable(host)}</p>
      <form class="sc-form" onSubmit={check} noValidate>
        <label class="sc-label" for={inputId}>
          {t.serverAddress}
        </label>
        <input
          id={inputId}
          class="sc-input"
          type="url"
          name="server-origin"
          inputMode="url"
          spellcheck={false}
          aria-describedby={[hintId, error ? errorId : null].filter(Boolean).join(' ')}
          aria-invalid={error ? 'true' : undefined}
          value={input}
          onInput={(event) => setInput(event.currentTarget.value)}
        />
        <p id={hintId} class="sc-hint">
          {t.serverExample}
        </p>
        {error ? (
          <p id={errorId} class="sc-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" class="sc-button sc-button-primary" disabled={busy}>
          {busy ? t.checking : t.check}
        </button>
      </form>
    </section>
  );
}
