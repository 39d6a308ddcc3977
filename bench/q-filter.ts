/**
 * `npm run bench:q`: the lists' `?q=` filter at 1 000 000 invitations, 100 000 members and 100 000
 * applications (bench/seed.ts, the same organization as the large one of `npm run bench`),
 * in-process through the app, signed in as the owner: an absent name, a rare one (one person),
 * about a thousand, thousands, every person, and eleven thousand among the oldest, with and without
 * a status filter. Prints, per query, how many people match and the median of `--runs` requests.
 *
 *   --db <file>     seed into this file, or reuse it if it was seeded before (else a temporary file, removed after)
 *   --root <dir>    run another checkout's worker/src against the same database, for a "before"
 *                   (e.g. `git archive HEAD worker shared | tar -x -C /tmp/before`, with node_modules linked)
 *   --runs <n>      requests per query (default 20, after one that is not counted)
 *   --walk          also time every query with the list index walked whatever the number of hits
 *                   (`listSearch.fewHits = 0`), the shape the hits above `fewHits` take
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'drizzle-orm';
import { OWNER, seedDatabase } from './seed';
import { ROOT } from './server';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const runs = Number(arg('--runs') ?? 20);
const root = resolve(arg('--root') ?? ROOT);
const SPEC = { invitations: 1_000_000, members: 100_000, applications: 100_000 };

/** The app's modules from `root`: this checkout, or another one for a "before". */
async function load<T>(path: string): Promise<T> {
  return (await import(pathToFileURL(join(root, path)).href)) as T;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function main() {
  const given = arg('--db');
  const dir = given ? null : mkdtempSync(join(tmpdir(), 'invitations-bench-q-'));
  const file = given ? resolve(given) : join(dir!, 'q.db');
  try {
    if (!existsSync(file)) {
      console.log(
        `seeding ${file}: ${SPEC.invitations} invitations, ${SPEC.members} members, ${SPEC.applications} applications…`,
      );
      const seeded = await seedDatabase(file, SPEC);
      console.log(`  ${(seeded.ms.total / 1000).toFixed(1)} s`);
    }
    const { createApp } = await load<typeof import('../worker/src/app')>('worker/src/app.ts');
    const { createServices } =
      await load<typeof import('../worker/src/services')>('worker/src/services.ts');
    const { openDatabase, nodeScrypt } = await load<
      typeof import('../worker/src/entry/node-runtime')
    >('worker/src/entry/node-runtime.ts');
    // Where the search module lives in the checkout measured (it moved as the code was reorganized).
    const searchModule = [
      'worker/src/db/search-index.ts',
      'worker/src/features/search/search.ts',
      'worker/src/domain/search.ts',
    ].find((path) => existsSync(join(root, path)));
    const search = await load<Partial<typeof import('../worker/src/db/search-index')>>(
      searchModule ?? 'worker/src/db/search-index.ts',
    );
    const { db, close } = await openDatabase(`file:${file}`);
    // Local mode as config.ts localMode decides it (no provider, a loopback PUBLIC_URL); the bench
    // sends no message.
    const app = createApp(
      createServices({
        db,
        config: {
          publicUrl: 'http://localhost:8787',
          extensionOrigins: [],
          localMode: true,
          orgCreation: 'anyone',
          messageQuota: { perHour: 1_000_000, perDay: 10_000_000 },
        },
        tokenSecret: 'bench-q-filter-secret-0123456789abcdef',
        scrypt: nodeScrypt,
        log: () => {},
      }),
    );
    const [org] = await db.all<{ id: string }>(
      sql`SELECT id FROM organizations ORDER BY created_at LIMIT 1`,
    );
    const login = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: OWNER.email, password: OWNER.password }),
    });
    const { token } = (await login.json()) as { token: string };
    const get = async (path: string) => {
      const res = await app.request(`/api/orgs/${org!.id}${path}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await res.json()) as { items: unknown[] };
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
      return body.items.length;
    };
    const hitCount = async (kind: string, q: string) => {
      const match = q
        .split(' ')
        .map((w) => `"${w}"*`)
        .join(' ');
      const [row] = await db.all<{ n: number }>(
        sql`SELECT count(*) AS n FROM search_fts f CROSS JOIN search_docs d ON d.id = f.rowid WHERE search_fts MATCH ${match} AND d.kind = ${kind} AND d.org_id = ${org!.id}`,
      );
      return row!.n;
    };

    // Names in the seed come from fixed lists (no "quentin"); every e-mail holds the person's
    // number: i123456 is one invitation, i12 the 11 111 of i12, i120…i129, …, i120000…i129999, all
    // among the oldest.
    const cases: [string, string, string][] = [
      ['invitations', 'invitation', 'quentin'],
      ['invitations', 'invitation', 'i123456'],
      ['invitations', 'invitation', 'ivan pet'],
      ['invitations', 'invitation', 'ivan'],
      ['invitations', 'invitation', 'e'],
      ['invitations', 'invitation', 'i12'],
      ['invitations?status=pending&', 'invitation', 'quentin'],
      ['invitations?status=pending&', 'invitation', 'ivan'],
      ['members', 'member', 'quentin'],
      ['members', 'member', 'm12345'],
      ['members', 'member', 'ivan pet'],
      ['members', 'member', 'ivan'],
      ['applications', 'application', 'quentin'],
      ['applications', 'application', 'a12345'],
      ['applications', 'application', 'ivan pet'],
      ['applications', 'application', 'ivan'],
    ];
    const shapes: [string, number | undefined][] = [
      [search.listSearch ? `fewHits ${search.listSearch.fewHits}` : 'before', undefined],
    ];
    if (args.includes('--walk') && search.listSearch) shapes.push(['walk (fewHits 0)', 0]);
    console.log(
      `\n${root === ROOT ? 'this checkout' : root}; ${cpus().length} × ${cpus()[0]?.model}; median of ${runs} requests (ms)\n`,
    );
    console.log(`| list | q | people matching | ${shapes.map((s) => s[0]).join(' | ')} | items |`);
    console.log(`| --- | --- | ---: | ${shapes.map(() => '---:').join(' | ')} | ---: |`);
    for (const [list, kind, q] of cases) {
      const path = `/${list}${list.includes('?') ? '' : '?'}q=${encodeURIComponent(q)}`;
      const medians: string[] = [];
      let items = 0;
      for (const [, fewHits] of shapes) {
        const saved = search.listSearch?.fewHits;
        if (fewHits !== undefined && search.listSearch) search.listSearch.fewHits = fewHits;
        items = await get(path);
        const times: number[] = [];
        for (let i = 0; i < runs; i++) {
          const t = performance.now();
          await get(path);
          times.push(performance.now() - t);
        }
        if (saved !== undefined && search.listSearch) search.listSearch.fewHits = saved;
        medians.push(median(times).toFixed(median(times) < 10 ? 2 : 1));
      }
      console.log(
        `| ${list.replace(/[?&]+$/, '').replace('?', ' ')} | ${q} | ${(await hitCount(kind, q)).toLocaleString('en')} | ${medians.join(' | ')} | ${items} |`,
      );
    }
    close();
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
