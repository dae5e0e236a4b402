// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { ConfirmDialog } from './ConfirmDialog.tsx';

afterEach(cleanup);

function Harness() {
  const [open, setOpen] = useState(false);
  const [answer, setAnswer] = useState('none');
  return (
    <div>
      <button type="button" onClick={() => setOpen(true)}>
        Ask
      </button>
      <p>Answer: {answer}</p>
      {open ? (
        <ConfirmDialog
          title="Sign out Chrome on Windows?"
          confirmLabel="Sign out"
          onConfirm={() => {
            setAnswer('yes');
            setOpen(false);
          }}
          onCancel={() => {
            setAnswer('no');
            setOpen(false);
          }}
        />
      ) : null}
    </div>
  );
}

describe('ConfirmDialog', () => {
  it('moves focus in, cancels on Escape and gives focus back to the button that opened it', async () => {
    render(<Harness />);
    const opener = screen.getByRole('button', { name: 'Ask' });
    opener.focus();
    fireEvent.click(opener);

    const dialog = await screen.findByRole('dialog', { name: 'Sign out Chrome on Windows?' });
    expect(dialog.contains(document.activeElement)).toBe(true);
    expect(document.activeElement?.textContent).toBe('Cancel');

    fireEvent.keyDown(dialog, { key: 'Escape' });

    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByText('Answer: no')).toBeTruthy();
    expect(document.activeElement).toBe(opener);
  });

  it('answers yes when confirmed', async () => {
    render(<Harness />);
    fireEvent.click(screen.getByRole('button', { name: 'Ask' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Sign out' }));

    expect(screen.getByText('Answer: yes')).toBeTruthy();
  });
});
