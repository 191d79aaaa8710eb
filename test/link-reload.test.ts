import { describe, expect, it } from 'vitest';
import { readLinkValue } from '../web/src/shared/location-hash';

const routerState = { usr: null, key: 'abc123', idx: 0 };

describe('a link opened from an e-mail, then the page reloaded', () => {
  it('reads the token from the fragment and keeps it in the history entry, not the address', () => {
    const opened = readLinkValue('token', '#token=k3y-from-the-mail', routerState);
    expect(opened.value).toBe('k3y-from-the-mail');
    expect(opened.fromFragment).toBe(true);
    // The router's own fields stay; the token rides along in the same entry.
    expect(opened.state).toMatchObject(routerState);

    // Reload: the address has no fragment any more, the entry's state still holds the token.
    const reloaded = readLinkValue('token', '', opened.state);
    expect(reloaded).toMatchObject({ value: 'k3y-from-the-mail', fromFragment: false });
  });

  it('has nothing in a new visit, another tab, or for another name', () => {
    expect(readLinkValue('token', '', null).value).toBeUndefined();
    expect(readLinkValue('token', '', routerState).value).toBeUndefined();
    const opened = readLinkValue('token', '#token=abc', null);
    expect(readLinkValue('code', '', opened.state).value).toBeUndefined();
  });

  it('prefers a newly opened link over the one kept', () => {
    const first = readLinkValue('token', '#token=old', null);
    const second = readLinkValue('token', '#token=new', first.state);
    expect(second.value).toBe('new');
    expect(readLinkValue('token', '', second.state).value).toBe('new');
  });

  it('takes a token masked in the outbox list for no token, also in its encoded form', () => {
    expect(readLinkValue('token', '#token=…k3y9', null)).toMatchObject({
      value: undefined,
      fromFragment: false,
    });
    expect(readLinkValue('token', '#token=%E2%80%A6k3y9', null).value).toBeUndefined();
    // A real link kept in the history entry still works.
    const kept = readLinkValue('token', '#token=k3y-from-the-mail', null).state;
    expect(readLinkValue('token', '#token=…k3y9', kept).value).toBe('k3y-from-the-mail');
  });
});
