// @vitest-environment happy-dom
import { join } from 'node:path';
import { waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeApiClient, fakeSession } from '../shared/client/fake-api-client.ts';
import { SessionControlDevices } from './session-control-devices.tsx';
import { classesUsedFrom, withoutUnusedRules } from './unused-css.ts';

afterEach(() => {
  document.body.innerHTML = '';
});

function mount(setup: (element: SessionControlDevices) => void = () => undefined): SessionControlDevices {
  const element = document.createElement('session-control-devices');
  setup(element);
  document.body.append(element);
  return element;
}

const shadowText = (element: SessionControlDevices): string => element.shadowRoot?.textContent ?? '';

describe('<session-control-devices>', () => {
  it('lists the devices inside its shadow root and names parts for the page to style', async () => {
    const fake = createFakeApiClient({
      sessions: [fakeSession('sess-me', { current: true, deviceName: 'Firefox on Linux' }), fakeSession('sess-2')],
    });
    const element = mount((node) => {
      node.client = fake.client;
    });
    expect(element).toBeInstanceOf(SessionControlDevices);
    await waitFor(() => expect(element.shadowRoot?.querySelectorAll('li.sc-session').length).toBe(2));
    expect(shadowText(element)).toContain('Chrome on Windows');
    // Nothing leaks into the page's own DOM.
    expect(document.body.querySelectorAll('li').length).toBe(0);
    await waitFor(() =>
      expect(element.shadowRoot?.querySelector('li.sc-session')?.getAttribute('part')).toBe('session'),
    );
    expect(element.shadowRoot?.querySelector('[part~="container"]')).not.toBeNull();
  });

  it('shows its own sentence when signed out, from the attribute or the strings property, and says so', async () => {
    const fake = createFakeApiClient({ sessions: [] });
    fake.failNext('me', { status: 401, code: 'UNAUTHORISED', message: 'Sign in.' });
    let heard: unknown = null;
    const element = mount((node) => {
      node.client = fake.client;
      node.setAttribute('signed-out-text', 'Please sign in on our page.');
      node.addEventListener('session-control:signed-out', (event) => {
        heard = (event as CustomEvent).detail;
      });
    });
    await waitFor(() => expect(shadowText(element)).toContain('Please sign in on our page.'));
    expect(heard).toEqual({ reason: 'not-signed-in' });
    element.strings = { signedOut: 'Abgemeldet.' };
    await waitFor(() => expect(shadowText(element)).toContain('Abgemeldet.'));
  });
});

describe('the element stylesheet', () => {
  it('keeps rules for the classes its modules use and drops the others, also inside @media', () => {
    const css = '.sc-a{color:red}.sc-b,.sc-a p{margin:0}@media (x){.sc-b{gap:0}.sc-a{gap:1px}}:host{display:block}';
    expect(withoutUnusedRules(css, new Set(['sc-a']))).toBe(
      '.sc-a{color:red}\n.sc-a p{margin:0}\n@media (x){.sc-a{gap:1px}}\n:host{display:block}',
    );
  });

  it('finds the device list classes and not the history ones from the element entry', () => {
    const used = classesUsedFrom(join(process.cwd(), 'element/session-control-devices.tsx'));
    expect(used.has('sc-session')).toBe(true);
    expect(used.has('sc-history-row')).toBe(false);
  });
});
