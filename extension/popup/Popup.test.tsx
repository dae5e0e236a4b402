// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeApiClient, fakeSession } from '../../shared/client/fake-api-client.ts';
import type { FakeApiClient } from '../../shared/client/fake-api-client.ts';
import { createExtensionStorage } from '../platform/extension-storage.ts';
import type { CachedAccount, ExtensionStorage } from '../platform/extension-storage.ts';
import { FakeStorageArea } from '../platform/fake-storage-area.ts';
import { Popup } from './Popup.tsx';
import type { PopupDeps } from './popup-deps.ts';

const ORIGIN = 'http://127.0.0.1:3000';
const user = { id: 'user-1', email: 'ada@example.com' };

function devices() {
  return [
    fakeSession('this-one', {
      current: true,
      device: {
        name: 'Chrome on Linux',
        browser: 'Chrome',
        browserVersion: '156',
        os: 'Linux',
        type: 'desktop',
        label: null,
      },
    }),
    fakeSession('phone', { deviceName: 'Safari on iOS' }),
  ];
}

interface Setup {
  fake: FakeApiClient;
  storage: ExtensionStorage;
  deps: PopupDeps;
  requestBadgeRefresh: ReturnType<typeof vi.fn>;
  openOptionsPage: ReturnType<typeof vi.fn>;
}

function setup(options: { access?: boolean } = {}): Setup {
  const fake = createFakeApiClient({ user, sessions: devices() });
  const storage = createExtensionStorage({ local: new FakeStorageArea(), session: new FakeStorageArea() });
  const requestBadgeRefresh = vi.fn(async () => undefined);
  const openOptionsPage = vi.fn(async () => undefined);
  const deps: PopupDeps = {
    storage,
    createClient: () => fake.client,
    hasHostAccess: async () => options.access ?? true,
    requestBadgeRefresh,
    openOptionsPage,
    requestHostAccess: vi.fn(async () => true),
    reload: vi.fn(),
  };
  return { fake, storage, deps, requestBadgeRefresh, openOptionsPage };
}

function renderPopup(deps: PopupDeps, cached: CachedAccount | null = null) {
  return render(<Popup deps={deps} origin={ORIGIN} cached={cached} />);
}

afterEach(cleanup);

