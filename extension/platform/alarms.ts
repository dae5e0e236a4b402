import { getBrowser } from './browser-api.ts';

/**
 * Creates (or keeps) a repeating alarm. Alarms outlive the service worker, so this is cheap to
 * call on every start; an existing alarm with the same period is left alone so that its
 * schedule does not slip each time the worker wakes up.
 */
export async function ensureRepeatingAlarm(name: string, periodInMinutes: number): Promise<void> {
  const { alarms } = getBrowser();
  const existing = await alarms.get(name);
  if (existing?.periodInMinutes === periodInMinutes) return;
  await alarms.create(name, { periodInMinutes, delayInMinutes: periodInMinutes });
}

/** Calls `listener` whenever the alarm called `name` fires. */
export function onAlarm(name: string, listener: () => void): void {
  getBrowser().alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === name) listener();
  });
}

/** Calls `listener` when the extension is installed or updated and when the browser starts. */
export function onExtensionStart(listener: () => void): void {
  const { runtime } = getBrowser();
  runtime.onInstalled.addListener(() => listener());
  runtime.onStartup.addListener(() => listener());
}
