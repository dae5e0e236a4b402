import { describe, expect, it } from 'vitest';
import { fakeSession } from '../../shared/client/fake-api-client.ts';
import { ALERT_COLOUR, badgeState, COUNT_COLOUR } from './badge-state.ts';

const me = fakeSession('me', { current: true, newDevice: true });
const phone = fakeSession('phone', { deviceName: 'Safari on iPhone' });
const stranger = fakeSession('stranger', { deviceName: 'Firefox on Windows', newDevice: true });

describe('badge state', () => {
  it('counts other devices on the usual colour, saying so in the tooltip', () => {
    expect(badgeState([me, phone])).toEqual({
      text: '1',
      colour: COUNT_COLOUR,
      title: '1 other device signed in',
    });
    expect(badgeState(null)).toEqual({ text: '', colour: COUNT_COLOUR, title: 'Session Control: not signed in' });
  });

  it('raises the alert for an unanswered new device, naming it (its own name first)', () => {
    expect(badgeState([me, phone, stranger])).toEqual({
      text: '!',
      colour: ALERT_COLOUR,
      title: 'New sign-in on Firefox on Windows — open to review',
    });
    const named = { ...stranger, device: { ...stranger.device, label: 'Work laptop' } };
    expect(badgeState([me, named]).title).toBe('New sign-in on Work laptop — open to review');
    expect(badgeState([me, stranger, { ...stranger, id: 'stranger-2' }]).title).toBe('2 new sign-ins — open to review');
  });

  it('never alerts for this device itself', () => {
    expect(badgeState([me]).text).toBe('');
  });
});
