import { describe, expect, it } from 'vitest';
import { clientAddress } from '../../../worker/src/lib/client-address';

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
