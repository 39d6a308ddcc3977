/**
 * docs/BENCHMARKS.md from one run's numbers: machine, method, seeding, every figure with its ratio
 * to the floor, targets, profiles.
 */
import { TARGETS, type RunData } from './report-data';
import {
  figureRow,
  floorLabel,
  load,
  mib,
  ms,
  n,
  profileSection,
  sizeLabel,
  summary,
  times,
} from './report-sections';

export function renderReport(d: RunData): string {
  const m = d.machine;
  const loaded = m.loadBefore[0]! > 0.5 * m.cores || m.loadAfter[0]! > 1.5 * m.cores;
  const small = d.seeds.small;
  const big = d.seeds.big;
  const fig = (id: string) => d.figures.find((f) => f.id === id)!;
  const head =
    '| figure | organization | req/s | req/s vs floor | p50 ms | p50 vs floor | p99 ms | p99 vs floor | errors | non-2xx | peak RSS MiB | RSS vs floor | server CPU ms/req | CPU vs floor |';
  const rule =
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |';
  const b = d.bulk;
  const missed = d.targets.filter((t) => !t.met);

  return [
    '# Benchmarks',
    '',
    `Written by \`${d.command}\` (bench/run.ts) on ${d.date.slice(0, 16).replace('T', ' ')} UTC; the whole run took ${d.durationSeconds.toFixed(0)} s.`,
    d.quick
      ? '**This is a `--quick` run: smaller organizations and shorter figures; run `npm run bench` for the full one.**'
      : '',
    '',
    '## Summary',
    '',
    ...summary(d),
    '',
    '## Machine',
    '',
    '| CPU | cores | memory | Node | OS | load average 1/5/15 min, before → after |',
    '| --- | ---: | ---: | --- | --- | --- |',
    `| ${m.cpu} | ${m.cores} | ${m.memoryGiB.toFixed(1)} GiB | ${m.node} | ${m.os} | ${load(m.loadBefore)} → ${load(m.loadAfter)} |`,
    '',
    loaded
      ? `The machine was shared with other work during this run (load average above), so the load generator, the servers and that work competed for ${m.cores} cores: absolute figures are lower and tails longer than on an idle machine; the ratios to the floor, measured in the same run, are the steadier numbers.\n`
      : '',
    '## How it is measured',
    '',
    `- **The server under test** is the real Node entry (\`worker/src/entry/node.ts\` under tsx, as \`npm start\` runs it) as a child process on 127.0.0.1, on its own temporary libSQL file, with \`RESEND_API_KEY\` set and \`RESEND_BASE_URL\` pointing at the local Resend fake (\`test/fakes/resend-fake.ts\`, in the bench process), so every message goes through Resend's batch endpoint. Production defaults throughout (rate limits, body limits, request log); the only setting the bench adds is \`TRUST_PROXY=1\` (below).`,
    `- **Load**: autocannon's programmatic API, ${d.config.connections} connections, ${d.config.seconds} s per figure after a ${d.config.warmupSeconds} s warm-up that is not counted. Requests/s counts every response in the window; p50 and p99 are taken from every response's own time (not autocannon's whole-millisecond histogram). The load generator runs on the same ${m.cores} cores as the server.`,
    `- **Peak RSS** is the server process's VmHWM from /proc/<pid>/status, reset through /proc/<pid>/clear_refs before each figure, so it is the peak during that figure. **Server CPU ms/req** is the server process's user + system time (/proc/<pid>/stat) over the window divided by the responses: what one request costs, whatever else the machine is doing.`,
    `- **The floor** (\`bench/floor-server.ts\`) is a bare Hono route on @hono/node-server over the same libSQL file with the same client and WAL mode: \`POST /insert\` does one INSERT of a random token's SHA-256, \`GET /select\` one indexed \`SELECT * FROM invitations WHERE org_id = ? AND status = 'pending' ORDER BY created_at DESC, id DESC LIMIT 50\`. Writes are compared with the INSERT floor, reads (lists, quick query, join page) with the SELECT floor on the same database. "vs floor" is product ÷ floor: a share for requests/s, a factor for times and memory.`,
    `- **Two organizations, two databases**: ${sizeLabel(d, 'small')} / ${n(small.spec.applications)} applications, and ${sizeLabel(d, 'big')} / ${n(big.spec.applications)} applications. Invitations are 8 in 11 pending, the rest accepted, canceled or expired; members are pending (added, not invited) with an e-mail address; names come from a fixed pseudo-random sequence. The reads run on both; the writes, the join flow and bulk sending on the large one, after its reads.`,
    `- **The join flow under production rate limits** (30 applications and 300 lookups per client address, 300 applications per link, per 10 minutes): the bench stands in for a reverse proxy. The server runs with \`TRUST_PROXY=1\` (documented configuration, default 0: the socket address) and every request carries its own client address in \`X-Forwarded-For\`, as distinct visitors behind a proxy would; applications are spread round-robin over ${d.config.applyLinks} links, each applicant with a new name and e-mail address. No visitor and no link reaches its limit, and nothing in the limits was changed.`,
    `- **Quick query** cycles through prefixes as people type them: \`iv\`, \`ann\`, \`pete\`, \`maria\`, \`so\`, \`che\`, \`olga\`, \`ivan pe\`, \`ta\`, \`mül\` (20 results each, the API's default).`,
    '',
    '## Seeding',
    '',
    "Batched multi-row INSERTs (200 rows a statement, 50 000 a transaction, no syncs) straight into the libSQL file before the server starts, after the migrations and the first organization were made by the product's own code (`bench/seed.ts`). The search index triggers fire on every row. Each seeded table's secondary indexes are dropped before its rows go in and made again from their own SQL afterwards, so the database ends with exactly the migrations' schema (the trigger's lookup index on `search_docs` stays in place throughout). Indexes built in one go are denser than indexes grown row by row, which flatters reads a little.",
    '',
    '| organization | invitations | members (+ users) | applications | invitations time | members time | applications time | total | rows/s | database file |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...(['small', 'big'] as const).map((size) => {
      const s = d.seeds[size];
      const rows = s.spec.invitations + 2 * s.spec.members + s.spec.applications;
      return `| ${size === 'small' ? 'small' : 'large'} | ${n(s.spec.invitations)} | ${n(s.spec.members)} | ${n(s.spec.applications)} | ${(s.ms.invitations / 1000).toFixed(1)} s | ${(s.ms.members / 1000).toFixed(1)} s | ${(s.ms.applications / 1000).toFixed(1)} s | ${(s.ms.total / 1000).toFixed(1)} s | ${n(rows / (s.ms.total / 1000))} | ${(s.bytes / 1024 ** 2).toFixed(0)} MiB |`;
    }),
    '',
    '## Results',
    '',
    head,
    rule,
    ...Object.entries(d.floors).map(([key, f]) =>
      figureRow(
        `**${floorLabel(d, key)}**`,
        key.endsWith('small') ? sizeLabel(d, 'small') : sizeLabel(d, 'big'),
        f,
        null,
      ),
    ),
    ...d.figures.map((f) => figureRow(f.label, sizeLabel(d, f.size), f.figure, d.floors[f.floor]!)),
    '',
    `## Cost against size: ${n(big.spec.invitations)} invitations against ${n(small.spec.invitations)}`,
    '',
    '| figure | p50 small → large | ratio | mean small → large | ratio | req/s small → large |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...['list-invitations', 'list-applications', 'list-members', 'search'].map((id) => {
      const s = fig(`${id}-small`).figure;
      const l = fig(`${id}-big`).figure;
      return `| ${fig(`${id}-big`).label} | ${ms(s.p50)} → ${ms(l.p50)} ms | ${times(l.p50, s.p50)} | ${ms(s.mean)} → ${ms(l.mean)} ms | ${times(l.mean, s.mean)} | ${n(s.requestsPerSecond)} → ${n(l.requestsPerSecond)} |`;
    }),
    '',
    `The floor's own SELECT: p50 ${ms(d.floors['select-small']!.p50)} → ${ms(d.floors['select-big']!.p50)} ms (${times(d.floors['select-big']!.p50, d.floors['select-small']!.p50)}).`,
    '',
    `## Bulk "send invitation" to ${n(b.users)} users`,
    '',
    "`POST /api/orgs/:org/members/invite` with all their ids in one request (the dashboard's bulk send), then the outbox drainer delivers through the Resend fake's `POST /emails/batch`.",
    '',
    '| users | queued (202) after | delivered | delivery after the 202 | drain throughput | request to last delivery | batch requests (failed) | peak RSS MiB |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${n(b.users)} | ${(b.queueMs / 1000).toFixed(2)} s (${n(b.queued)} queued) | ${n(b.delivered)} | ${(b.drainMs / 1000).toFixed(2)} s | ${n(b.delivered / (b.drainMs / 1000))} messages/s | ${(b.totalMs / 1000).toFixed(2)} s | ${b.batchRequests} (${b.failedBatchRequests}) | ${mib(b.peakRss)} |`,
    '',
    '## Targets',
    '',
    '| target | figure | value | met |',
    '| --- | --- | ---: | --- |',
    ...d.targets.map(
      (t) => `| ${t.target} | ${t.what} | ${t.value} | ${t.met ? 'yes' : '**no**'} |`,
    ),
    '',
    missed.length === 0
      ? 'Every target is met in this run.'
      : `${missed.length} of ${d.targets.length} checks missed in this run; the profiles below show where the time goes.`,
    '',
    `**Latency at ${d.config.connections} connections.** The server is one Node process, and libSQL runs every statement synchronously on its event loop, so requests from ${d.config.connections} connections that always have one request outstanding wait for each other: a request's latency is about ${d.config.connections} × the time the server spends on one request (Little's law). The server's CPU time per request alone puts p50 near ${d.config.connections} × "server CPU ms/req" before the machine's other work, the load generator and fsync are counted. p99 under ${TARGETS.p99Ms} ms at ${d.config.connections} connections therefore needs under about ${(TARGETS.p99Ms / d.config.connections / 2).toFixed(1)} ms of server time per request with headroom for the tail: in this run the floor's own p99 is ${ms(d.floors['select-big']!.p99)} ms (SELECT) and ${ms(d.floors['insert-big']!.p99)} ms (INSERT).`,
    '',
    '## What this bench changed in the product',
    '',
    'Found with this bench and fixed, behaviour unchanged (each with its tests); before → after as measured while fixing, on this machine:',
    '',
    "- **Pending invitations list** (`features/invitations/invitations.ts` `statusFilter`): SQLite answered `status = 'pending' AND expires_at > now` through `invitations_status_expires_idx` — every pending invitation of every organization, then a sort — instead of walking `invitations_org_status_created_idx` newest first. A unary `+` on `expires_at` fixes the plan: 2 s per page at 100 000 invitations under load (360 ms for the query alone) → under 1 ms for the query at 1 000 000. `test/api/list-plans.test.ts` checks the plans of every list's real statements.",
    '- **Quick query** (`features/search/quick-search.ts`): filling in the hits with `org_id = ? AND id IN (…)` made SQLite, which has no statistics, walk an organization index — every invitation of the organization — instead of the primary key: 650 ms per search at 1 000 000 invitations (p50 214 ms → 28 ms under load). The organization check is now `+org_id = ?`.',
    '- **Search index prefixes** (migration `0002_search_prefixes`): the FTS5 index had prefix indexes for 1–3 characters only, so a longer prefix (`pete`, `maria`, `ivan pe`) made FTS5 gather and merge the doclist of every word starting with it before returning the newest 20 — growing with the organization: 1–3 ms at 1 000 000 people against 0.1–0.2 ms with prefixes up to 6 indexed. The index is about half again as large (contentless, 123 → 184 MB at 1.2 million entries).',
    '- **Outbox drainer** (`mail/outbox.ts`, `features/invitations/mail.ts`, `features/members/mail.ts`): a batch of personal or bulk invitations is rendered with one query (`renderMany`) instead of one per message, marked sent in one statement (`onSentMany`; provider ids by `CASE`), and a failed batch render falls back to one message at a time. Bulk delivery: about 800 → 2 000–4 500 messages/s, a third of the CPU per message.',
    '- **Empty drain passes**: every kick of the drainer ends with a pass that finds nothing; it ran three claiming UPDATEs (0.95 ms of CPU). One indexed read now asks first whether anything is due (0.05 ms).',
    '- **Applying through a link** kicked the drainer even when nothing was queued (approval on): 5.3 → 3.6 ms of CPU per application.',
    '- **Session and membership lookups** run on every signed-in request; they are drizzle prepared statements now, built once per database: an organization route 1.06 → 0.69 ms of CPU.',
    "- **One round trip** (docs/ARCHITECTURE.md, \"Round trips\"): the session, user and membership are one statement, which a read sends in one batch with its own statement, built for the role the session last held; a list's rows carry their creator's name and grants as subqueries; a write's checks travel with the caller and its answer is read in its batch. Server CPU per request against the run of 2026-11-21, and as a multiple of the floor's own in the same run (this run's floor is 15 % cheaper, so the multiple is the fairer figure): pending invitations 4.08 → 3.95 ms (3.26× → 3.70×: each of the 50 rows now reads its creator's name and grants in subqueries, where two queries read them for the page, one round trip against three on Turso), the quick query 2.52 → 2.06 ms (2.01× → 1.93×; now 51–53 % of the floor's requests/s), creating a link 2.52 → 1.76 ms (6.35× → 5.90×), a personal invitation 5.66 → 4.45 ms (14.26× → 14.93×), applying 3.89 → 2.94 ms (9.81× → 9.87×). A first version built the read once per role and sent every copy: pending invitations cost 5.44 ms until only the session's last role was built.",
    '- **`TRUST_PROXY`** (new, default 0): behind reverse proxies, per-client rate limits count the address the outermost trusted proxy appended to `X-Forwarded-For`. The bench needs it to send distinct visitors; a real deployment behind nginx needs it so that every visitor is not one client.',
    "- **The lists' `q` filter** (`?q=` on invitations, members and applications; `db/search-index.ts` `listPage`): SQLite walked the organization's list index newest first and tested each row against the hits, which it gathered by reading every search entry of the kind in every organization, so a rare or absent name read the whole organization and a common one every entry. The organization's hits are now counted first (newest search entries first, stopping after 2 000). Up to 2 000, the page is read from the hits by key and sorted; with more, it is looked for among the list's next 2 000 rows, each tested by key against the search index, and only when those do not fill the page does the list walk on, testing rows against the hits gathered from the search index. Rows, order and cursors are the same (`test/api/list-search.test.ts`); `test/api/list-plans-search.test.ts` checks the plans of every shape. Median of 20 requests through the app at 1 000 000 invitations, 100 000 members and 100 000 applications (`npm run bench:q`; before: the parent commit's `worker/` with `--root`): invitations, absent name 137 → 1.8 ms, one person 170 → 2.6 ms, 1 268 people 227 → 21 ms, 49 535 people 338 → 28 ms (with `status=pending` 337 → 28 ms), all 1 000 000 people 1 032 → 209 ms; members and applications, absent or one person 17–20 → 1.2–1.8 ms, 130 people 32 → 11–12 ms, about 5 000 people 39–40 → 18–22 ms.",
    '',
    '## Noticed, not changed',
    '',
    "- **The `q` filter, what is left**: a name with more than 2 000 hits, all of them far down the list (11 111 invitations among the oldest tenth), still walks the list down to them: 435 → 367 ms at 1 000 000 invitations. A prefix everyone matches (`e`: every seeded address is at example.com) takes 209 ms, most of it gathering its 1.2 million hits from the search index once for the window's test. And the search index serves every organization: counting an organization's hits reads the term's entries of every organization and kind, newest first, until it has 2 001 of its own (about 50 of those 209 ms); the quick query does the same.",
    '- **Claiming retried batches** (`mail/outbox.ts` `claim`) finds due batch keys with an OR that SQLite answers by reading every queued row: a few ms per pass while 10 000 messages wait, about a tenth of the bulk drain.',
    "- **Per-statement cost**: @libsql/client prepares every statement afresh (no statement cache), and drizzle builds each query's SQL on every call; in the profiles `prepare`, `columns`, `rowFromSql` and drizzle's `is`/`sql` together take a third or more of a request. The floor pays the same per statement, but it runs one statement where a signed-in list runs two (the caller's lookup and its page, in one transaction).",
    '- **One request log line per request** (`app.ts`) is a synchronous write to stdout: 3–5 % of a small request.',
    '',
    ...(d.profiles.length
      ? [
          '## Where the time goes',
          '',
          `CPU profiles (\`node --cpu-prof\` on the server process) of a fresh server on the same database, under the same load for ${d.config.profileSeconds} s; start-up is left out. SQLite's own work (libSQL runs every statement synchronously on the event loop) shows as the \`libsql\` functions that call into it: \`prepare\` (compiling a statement; @libsql/client keeps no statement cache), \`run\` (writes, commits and their fsync), \`iterate\`/\`next\`/\`columns\` (reads); \`rowFromSql\` is @libsql/client turning rows into objects; \`is\` and \`sql\` are drizzle building queries. "(program)" is other native time and "(garbage collector)" V8's collector. Product files appear without line numbers (tsx compiles them on the fly).`,
          '',
          ...d.profiles.map((p) => profileSection(d, p)),
        ]
      : []),
  ].join('\n');
}
