import { describe, expect, it } from 'vitest';
import { clientNetwork, clientAddress } from '../../../worker/src/lib/client-address';

describe('clientAddress (TRUST_PROXY)', () => {
  it('is the socket peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientAddress('127.0.0.1', '203.0.113.9', 0)).toBe('127.0.0.1');
    expect(clientAddress(undefined, undefined, 0)).toBe('unknown');
  });

  it('behind one proxy, is the address that proxy appended, not what the client wrote before it', () => {
    expect(clientAddress('10.0.0.2', '203.0.113.9', 1)).toBe('203.0.113.9');
    expect(clientAddress('10.0.0.2', '1.2.3.4, 203.0.113.9', 1)).toBe('203.0.113.9');
  });

  it('behind two proxies, is the address the outer one appended', () => {
    expect(clientAddress('10.0.0.2', '1.2.3.4, 203.0.113.9, 10.0.0.1', 2)).toBe('203.0.113.9');
  });

  it('falls back to the socket peer without a usable header, and to the leftmost entry when hops are missing', () => {
    expect(clientAddress('10.0.0.2', undefined, 1)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.2', ' , ', 1)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.2', '203.0.113.9', 3)).toBe('203.0.113.9');
  });
});

describe('clientNetwork: what per-client limits count by', () => {
  it('keeps IPv4, unwraps IPv4-mapped IPv6, and counts IPv6 by its /64', () => {
    expect(clientNetwork('203.0.113.7')).toBe('203.0.113.7');
    expect(clientNetwork('::ffff:203.0.113.7')).toBe('203.0.113.7');
    // One subscriber's /64: every address in it is one client.
    for (const a of [
      '2001:db8:aa:bb::1',
      '2001:db8:aa:bb:ffff:ffff:ffff:fffe',
      '[2001:DB8:00aa:bb:1:2:3:4]',
      '2001:db8:aa:bb::1%eth0',
    ])
      expect(clientNetwork(a), a).toBe('2001:db8:aa:bb::/64');
    expect(clientNetwork('2001:db8:aa:bc::1')).toBe('2001:db8:aa:bc::/64');
    expect(clientNetwork('::1')).toBe('0:0:0:0::/64');
    expect(clientNetwork('2001:db8::')).toBe('2001:db8:0:0::/64');
    expect(clientNetwork('unknown')).toBe('unknown');
  });
});
