/**
 * "CSV parsing never blocks": a hostile import file, up to the 10 MiB limit, is read in steps that
 * give the event loop back (to other requests, timers), and still gets its ordinary answer.
 * Counted, not timed: a callback chained with setImmediate runs once per turn of the loop, and the
 * turns it counts from the moment the app has read the whole file to the end of the answer are the
 * times the import let something else run (an import that holds the loop from the file to its
 * answer lets it count none). How long the loop is held is measured by `npm run bench:csv`
 * (docs/BENCHMARKS.md), never here.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportResponse } from '../../shared/api/members';
import { startHarness, type Harness } from '../helpers/harness';
import { orgWithRoles } from '../helpers/seed';

let h: Harness;
let org: Awaited<ReturnType<typeof orgWithRoles>>;
beforeEach(async () => {
  h = await startHarness({ autoDeliver: false });
  org = await orgWithRoles(h);
});
afterEach(() => h.close());

const HEADER = 'firstName,lastName,email\n';

/**
 * Uploads `csv` (as a stream, which notes when the app asks for more after its last byte) and
 * counts the turns of the event loop from then until the answer has been read.
 */
async function importCountingTurns(csv: string) {
  let turns = 0;
  let counting = false;
  const turn = () => {
    if (!counting) return;
    turns++;
    setImmediate(turn);
  };
  const bytes = new TextEncoder().encode(csv);
  let sent = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!sent) {
        sent = true;
        controller.enqueue(bytes);
        return;
      }
      controller.close();
      counting = true;
      setImmediate(turn);
    },
  });
  const init = {
    method: 'POST',
    body,
    duplex: 'half',
    headers: { authorization: `Bearer ${org.owner.token}`, 'content-type': 'text/csv' },
  };
  const res = await h.app.request(`/api/orgs/${org.orgId}/members/import`, init as RequestInit);
  const text = await res.text();
  counting = false;
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    body: JSON.parse(text) as ImportResponse,
    turns,
  };
}

describe('CSV parsing never blocks', () => {
  it('a 10 MiB file with an unterminated quote gives the event loop back many times and gets its per-row answer', async () => {
    const csv = `${HEADER}"${'x'.repeat(10 * 1024 * 1024 - HEADER.length - 1)}`;
    expect(csv.length).toBe(10 * 1024 * 1024);
    const { status, body, turns } = await importCountingTurns(csv);
    expect(status).toBe(200);
    expect(body).toEqual({
      created: 0,
      skipped: 0,
      errors: [{ row: 2, code: 'missing_name', message: 'First and last name are required' }],
    });
    expect(turns).toBeGreaterThanOrEqual(20);
  });

  it('200 000 empty records are read, checked and answered with the event loop given back between parts', async () => {
    const { status, body, type, turns } = await importCountingTurns(HEADER + ',\n'.repeat(200_000));
    expect(status).toBe(200);
    expect(type).toMatch(/^application\/json/);
    expect(body.created).toBe(0);
    expect(body.errors).toHaveLength(200_000);
    expect(body.errors.every((e, i) => e.row === i + 2 && e.code === 'missing_name')).toBe(true);
    expect(turns).toBeGreaterThanOrEqual(50);
  });

  it('a header of 200 000 columns is read with the event loop given back, and its unknown columns are listed', async () => {
    const { status, body, turns } = await importCountingTurns(
      `firstName,lastName,email${',x'.repeat(200_000)}\n`,
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({ created: 0, skipped: 0, errors: [] });
    expect(body.ignoredColumns).toHaveLength(200_000);
    expect(body.ignoredColumns?.every((c) => c === 'x')).toBe(true);
    expect(turns).toBeGreaterThanOrEqual(50);
  });
});
