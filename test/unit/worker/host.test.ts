import { describe, expect, it } from 'vitest';
import { isOwnHost } from '../../../worker/src/http/middleware/host';

describe('whose Host the server answers (http/middleware/host.ts isOwnHost)', () => {
  const production = { publicUrl: 'https://invitations.example', localMode: false };
  const local = { publicUrl: 'http://localhost:8787', localMode: true };

  it("PUBLIC_URL's host, case-insensitively, with its port or the scheme's default", () => {
    for (const host of ['invitations.example', 'Invitations.Example', 'invitations.example:443'])
      expect(isOwnHost(host, production), host).toBe(true);
    for (const host of [
      'invitations.example:80',
      'invitations.example:8443',
      'invitations.example.',
      'www.invitations.example',
      'localhost',
      '127.0.0.1:443',
    ]) {
      expect(isOwnHost(host, production), host).toBe(false);
    }
    expect(
      isOwnHost('invitations.example:80', {
        publicUrl: 'http://invitations.example',
        localMode: false,
      }),
    ).toBe(true);
    expect(isOwnHost('localhost:8787', { ...local, localMode: false })).toBe(true);
    expect(isOwnHost('localhost:8788', { ...local, localMode: false })).toBe(false);
  });

  it('in local mode also any loopback host on any port, and nothing else', () => {
    for (const host of ['localhost', 'localhost:1', '127.0.0.1:8787', '127.255.0.1', '[::1]:5173'])
      expect(isOwnHost(host, local), host).toBe(true);
    for (const host of [
      'evil.example',
      'localhost.evil.example',
      '128.0.0.1',
      '[::2]:8787',
      'localhost:99999',
      'a@localhost',
      'localhost/x',
      '',
    ]) {
      expect(isOwnHost(host, local), host).toBe(false);
    }
  });
});
