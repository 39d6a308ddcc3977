import { describe, expect, it } from 'vitest';
import { nodeScrypt } from '../../../worker/src/entry/node-runtime';
import { createPasswordHasher, nobleScrypt } from '../../../worker/src/lib/password';

describe('password hashing', () => {
  it('stores the algorithm and its parameters with a random salt', async () => {
    const hasher = createPasswordHasher(nodeScrypt);
    const a = await hasher.hash('correct horse battery');
    const b = await hasher.hash('correct horse battery');
    expect(a).toMatch(/^scrypt\$ln=14,r=8,p=1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(await hasher.verify('correct horse battery', a)).toEqual({
      ok: true,
      needsRehash: false,
    });
    expect((await hasher.verify('wrong', a)).ok).toBe(false);
  });

  it('computes the same hash natively on Node as in plain JS in the Worker', async () => {
    const node = createPasswordHasher(nodeScrypt);
    const js = createPasswordHasher(await nobleScrypt());
    const stored = await node.hash('pässwörd with ümlauts');
    expect((await js.verify('pässwörd with ümlauts', stored)).ok).toBe(true);
    expect(
      (await node.verify('pässwörd with ümlauts', await js.hash('pässwörd with ümlauts'))).ok,
    ).toBe(true);
  });

  it('asks for a rehash of a hash made with weaker parameters', async () => {
    const weak = createPasswordHasher(nodeScrypt, { logN: 10, r: 8, p: 1 });
    const strong = createPasswordHasher(nodeScrypt);
    const stored = await weak.hash('correct horse battery');
    expect(await strong.verify('correct horse battery', stored)).toEqual({
      ok: true,
      needsRehash: true,
    });
  });

  it('refuses a missing or malformed hash, still spending the time of a real check', async () => {
    const hasher = createPasswordHasher(nodeScrypt);
    expect((await hasher.verify('anything', null)).ok).toBe(false);
    expect((await hasher.verify('anything', 'plaintext')).ok).toBe(false);
    expect((await hasher.verify('anything', 'scrypt$ln=14,r=8,p=1$!!$!!')).ok).toBe(false);
  });
});
