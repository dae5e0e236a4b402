// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { ChangePasswordForm } from './ChangePasswordForm.tsx';
import { createFakeApiClient, fakeSession } from '../client/fake-api-client.ts';

afterEach(cleanup);

function fill(current: string, next: string): void {
  fireEvent.input(screen.getByLabelText('Current password'), { target: { value: current } });
  fireEvent.input(screen.getByLabelText('New password'), { target: { value: next } });
}

describe('ChangePasswordForm', () => {
  it('changes the password, signing out other devices unless unticked', async () => {
    const fake = createFakeApiClient({ sessions: [fakeSession('sess-me', { current: true })] });
    const changePassword = vi.spyOn(fake.client, 'changePassword');
    const onChanged = vi.fn();
    render(<ChangePasswordForm client={fake.client} onChanged={onChanged} />);

    expect((screen.getByLabelText('Also sign out my other devices') as HTMLInputElement).checked).toBe(true);
    fill('old password', 'a brand new password');
    fireEvent.click(screen.getByRole('button', { name: 'Change password' }));

    await waitFor(() => expect(onChanged).toHaveBeenCalledOnce());
    expect(changePassword).toHaveBeenCalledWith({
      currentPassword: 'old password',
      newPassword: 'a brand new password',
      signOutOtherDevices: true,
    });
    // Issue 13 point 4: good news in the success style, and focus on it rather than on <body>.
    const notice = screen.getByText('Password changed.');
    expect(notice.closest('[role="status"]')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(notice));
    expect((screen.getByLabelText('New password') as HTMLInputElement).value).toBe('');
  });

  it('says when the current password is wrong', async () => {
    const fake = createFakeApiClient({ sessions: [fakeSession('sess-me', { current: true })] });
    fake.failNext('changePassword', { code: 'INVALID_CREDENTIALS', message: 'Wrong.', status: 401 });
    render(<ChangePasswordForm client={fake.client} onChanged={vi.fn()} />);

    fill('wrong password', 'a brand new password');
    fireEvent.click(screen.getByRole('button', { name: 'Change password' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Your current password is not right.');
    // Under the field it is about, which is marked invalid.
    const current = screen.getByLabelText('Current password');
    expect(current.getAttribute('aria-invalid')).toBe('true');
    expect(current.nextElementSibling).toBe(alert);
  });

  it('refuses a short new password before asking the server', () => {
    const fake = createFakeApiClient({ sessions: [fakeSession('sess-me', { current: true })] });
    render(<ChangePasswordForm client={fake.client} onChanged={vi.fn()} />);

    fill('old password', 'short');
    fireEvent.click(screen.getByRole('button', { name: 'Change password' }));

    expect(screen.getByRole('alert').textContent).toBe('Choose a new password of at least 8 characters.');
    expect(fake.calls).toEqual([]);
  });
});
