/** A labelled email or password input, with an optional hint read out with it. */
import { useId } from 'preact/hooks';

export interface TextFieldProps {
  label: string;
  type: 'email' | 'password';
  name: string;
  autocomplete: 'email' | 'username' | 'current-password' | 'new-password';
  value: string;
  onValue: (value: string) => void;
  /** Shown under the input and tied to it with aria-describedby. */
  hint?: string;
  minLength?: number;
  /** Id of an error message that describes this field. */
  errorId?: string;
}

export function TextField({
  label,
  type,
  name,
  autocomplete,
  value,
  onValue,
  hint,
  minLength,
  errorId,
}: TextFieldProps) {
  const inputId = useId();
  const hintId = useId();
  const describedBy = [hint ? hintId : null, errorId ?? null].filter(Boolean).join(' ');
  const attributes = {
    id: inputId,
    class: 'sc-input',
    name,
    autocomplete,
    required: true,
    minLength,
    value,
    'aria-invalid': errorId ? ('true' as const) : undefined,
    'aria-describedby': describedBy || undefined,
    onInput: (event: Event) => {
      if (event.currentTarget instanceof HTMLInputElement) onValue(event.currentTarget.value);
    },
  };
  return (
    <>
      <label class="sc-label" for={inputId}>
        {label}
      </label>
      {/* Preact types inputs per type, so each type gets its own element. */}
      {type === 'email' ? <input type="email" {...attributes} /> : <input type="password" {...attributes} />}
      {hint ? (
        <p id={hintId} class="sc-hint">
          {hint}
        </p>
      ) : null}
    </>
  );
}
