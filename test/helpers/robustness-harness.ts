/**
 * The test harness with a slow database: the same real app on the same real, migrated libSQL file,
 * but every call to the database first waits a random moment, as a database across a network (Turso
 * from a Worker) does. Requests that run at once then interleave between their queries as they
 * would in production, so a read-then-write that a fast local file happens to serialize shows its
 * race.
 */
import type { Client } from '@libsql/client';
import { startHarness, type Harness, type HarnessOptions } from './harness';

const DELAYED = new Set(['execute', 'batch', 'transaction', 'executeMultiple']);

/** A libSQL client whose calls each start after 0…`maxMs` milliseconds. */
function latent(client: Client, maxMs: number): Client {
  return new Proxy(client, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (!DELAYED.has(String(prop))) return value.bind(target);
      return async (...args: unknown[]) => {
        await new Promise((r) => setTimeout(r, Math.random() * maxMs));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

export function startLatentHarness(
  opts: HarnessOptions & { latencyMs?: number } = {},
): Promise<Harness> {
  const { latencyMs = 3, ...rest } = opts;
  return startHarness({
    extensionOrigins: [],
    ...rest,
    wrapClient: (client) => latent(client, latencyMs),
  });
}
