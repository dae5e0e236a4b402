// Issue 13 point 8: `npm start` ends with a sentence a person can act on.
import { describe, expect, it } from 'vitest';
import { startupLine } from './startup-line.ts';

const URL = 'http://127.0.0.1:3000';

describe('the start-up line', () => {
  it('names the address and both extension folders when both were built', () => {
    expect(startupLine(URL, () => true)).toBe(
      'Session Control is running at http://127.0.0.1:3000 — the Chrome extension is in dist/extension ' +
        '(load it unpacked), the Firefox build in dist/extension-firefox',
    );
  });

  it('says how to build the Firefox one when only Chrome was built', () => {
    expect(startupLine(URL, (path) => path.startsWith('dist/extension/'))).toBe(
      'Session Control is running at http://127.0.0.1:3000 — the Chrome extension is in dist/extension ' +
        '(load it unpacked); npm run build:firefox builds the Firefox one',
    );
  });

  it('names no folder that is not there', () => {
    expect(startupLine(URL, () => false)).toBe('Session Control is running at http://127.0.0.1:3000');
  });
});
