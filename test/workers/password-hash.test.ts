/**
 * Password hashing inside workerd: the Worker's hasher (scrypt in plain JavaScript, @noble/hashes)
 * runs in the Workers runtime and verifies what it made. The time of one hash is printed, not
 * asserted (machines differ); scripts/bench-hash-workerd.mjs measures the same hash in workerd
 * outside the test runner.
 */
import { expect, it } from 'vitest';
import { createPasswordHasher, DEFAULT_SCRYPT, nobleScrypt } from '../../worker/src/lib/password';

it('hashes and verifies with scrypt in the Workers runtime, parameters stored with the hash', async () => {
  const hasher = createPasswordHasher(await nobleScrypt());
  await hasher.hash('warm-up');
  const times: number[] = [];
  let stored = '';
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    stored = await hasher.hash('correct horse battery staple');
    times.push(performance.now() - t0);
  }
  const median = [...times].sort((a, b) => a - b)[2]!;
  console.log(
    `scrypt N=2^${DEFAULT_SCRYPT.logN} r=${DEFAULT_SCRYPT.r} p=${DEFAULT_SCRYPT.p}: one hash in workerd takes ${median.toFixed(0)} ms (median of 5: ${times.map((t) => t.toFixed(0)).join(', ')})`,
  );
  expect(stored).toMatch(/^scrypt\$ln=14,r=8,p=1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
  expect(await hasher.verify('correct horse battery staple', stored)).toEqual({
    ok: true,
    needsRehash: false,
  });
  expect((await hasher.verify('Correct horse battery staple', stored)).ok).toBe(false);
});
