// @vitest-environment happy-dom
// Issue 13 point 9: on a German page the element speaks German, and a host's own sentence still wins.
import { waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeApiClient, fakeSession } from '../shared/client/fake-api-client.ts';
import { setLocale } from '../shared/i18n/index.ts';
import type { SessionControlDevices } from './session-control-devices.tsx';
import './session-control-devices.tsx';

// What the element's module picks on a page with <html lang="de">.
beforeEach(() => setLocale('de'));
afterEach(() => {
  document.body.innerHTML = '';
  setLocale('en');
});

function mount(setup: (element: SessionControlDevices) => void): SessionControlDevices {
  const element = document.createElement('session-control-devices');
  setup(element);
  document.body.append(element);
  return element;
}

describe('<session-control-devices> in German', () => {
  it('lists the devices in German', async () => {
    const fake = createFakeApiClient({
      sessions: [fakeSession('sess-me', { current: true, deviceName: 'Firefox on Linux' }), fakeSession('sess-2')],
    });
    const element = mount((node) => {
      node.client = fake.client;
    });
    await waitFor(() => expect(element.shadowRoot?.querySelectorAll('li.sc-session').length).toBe(2));
    const text = element.shadowRoot?.textContent ?? '';
    expect(text).toContain('Ihre Geräte (2)');
    expect(text).toContain('Dieses Gerät');
    expect(text).not.toContain('Sign out');
  });

  it('says it is signed out in German, unless the host gave its own sentence', async () => {
    const fake = createFakeApiClient({ sessions: [] });
    fake.failNext('me', { status: 401, code: 'UNAUTHORISED', message: 'Sign in.' });
    const element = mount((node) => {
      node.client = fake.client;
    });
    await waitFor(() => expect(element.shadowRoot?.textContent).toContain('Sie sind auf diesem Gerät abgemeldet.'));
    element.strings = { signedOut: 'Bitte melden Sie sich auf unserer Seite an.' };
    await waitFor(() =>
      expect(element.shadowRoot?.textContent).toContain('Bitte melden Sie sich auf unserer Seite an.'),
    );
  });
});