describe('Popup', () => {
  it('paints the cached list at once, before the server has answered', async () => {
    const { fake, deps } = setup();
    const releaseList = fake.hold('listSessions');
    const releaseMe = fake.hold('me');
    const cached = { user, sessions: [devices()[0]!], savedAt: '2026-11-27T10:00:00.000Z' };
    renderPopup(deps, cached);

    expect(screen.getByText(user.email)).toBeTruthy();
    expect(screen.getByText('127.0.0.1:3000')).toBeTruthy();
    expect(screen.getAllByRole('listitem')).toHaveLength(1);
    expect(screen.getByText('This device')).toBeTruthy();

    releaseMe();
    releaseList();
    await screen.findByText('Safari on iOS');
    expect(screen.getAllByRole('listitem')).toHaveLength(2);
  });

  it('saves every fresh list for the next open and asks the worker to redraw the badge', async () => {
    const { deps, storage, requestBadgeRefresh } = setup();
    renderPopup(deps);
    await screen.findByText('Safari on iOS');
    await waitFor(() => expect(requestBadgeRefresh).toHaveBeenCalled());
    const cached = await storage.getCachedAccount(ORIGIN);
    expect(cached?.user).toEqual(user);
    expect(cached?.sessions.map((session) => session.id)).toEqual(['this-one', 'phone']);
  });

  it('marks this device first and links to the account security page of the chosen server', async () => {
    const { deps } = setup();
    renderPopup(deps);
    await screen.findByText('Safari on iOS');
    const [first] = screen.getAllByRole('listitem');
    expect(within(first!).getByText('This device')).toBeTruthy();
    const link = screen.getByRole('link', { name: 'Open the account security page' });
    expect(link.getAttribute('href')).toBe(`${ORIGIN}/account/security`);
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toContain('noopener');
  });

  it('shows the sign-in form, and forgets the cached list, when the session has ended', async () => {
    const { fake, deps, storage, requestBadgeRefresh } = setup();
    await storage.setCachedAccount(ORIGIN, { user, sessions: devices() });
    fake.failNext('me', { code: 'UNAUTHORISED', message: 'You are not signed in.', status: 401 });
    fake.failNext('listSessions', { code: 'UNAUTHORISED', message: 'You are not signed in.', status: 401 });
    renderPopup(deps, await storage.getCachedAccount(ORIGIN));

    await screen.findByRole('button', { name: 'Sign in' });
    expect(screen.getByText('Your session has ended. Sign in again.')).toBeTruthy();
    // Accounts are created on the server's page, named and linked (issue 13 point 1).
    const create = screen.getByRole('link', { name: 'Create an account on 127.0.0.1:3000' });
    expect(create.getAttribute('href')).toBe(`${ORIGIN}/signup`);
    expect(create.closest('p')?.textContent).toBe('New here? Create an account on 127.0.0.1:3000');
    await waitFor(async () => expect(await storage.getCachedAccount(ORIGIN)).toBeNull());
    expect(requestBadgeRefresh).toHaveBeenCalled();
  });

  it('shows the list after signing in from the popup', async () => {
    const { fake, deps } = setup();
    fake.failNext('me', { code: 'UNAUTHORISED', message: 'You are not signed in.', status: 401 });
    renderPopup(deps);
    await screen.findByRole('button', { name: 'Sign in' });
    // Nobody was signed in here before: no talk of an ended session.
    expect(screen.queryByText('Your session has ended. Sign in again.')).toBeNull();
    fireEvent.input(screen.getByLabelText('Email'), { target: { value: user.email } });
    fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'correct horse battery' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByText('Safari on iOS');
    expect(screen.getByText(user.email)).toBeTruthy();
  });

  it('signs this device out and forgets the list', async () => {
    const { fake, deps, storage } = setup();
    renderPopup(deps);
    await screen.findByText('Safari on iOS');
    fireEvent.click(screen.getByRole('button', { name: 'Sign out of this device' }));
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    await screen.findByRole('button', { name: 'Sign in' });
    expect(fake.calls).toContain('signOut');
    await waitFor(async () => expect(await storage.getCachedAccount(ORIGIN)).toBeNull());
  });

  it('says what the badge counts in the header and counts devices in the heading (issue 13)', async () => {
    const { deps } = setup();
    renderPopup(deps);
    await screen.findByText('Safari on iOS');
    expect(screen.getByText('1 other device signed in')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Your devices (2)' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sign out of all other devices' })).toBeTruthy();
  });

  it('says "You have signed out." after signing this device out', async () => {
    const { deps } = setup();
    renderPopup(deps);
    await screen.findByText('Safari on iOS');
    fireEvent.click(screen.getByRole('button', { name: 'Sign out of this device' }));
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    const notice = await screen.findByText('You have signed out.');
    expect(notice.getAttribute('role')).toBe('status');
  });

  it('asks which server, with a primary Check, when the extension may not reach this one', async () => {
    const { deps } = setup({ access: false });
    renderPopup(deps);
    await screen.findByRole('heading', { name: 'Which Session Control server?' });
    expect(screen.getByText(/needs your permission to reach 127\.0\.0\.1:3000/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Check' }).className).toContain('sc-button-primary');
  });

  it('first run, nothing answering: asks for the server right there and opens on one that answers', async () => {
    const { fake, deps, storage } = setup();
    fake.failNext('me', { code: 'NETWORK_ERROR', message: 'offline', status: 0 });
    renderPopup(deps);
    await screen.findByText('Nothing answered at 127.0.0.1:3000. Enter the address you open your account page on.');
    expect(screen.queryByText(/Check your connection/)).toBeNull();
    expect(screen.queryByRole('link', { name: 'Open the account security page' })).toBeNull();

    fake.failNext('health', { code: 'NETWORK_ERROR', message: 'offline', status: 0 });
    fireEvent.input(screen.getByLabelText('Server address'), { target: { value: 'localhost:3999' } });
    fireEvent.click(screen.getByRole('button', { name: 'Check' }));
    const error = await screen.findByRole('alert');
    expect(error.textContent).toBe(
      'Nothing answers at localhost:3999. Is the server running, and is the address right?',
    );
    expect(screen.getByLabelText('Server address').getAttribute('aria-invalid')).toBe('true');

    // Without "http://": the popup adds it.
    fireEvent.input(screen.getByLabelText('Server address'), { target: { value: '127.0.0.1:3100' } });
    fireEvent.click(screen.getByRole('button', { name: 'Check' }));
    await waitFor(() => expect(deps.reload).toHaveBeenCalled());
    expect(deps.requestHostAccess).toHaveBeenCalledWith('http://127.0.0.1:3100');
    expect(await storage.getServerOrigin()).toBe('http://127.0.0.1:3100');
  });
});
