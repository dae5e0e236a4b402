// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeApiClient, fakeEndedSession } from '../client/fake-api-client.ts';
import { SessionHistory } from './SessionHistory.tsx';

afterEach(cleanup);

describe('SessionHistory', () => {
  it('offers a retry when the history could not be loaded', async () => {
    const fake = createFakeApiClient({
      sessions: [],
      ended: [fakeEndedSession('e1', { deviceName: 'Edge on Windows' })],
    });
    fake.failNext('history', { code: 'INTERNAL', message: 'Oops.', status: 500 });
    render(<SessionHistory client={fake.client} />);

    await screen.findByText('The devices signed out recently could not be loaded. Try again.');
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));

    await screen.findByText('Edge on Windows');
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
  });

  it('shows no error when the session has ended (the account shell says so)', async () => {
    const fake = createFakeApiClient({ sessions: [] });
    fake.failNext('history', { code: 'UNAUTHORISED', message: 'No.', status: 401 });
    render(<SessionHistory client={fake.client} />);

    const section = screen.getByRole('heading', { name: 'Recently signed out' }).closest('section')!;
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(within(section).queryByRole('button', { name: 'Retry' })).toBeNull();
  });

  it('names where the device was: the place when known, else the address', async () => {
    const located = fakeEndedSession('e1', {
      location: { countryCode: 'DE', country: 'Germany', city: 'Berlin', name: 'Berlin, Germany' },
    });
    const fake = createFakeApiClient({ sessions: [], ended: [located, fakeEndedSession('e2', { ip: '192.0.2.1' })] });
    render(<SessionHistory client={fake.client} />);

    const rows = await screen.findAllByRole('listitem');
    expect(rows[0]!.textContent).toContain('Berlin, Germany');
    expect(rows[1]!.textContent).toContain('192.0.2.1');
  });
});
