import { useEffect, useId, useState } from 'preact/hooks';
import { DEFAULT_SERVER_ORIGIN } from '../platform/extension-storage.ts';
import type { OptionsDeps } from './options-deps.ts';
import { parseServerOrigin } from './parse-server-origin.ts';
import { t } from '../../shared/i18n/index.ts';

type Status =
  | { kind: 'idle' }
  | { kind: 'working'; text: string }
  | { kind: 'ok'; text: string }
  | { kind: 'error'; text: string };

const STATUS_CLASSES: Record<Status['kind'], string> = {
  idle: 'sc-live',
  working: 'sc-hint',
  ok: 'sc-success',
  error: 'sc-error',
};

export interface OptionsProps {
  deps: OptionsDeps;
}

/** The settings page: which Session Control server the extension talks to. */
export function Options({ deps }: OptionsProps) {
  const inputId = useId();
  const hintId = useId();
  const [input, setInput] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });

  useEffect(() => {
    void deps.storage.getServerOrigin().then((origin) => {
      setSaved(origin);
      setInput(origin);
    });
  }, [deps]);

  async function checkServer(origin: string): Promise<void> {
    setStatus({ kind: 'working', text: t.checkingServer(origin) });
    const health = await deps.createClient(origin).health();
    if (health.data) {
      setStatus({ kind: 'ok', text: t.savedAndUp(origin) });
    } else if (health.error.code === 'NETWORK_ERROR') {
      setStatus({ kind: 'error', text: t.savedUnreachable(origin) });
    } else {
      setStatus({ kind: 'error', text: t.savedNotSessionControl(origin, health.error.status) });
    }
  }

  function save(event: Event): void {
    event.preventDefault();
    const parsed = parseServerOrigin(input);
    if (!parsed.ok) {
      setStatus({ kind: 'error', text: parsed.message });
      return;
    }
    const { origin } = parsed;
    // Asked before any await: the permission prompt needs the click's user gesture.
    const access = deps.requestHostAccess(origin);
    setStatus({ kind: 'working', text: t.askingAccess(origin) });
    void (async () => {
      let granted = false;
      try {
        granted = await access;
      } catch {
        granted = false;
      }
      if (!granted) {
        setStatus({ kind: 'error', text: t.notSavedPermission(origin) });
        return;
      }
      await deps.storage.setServerOrigin(origin);
      setSaved(origin);
      setInput(origin);
      await deps.requestBadgeRefresh();
      await checkServer(origin);
    })();
  }

  return (
    <main class="sc-options">
      <h1 class="sc-heading">{t.settingsTitle}</h1>
      <form class="sc-form" onSubmit={save} noValidate>
        <label class="sc-label" for={inputId}>
          {t.serverAddress}
        </label>
        <input
          id={inputId}
          class="sc-input"
          type="url"
          name="server-origin"
          inputMode="url"
          autocomplete="url"
          spellcheck={false}
          aria-describedby={hintId}
          aria-invalid={status.kind === 'error' ? 'true' : undefined}
          value={input}
          onInput={(event) => setInput(event.currentTarget.value)}
        />
        <p id={hintId} class="sc-hint">
          {t.optionsHint(DEFAULT_SERVER_ORIGIN)}
          {saved ? t.nowUsing(saved) : null}
        </p>
        <div class="sc-options-actions">
          <button type="submit" class="sc-button sc-button-primary" disabled={status.kind === 'working'}>
            {t.saveAndTest}
          </button>
          <button type="button" class="sc-link-button" onClick={() => setInput(DEFAULT_SERVER_ORIGIN)}>
            {t.useDefault(DEFAULT_SERVER_ORIGIN)}
          </button>
        </div>
        {/* Good news in the success style; an idle status takes no room (no empty strip). */}
        <p
          class={STATUS_CLASSES[status.kind]}
          role={status.kind === 'error' ? 'alert' : 'status'}
          data-status={status.kind}
        >
          {status.kind === 'idle' ? null : status.text}
        </p>
      </form>
    </main>
  );
}
