// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeApiClient } from '../../shared/client/fake-api-client.ts';
import type { FakeApiClient } from '../../shared/client/fake-api-client.ts';
import { createExtensionStorage, DEFAULT_SERVER_ORIGIN } from '../platform/extension-storage.ts';
import type { ExtensionStorage } from '../platform/extension-storage.ts';
import { FakeStorageArea } from '../platform/fake-storage-area.ts';
import { Options } from './Options.tsx';
import type { OptionsDeps } from './options-deps.ts';

interface Setup {
  fake: FakeApiClient;
  storage: ExtensionStorage;
  deps: OptionsDeps;
  requestHostAccess: ReturnType<typeof vi.fn<(origin: string) => Promise<boolean>>>;
  createClient: ReturnType<typeof vi.fn>;
}

function setup(options: { granted?: boolean } = {}): Setup {
  const fake = createFakeApiClient({ sessions: [] });
  const storage = createExtensionStorage({ local: new FakeStorageArea(), session: new FakeStorageArea() });
  const requestHostAccess = vi.fn(async (_origin: string) => options.granted ?? true);
  const createClient = vi.fn(() => fake.client);
  const deps: OptionsDeps = { storage, createClient, requestHostAccess, requestBadgeRefresh: async () => undefined };
  return { fake, storage, deps, requestHostAccess, createClient };
}

async function enter(address: string): Promise<void> {
  const input = await screen.findByLabelText('Server address');
  await vi.waitFor(() => expect((input as HTMLInputElement).value).not.toBe(''));
  fireEvent.input(input, { target: { value: address } });
}

afterEach(cleanup);

describe('Options', () => {
  it('shows the saved server, the default at first', async () => {
    const { deps } = setup();
    render(<Options deps={deps} />);
    await vi.waitFor(() =>
      expect((screen.getByLabelText('Server address') as HTMLInputElement).value).toBe(DEFAULT_SERVER_ORIGIN),
    );
  });

  it('refuses an address with a path, says why, and neither asks for access nor saves', async () => {
    const { deps, storage, requestHostAccess } = setup();
    render(<Options deps={deps} />);
    await enter('https://sessions.example.org/account/security');
    fireEvent.click(screen.getByRole('button', { name: 'Save and test' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/without a path/);
    expect(requestHostAccess).not.toHaveBeenCalled();
    expect(await storage.getServerOrigin()).toBe(DEFAULT_SERVER_ORIGIN);
  });

  it('asks for access to the origin within the click, then saves the normalised origin and tests it', async () => {
    const { deps, storage, requestHostAccess, fake } = setup();
    render(<Options deps={deps} />);
    await enter(' HTTPS://Sessions.Example.org/ ');
    fireEvent.click(screen.getByRole('button', { name: 'Save and test' }));
    // Synchronously, before anything was awaited: browsers only prompt inside the user gesture.
    expect(requestHostAccess).toHaveBeenCalledWith('https://sessions.example.org');
    expect((await screen.findByText(/is a Session Control server and it is up/)).textContent).toContain(
      'https://sessions.example.org',
    );
    expect(await storage.getServerOrigin()).toBe('https://sessions.example.org');
    expect(fake.calls).toContain('health');
  });

  it('does not save a server the person refused access to', async () => {
    const { deps, storage } = setup({ granted: false });
    render(<Options deps={deps} />);
    await enter('https://sessions.example.org');
    fireEvent.click(screen.getByRole('button', { name: 'Save and test' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(
      /needs your permission to reach https:\/\/sessions\.example\.org/,
    );
    expect(await storage.getServerOrigin()).toBe(DEFAULT_SERVER_ORIGIN);
  });

  it('says clearly when the server cannot be reached', async () => {
    const { deps, fake } = setup();
    fake.failNext('health', { code: 'NETWORK_ERROR', message: 'offline', status: 0 });
    render(<Options deps={deps} />);
    await enter('http://127.0.0.1:4000');
    fireEvent.click(screen.getByRole('button', { name: 'Save and test' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(
      /http:\/\/127\.0\.0\.1:4000 cannot be reached\. Check that the server is running/,
    );
  });

  it('says when something answers that is not a Session Control server', async () => {
    const { deps, fake } = setup();
    fake.failNext('health', { code: 'NOT_FOUND', message: 'Not found', status: 404 });
    render(<Options deps={deps} />);
    await enter('http://127.0.0.1:8080');
    fireEvent.click(screen.getByRole('button', { name: 'Save and test' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(
      /did not answer like a Session Control server \(status 404\)/,
    );
  });
});
