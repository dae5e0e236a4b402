// @vitest-environment happy-dom
// Issue 13 point 6: the page a reset link opens.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { ResetPasswordPage } from './ResetPasswordPage.tsx';

const TOKEN = `scpr_${'A'.repeat(43)}`;

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function answer(status: number, body: unknown) {
  const fetchMock = vi.fn(
    async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }),
  );
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

function openLink(): void {
  history.replaceState(null, '', `/reset-password#token=${TOKEN}`);
  render(<ResetPasswordPage onSignIn={vi.fn()} />);
}

describe('the reset link page', () => {
  it('drops the token from the address bar, sets the password, says how many devices were signed out', async () => {
    const fetchMock = answer(200, { revoked: 2 });
    openLink();
    expect(location.hash).toBe('');

    fireEvent.input(screen.getByLabelText('New password'), { target: { value: 'a brand new password' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set new password' }));

    const done = await screen.findByRole('status');
    expect(done.textContent).toBe(
      'Your password was changed and 2 devices were signed out. Sign in with your new password.',
    );
    await waitFor(() => expect(document.activeElement).toBe(done));
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(JSON.parse(String(init.body))).toEqual({ token: TOKEN, newPassword: 'a brand new password' });
  });

  it('says in words that a used or expired link needs a new one', async () => {
    const message = 'This reset link has expired or was already used. Ask your administrator for a new one.';
    answer(400, { error: { code: 'BAD_REQUEST', message } });
    openLink();
    fireEvent.input(screen.getByLabelText('New password'), { target: { value: 'a brand new password' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set new password' }));
    expect((await screen.findByRole('alert')).textContent).toBe(message);
  });

  it('keeps a short password out, with the reason under the field', () => {
    const fetchMock = answer(200, { revoked: 0 });
    openLink();
    fireEvent.input(screen.getByLabelText('New password'), { target: { value: 'short' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set new password' }));
    expect(screen.getByRole('alert').textContent).toBe('Choose a password of at least 8 characters.');
    expect(screen.getByLabelText('New password').getAttribute('aria-invalid')).toBe('true');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('explains how to get a link when opened without one', () => {
    history.replaceState(null, '', '/reset-password');
    render(<ResetPasswordPage onSignIn={vi.fn()} />);
    expect(screen.getByRole('alert').textContent).toContain('sessionctl reset-password');
  });
});
