/** The rule for a device's own name, as the contract states it, checked before asking the server. */

/** Longest name, in characters after trimming. */
export const DEVICE_LABEL_MAX_LENGTH = 40;

/** What is wrong with `label` as typed, or null when the server may have it (it checks again). */
export function deviceLabelProblem(label: string): string | null {
  const length = [...label.trim()].length;
  if (length === 0) return 'Enter a name, or remove the name.';
  if (length > DEVICE_LABEL_MAX_LENGTH) return `A name has at most ${DEVICE_LABEL_MAX_LENGTH} characters.`;
  return null;
}
