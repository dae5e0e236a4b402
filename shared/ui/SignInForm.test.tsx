// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { SignInForm } from './SignInForm.tsx';
import { createFakeApiClient, fakeSession } from '../client/fake-api-client.ts';

afterEach(cleanup);

function fill(email: string, password: string): void {
  fireEvent.input(screen.getByLabelText('Email'), { target: { value: email } });
  fireEvent.input(screen.getByLabelText('Password'), { target: { value: password } });
}

describe('SignInForm', () => {
  it('signs in and hands over the result', async () => {
    const fake = createFakeApiClient({
      sessions: [fakeSession('sess-me', { current: true })],
      password: 'correct horse',
    });
    const onSignedIn = vi.fn();
    render(<SignInForm client={fake.client} onSignedIn={onSignedIn} />);

    fill('ada@example.com', 'correct horse');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    await waitFor(() =>
      expect(onSignedIn).toHaveBeenCalledWith(
        expect.objectContaining({ user: { id: 'user-1', email: 'ada@example.com' } }),
      ),
    );
    expect(fake.calls).toEqual(['signIn:ada@example.com']);
  });

  it('says in words when the email and password do not match', async () => {
    const fake = createFakeApiClient({ sessions: [fakeSession('sess-me', { current: true })] });
    render(<SignInForm client={fake.client} onSignedIn={vi.fn()} />);

    fill('ada@example.com', 'wrong password');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    expect((await screen.findByRole('alert')).textContent).toBe('That email and password do not match an account.');
  });

  it('says when to try again after too many attempts', async () => {
    const fake = createFakeApiClient({ sessions: [fakeSession('sess-me', { current: true })] });
    fake.failNext('signIn', { code: 'RATE_LIMITED', message: 'Too many.', status: 429, retryAfterSeconds: 840 });
    render(<SignInForm client={fake.client} onSignedIn={vi.fn()} />);

    fill('ada@example.com', 'whatever');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    expect((await screen.findByRole('alert')).textContent).toBe('Too many attempts. Try again in 14 minutes.');
  });

  it('creates an account, and explains a taken email or the server’s reason for a bad request', async () => {
    const fake = createFakeApiClient({ sessions: [fakeSession('sess-me', { current: true })] });
    fake.failNext('signUp', { code: 'EMAIL_TAKEN', message: 'Taken.', status: 409 });
    fake.failNext('signUp', { code: 'BAD_REQUEST', message: 'That is not an email address.', status: 400 });
    const onSignedIn = vi.fn();
    render(<SignInForm client={fake.client} onSignedIn={onSignedIn} />);

    fireEvent.click(screen.getByRole('button', { name: 'Create an account' }));
    expect(screen.getByRole('heading', { name: 'Create your account' })).toBeTruthy();
    fill('ada@example.com', 'long enough password');
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'An account with that email already exists. Sign in instead.',
    );

    fireEvent.click(screen.getByRole('button', { name: 'Create account' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('That is not an email address.'));

    fireEvent.click(screen.getByRole('button', { name: 'Create account' }));
    await waitFor(() => expect(onSignedIn).toHaveBeenCalledOnce());
  });

  it('refuses a short password for a new account before asking the server', () => {
    const fake = createFakeApiClient({ sessions: [fakeSession('sess-me', { current: true })] });
    render(<SignInForm client={fake.client} onSignedIn={vi.fn()} />);

    fireEvent.click(screen.getByRole('button', { name: 'Create an account' }));
    fill('ada@example.com', 'short');
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }));

    expect(screen.getByRole('alert').textContent).toBe('Choose a password of at least 8 characters.');
    expect(fake.calls).toEqual([]);
  });

  it('shows the message it was given, e.g. that the session ended', () => {
    const fake = createFakeApiClient({ sessions: [] });
    render(
      <SignInForm
        client={fake.client}
        onSignedIn={vi.fn()}
        message="Your session has ended. Sign in again."
        allowSignUp={false}
      />,
    );

    expect(screen.getByRole('alert').textContent).toBe('Your session has ended. Sign in again.');
    expect(screen.queryByRole('button', { name: 'Create an account' })).toBeNull();
  });

  it('puts a server error about the email under its field, marked invalid, without "email:" (issue 13)', async () => {
    const fake = createFakeApiClient({ sessions: [fakeSession('sess-me', { current: true })] });
    const message = 'email: That is not an email address.';
    fake.failNext('signIn', { code: 'BAD_REQUEST', message, status: 400 });
    render(<SignInForm client={fake.client} onSignedIn={vi.fn()} />);

    fill('not-an-email', 'whatever');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('That is not an email address.');
    const email = screen.getByLabelText('Email');
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(email.getAttribute('aria-describedby')).toContain(alert.id);
    expect(screen.getByLabelText('Password').getAttribute('aria-invalid')).toBeNull();
    // The sentence sits right after the email field, before the password.
    expect(email.nextElementSibling).toBe(alert);
  });

  it('says how to get a reset link behind "Forgot password?"', () => {
    const fake = createFakeApiClient({ sessions: [] });
    render(<SignInForm client={fake.client} onSignedIn={vi.fn()} />);
    const toggle = screen.getByRole('button', { name: 'Forgot password?' });
    expect(screen.queryByText(/Ask the administrator/)).toBeNull();
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByText(/Ask the administrator of this server for a reset link/).textContent).toContain(
      'sessionctl reset-password',
    );
  });

  it('names the server in "Create an account on …" when told it (the popup)', () => {
    const fake = createFakeApiClient({ sessions: [] });
    render(<SignInForm client={fake.client} onSignedIn={vi.fn()} serverName="127.0.0.1:3100" />);
    expect(screen.getByText(/New here\?/).textContent).toBe('New here? Create an account on 127.0.0.1:3100');
  });
});
