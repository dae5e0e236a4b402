/**
 * What the name field says before asking the server: empty and too long. Which characters a name
 * may hold is the server's to say (shared/device-label.ts); its sentence is shown as it comes.
 */
import { DEVICE_LABEL_MAX_LENGTH } from '../device-label.ts';
import { t } from '../i18n/index.ts';

/** What is wrong with `label` as typed, or null when the server may have it (it checks again). */
export function deviceLabelProblem(label: string): string | null {
  const length = [...label.trim()].length;
  if (length === 0) return t.enterName;
  if (length > DEVICE_LABEL_MAX_LENGTH) return t.nameTooLong(DEVICE_LABEL_MAX_LENGTH);
  return null;
}
