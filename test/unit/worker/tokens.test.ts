import { describe, expect, it } from 'vitest';
import { createTokenKit, parseToken } from '../../../worker/src/lib/tokens';

const kit = createTokenKit('a-test-secret-that-is-long-enough-0123456789');

describe('derived tokens', () => {
  it('carries the record id and 256 bits of MAC, and matches only its own purpose, id and nonce', async () => {
    const token = await kit.derive('link', 'abc123', 'nonce-1');
    expect(token).toMatch(/^abc123\.[A-Za-z0-9_-]{43}$/);
    const parsed = parseToken(token)!;
    expect(await kit.matches('link', parsed, 'nonce-1')).toBe(true);
    expect(await kit.matches('link', parsed, 'nonce-2')).toBe(false);
    expect(await kit.matches('invitation', parsed, 'nonce-1')).toBe(false);
    expect(await kit.matches('link', { ...parsed, id: 'abc124' }, 'nonce-1')).toBe(false);
  });

  it('is different under another secret, so the database alone never yields a token', async () => {
    const other = createTokenKit('another-secret-that-is-long-enough-987654321');
    expect(await other.derive('link', 'abc123', 'n')).not.toBe(
      await kit.derive('link', 'abc123', 'n'),
    );
  });

  it('refuses tampered, truncated, over-long and malformed tokens without throwing', async () => {
    const token = await kit.derive('link', 'abc123', 'n');
    const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    expect(await kit.matches('link', parseToken(flipped)!, 'n')).toBe(false);
    for (const bad of [
      token.slice(0, -1),
      `${token}x`,
      token.replace('.', ''),
      `.${token}`,
      'a'.repeat(500),
      '',
      'abc 123.x',
      `abc/123.${token.split('.')[1]}`,
    ]) {
      expect(parseToken(bad), bad).toBeNull();
    }
  });

  it('accepts only the canonical spelling of a token, so changing its last character never leaves it valid', async () => {
    for (let i = 0; i < 64; i++) {
      const token = await kit.derive('link', `id${i}`, 'n');
      const last = token.at(-1)!;
      for (const other of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_') {
        if (other === last) continue;
        const parsed = parseToken(token.slice(0, -1) + other);
        expect(
          parsed === null || !(await kit.matches('link', parsed, 'n')),
          `${token} → …${other}`,
        ).toBe(true);
      }
    }
  });

  it('refuses a short secret', () => {
    expect(() => createTokenKit('short')).toThrow(/at least 32/);
  });
});
