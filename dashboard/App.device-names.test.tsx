// @vitest-environment happy-dom
// Issue 12: people name their devices from the list; the name shows first wherever the device is
// named, always as text.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeApiClient, fakeEndedSession, fakeSession } from '../shared/client/fake-api-client.ts';
import { App } from './App.tsx';

// Markup, a right-to-left override and a zero-width space: shown exactly as typed, never run.
const HOSTILE = '<img src=x onerror=alert(1)>\u202Egnp.exe\u200B';

function devices() {
  return [
    fakeSession('sess-me', { current: true, deviceName: 'Firefox on Linux', deviceId: 'dev-me' }),
    fakeSession('sess-win', { deviceName: 'Chrome on Windows', deviceId: 'dev-win' }),
    fakeSession('sess-win-2', { deviceName: 'Chrome on Windows', deviceId: 'dev-win', client: 'extension' }),
  ];
}

function names(): string[] {
  return [...document.querySelectorAll('.sc-session-name')].map((name) => name.textContent ?? '');
}

async function rename(buttonName: string, label: string): Promise<HTMLElement> {
  fireEvent.click(screen.getAllByRole('button', { name: buttonName })[0]!);
  const dialog = await screen.findByRole('dialog', { name: 'Name this device' });
  fireEvent.input(within(dialog).getByLabelText('Device name'), { target: { value: label } });
  fireEvent.click(within(dialog).getByRole('button', { name: 'Save name' }));
  return dialog;
}

beforeEach(() => history.replaceState(null, '', '/account/security'));
afterEach(cleanup);

describe('device names (issue 12)', () => {
  it('names a device from its row: the name comes first on every session of that device', async () => {
    const fake = createFakeApiClient({ sessions: devices() });
    render(<App client={fake.client} />);
    await screen.findAllByText('Chrome on Windows');

    await rename('Rename Chrome on Windows', '  Work laptop  ');

    await screen.findByText('Named Work laptop.');
    expect(fake.calls).toContain('renameSession:sess-win:Work laptop');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(names()).toEqual(['Firefox on Linux', 'Work laptop', 'Work laptop']);
    // What the name leaves out (browser and system) stays on the line under it.
    expect(screen.getAllByText(/^Chrome 131 · Windows/)).toHaveLength(2);

    // The confirmation names it too.
    fireEvent.click(screen.getAllByRole('button', { name: 'Sign out Work laptop' })[0]!);
    expect((await screen.findByRole('dialog')).textContent).toContain('Sign out Work laptop?');
  });

  it('shows the server’s sentence under the field when it refuses the name, and checks emptiness itself', async () => {
    const fake = createFakeApiClient({ sessions: devices() });
    render(<App client={fake.client} />);
    await screen.findAllByText('Chrome on Windows');
    fake.failNext('renameSession', { code: 'BAD_REQUEST', message: 'A name has no control characters.', status: 400 });

    const dialog = await rename('Rename Chrome on Windows', 'bad\u0007name');

    const error = await within(dialog).findByText('A name has no control characters.');
    const field = within(dialog).getByLabelText('Device name');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(field.getAttribute('aria-describedby')).toBe(error.id);

    fireEvent.input(field, { target: { value: '   ' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save name' }));
    await within(dialog).findByText('Enter a name, or remove the name.');
    fireEvent.input(field, { target: { value: 'x'.repeat(41) } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save name' }));
    await within(dialog).findByText('A name has at most 40 characters.');
    expect(fake.calls.filter((call) => call.startsWith('renameSession'))).toHaveLength(1);
  });

  it('removes a name', async () => {
    const sessions = devices();
    sessions[1]!.device.label = 'Old name';
    const fake = createFakeApiClient({ sessions });
    render(<App client={fake.client} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Rename Old name' }));
    const dialog = await screen.findByRole('dialog', { name: 'Name this device' });

    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove name' }));

    await screen.findByText('Removed the name of Chrome on Windows.');
    expect(fake.calls).toContain('renameSession:sess-win:null');
  });

  it('shows a hostile name as literal text in the list, the banner, the dialogs and the history', async () => {
    const named = fakeSession('sess-new', {
      deviceName: 'Firefox on Windows',
      newDevice: true,
      createdAt: new Date().toISOString(),
    });
    named.device.label = HOSTILE;
    const ended = fakeEndedSession('ended-1', { deviceName: 'Safari on iPhone' });
    ended.device.label = HOSTILE;
    const fake = createFakeApiClient({ sessions: [...devices(), named], ended: [ended] });
    render(<App client={fake.client} />);

    await waitFor(() => expect(names()).toContain(HOSTILE));
    expect(document.querySelector('.sc-session-name')?.tagName).toBe('BDI');
    expect(screen.getByRole('alert').textContent).toContain(`New sign-in: ${HOSTILE} · 203.0.113.7 · just now.`);
    await waitFor(() => expect(document.querySelector('.sc-history-name')?.textContent).toBe(HOSTILE));
    fireEvent.click(screen.getByRole('button', { name: `Sign out ${HOSTILE}` }));
    expect((await screen.findByRole('dialog')).querySelector('h2')?.textContent).toBe(`Sign out ${HOSTILE}?`);
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Cancel' }));
    fireEvent.click(screen.getByRole('button', { name: `Rename ${HOSTILE}` }));
    const field = within(await screen.findByRole('dialog')).getByLabelText('Device name') as HTMLInputElement;
    expect(field.value).toBe(HOSTILE);
    expect(document.querySelector('img')).toBeNull();
  });
});
