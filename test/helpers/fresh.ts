/**
 * The setup the API test files share: a fresh harness for each test (with Acme, its owner, admin and
 * member, when asked for), closed after it. A file keeps its own `h` (and `org`): `set` gives them
 * to it before each test, e.g. `freshOrg((s) => ({ h, org } = s))`; the function answered reads the
 * current ones, for helpers made once per file.
 */
import { afterEach, beforeEach } from 'vitest';
import { startHarness, type Harness, type HarnessOptions } from './harness';
import { orgWithRoles } from './seed';

/** Acme with its owner, admin and member, all signed in (seed.ts `orgWithRoles`). */
export type Org = Awaited<ReturnType<typeof orgWithRoles>>;

export interface Fresh {
  h: Harness;
  org: Org;
}

/**
 * Before each test, `startHarness(opts)` and then `set` (which may seed more); after it, the
 * harness closed.
 */
export function freshHarness(
  set: (s: { h: Harness }) => unknown,
  opts: HarnessOptions = {},
): () => Harness {
  let current: Harness | undefined;
  beforeEach(async () => {
    current = await startHarness(opts);
    await set({ h: current });
  });
  afterEach(async () => {
    await current?.close();
  });
  return () => {
    if (!current) throw new Error('no harness outside a test');
    return current;
  };
}

/** `freshHarness` with Acme made in it before each test. */
export function freshOrg(set: (s: Fresh) => void, opts: HarnessOptions = {}): () => Fresh {
  let current: Fresh | undefined;
  freshHarness(async ({ h }) => {
    current = { h, org: await orgWithRoles(h) };
    set(current);
  }, opts);
  return () => {
    if (!current) throw new Error('no organization outside a test');
    return current;
  };
}
