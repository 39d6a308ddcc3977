/**
 * The setup and the reading of the list-plan tests: a fresh harness before each test whose
 * statements (alone or in batches) are captured on their way to the database (and handed on unchanged) into the file's
 * own `statements`; the plans SQLite's EXPLAIN QUERY PLAN gives for the ones that read a table; and
 * the check that a page is one indexed range scan in newest-first order.
 */
import type { Client, InStatement } from '@libsql/client';
import { expect } from 'vitest';
import { freshHarness } from './fresh';
import type { Harness } from './harness';

export interface Captured {
  h: Harness;
  statements: InStatement[];
}

/** drizzle keeps the libSQL client it was given as `$client`. */
export const clientOf = (harness: Harness) =>
  (harness.db as unknown as { $client: Client }).$client;

/**
 * Before each test, `set` gets a fresh harness and an empty list; every statement then goes to the
 * list `get` answers (a test may start it anew).
 */
export function capturedPlans(set: (s: Captured) => void, get: () => Captured) {
  freshHarness(({ h }) => {
    set({ h, statements: [] });
    const client = clientOf(h);
    const execute = client.execute.bind(client);
    client.execute = ((stmt: InStatement) => {
      get().statements.push(stmt);
      return execute(stmt);
    }) as typeof client.execute;
    // A read sends its statement in one batch with the caller's lookup (http/read-as-member.ts).
    const batch = client.batch.bind(client);
    client.batch = ((stmts: InStatement[], mode?: Parameters<typeof batch>[1]) => {
      get().statements.push(...stmts);
      return batch(stmts, mode);
    }) as typeof client.batch;
  });

  /** The statements the routes ran that read `table` (or match a pattern), each with its plan. */
  async function statementPlans(
    table: string | RegExp,
  ): Promise<{ sql: string; plan: string[] }[]> {
    const { h, statements } = get();
    const pattern =
      typeof table === 'string'
        ? new RegExp(`^select .* from "${table}".* order by .* limit`, 'is')
        : table;
    const reads = statements.filter(
      (s): s is Exclude<InStatement, string> => typeof s !== 'string' && pattern.test(s.sql),
    );
    expect(reads.length).toBeGreaterThan(0);
    const out: { sql: string; plan: string[] }[] = [];
    for (const s of reads) {
      const rs = await clientOf(h).execute({
        sql: `EXPLAIN QUERY PLAN ${s.sql}`,
        args: s.args ?? [],
      });
      out.push({ sql: s.sql, plan: rs.rows.map((r) => String(r.detail)) });
    }
    return out;
  }

  const plansOf = async (table: string | RegExp): Promise<string[][]> =>
    (await statementPlans(table)).map((s) => s.plan);

  return { statementPlans, plansOf };
}

export function expectRangeScans(plans: string[][]) {
  for (const plan of plans) {
    expect(plan.join('\n')).not.toMatch(/TEMP B-TREE|SCAN (?!.*VIRTUAL TABLE)\w+$/m);
    expect(plan[0]).toMatch(/^SEARCH \S+ USING (COVERING )?INDEX/);
  }
}
