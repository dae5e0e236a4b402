// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { App } from './App.tsx';
import { createFakeApiClient, fakeSession } from '../shared/client/fake-api-client.ts';

function devices() {
  return [
    fakeSession('sess-me', { current: true, deviceName: 'Firefox on Linux' }),
    fakeSession('sess-win', { deviceName: 'Chrome on Windows' }),
  ];
}

beforeEach(() => history.replaceState(null, '', '/'));
afterEach(cleanup);

describe('dashboard', () => {
  it('sends a signed-in visitor of / to the security page with their email', async () => {
    const fake = createFakeApiClient({ sessions: devices() });
    render(<App client={fake.client} />);

    await screen.findByRole('heading', { name: 'Account security' });
    expect(location.pathname).toBe('/account/security');
    expect(screen.getByText('ada@example.com')).toBeTruthy();
    await screen.findByText('Chrome on Windows');
  });

  it('sends a visitor without a session to the sign-in page, without talk of an ended session', async () => {
    const fake = createFakeApiClient({ sessions: devices() });
    fake.failNext('me', { code: 'UNAUTHORISED', message: 'No session.', status: 401 });
    render(<App client={fake.client} />);

    await screen.findByRole('heading', { name: 'Sign in' });
    expect(location.pathname).toBe('/signin');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('goes to the security page after signing in', async () => {
    history.replaceState(null, '', '/signin');
    const fake = createFakeApiClient({ sessions: devices(), password: 'correct horse' });
    fake.failNext('me', { code: 'UNAUTHORISED', message: 'No session.', status: 401 });
    render(<App client={fake.client} />);

    fireEvent.input(screen.getByLabelText('Email'), { target: { value: 'ada@example.com' } });
    fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'correct horse' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    await screen.findByRole('heading', { name: 'Account security' });
    expect(location.pathname).toBe('/account/security');
  });

  it('shows the sign-in page with a sentence when the session was ended elsewhere', async () => {
    history.replaceState(null, '', '/account/security');
    const fake = createFakeApiClient({ sessions: devices() });
    render(<App client={fake.client} />);
    await screen.findByText('Chrome on Windows');
    fake.failNext('revokeSession', { code: 'UNAUTHORISED', message: 'Session revoked.', status: 401 });

    fireEvent.click(screen.getByRole('button', { name: 'Sign out Chrome on Windows' }));
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Sign out' }));

    await screen.findByRole('heading', { name: 'Sign in' });
    expect(location.pathname).toBe('/signin');
    expect(screen.getByRole('alert').textContent).toBe('Your session has ended. Sign in again.');
  });

  it('signs out of this device one way, confirmed, and lands on the sign-in page (issue 13 point 5)', async () => {
    history.replaceState(null, '', '/account/security');
    const fake = createFakeApiClient({ sessions: devices() });
    render(<App client={fake.client} />);
    await screen.findByText('Chrome on Windows');

    expect(screen.getAllByRole('button', { name: /this device/ })).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: 'Sign out of this device' }));
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Sign out' }));

    await waitFor(() => expect(location.pathname).toBe('/signin'));
    expect(fake.calls).toContain('signOut');
    // Good news in the success style, announced politely (issue 13 point 4), not as a warning.
    expect(screen.getByText('You have signed out.').getAttribute('role')).toBe('status');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('sends a signed-in person who opens /signin or /signin/ to their account (issue 13 point 7)', async () => {
    for (const path of ['/signin', '/signin/', '/account']) {
      history.replaceState(null, '', path);
      const fake = createFakeApiClient({ sessions: devices() });
      render(<App client={fake.client} />);
      await screen.findByRole('heading', { name: 'Account security' });
      expect(location.pathname, path).toBe('/account/security');
      cleanup();
    }
  });

  it('opens /signup on the create-account form and stays there for a visitor', async () => {
    history.replaceState(null, '', '/signup');
    const fake = createFakeApiClient({ sessions: devices() });
    fake.failNext('me', { code: 'UNAUTHORISED', message: 'No session.', status: 401 });
    render(<App client={fake.client} />);
    await screen.findByRole('heading', { name: 'Create your account' });
    await waitFor(() => expect(fake.calls).toContain('me'));
    expect(location.pathname).toBe('/signup');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in instead' }));
    expect(location.pathname).toBe('/signin');
  });
});
