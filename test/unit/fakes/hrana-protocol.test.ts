// The Hrana v2 JSON protocol of the test server spoken directly, for the parts @libsql/client v2
// does not send (stored SQL, every batch condition, get_autocommit, batons across requests).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHranaServer, type HranaServer } from '../../fakes/hrana-server';

let dir: string;
let server: HranaServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hrana-protocol-'));
  server = await startHranaServer({ path: join(dir, 'test.db') });
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

interface PipelineAnswer {
  baton: string | null;
  results: Array<{
    type: 'ok' | 'error';
    response?: Record<string, unknown>;
    error?: { message: string; code: string };
  }>;
}

async function pipeline(body: unknown): Promise<{ status: number; json: PipelineAnswer }> {
  const response = await fetch(`${server.url}/v2/pipeline`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as PipelineAnswer };
}

const sql = (text: string) => ({ sql: text, args: [], named_args: [], want_rows: true });

describe('Hrana v2 pipeline protocol', () => {
  it('keeps a transaction across requests by baton and evaluates every batch condition', async () => {
    await pipeline({
      requests: [{ type: 'execute', stmt: sql('CREATE TABLE t (v TEXT)') }, { type: 'close' }],
    });

    const first = await pipeline({
      requests: [
        { type: 'store_sql', sql_id: 1, sql: 'INSERT INTO t (v) VALUES (?) RETURNING rowid' },
        {
          type: 'batch',
          batch: {
            steps: [
              { stmt: sql('BEGIN') },
              {
                condition: { type: 'ok', step: 0 },
                stmt: {
                  sql_id: 1,
                  args: [{ type: 'text', value: 'a' }],
                  named_args: [],
                  want_rows: true,
                },
              },
              { condition: { type: 'ok', step: 1 }, stmt: sql('INSERT INTO nope VALUES (1)') },
              { condition: { type: 'error', step: 2 }, stmt: sql('SELECT 1') },
              {
                condition: {
                  type: 'and',
                  conds: [
                    { type: 'ok', step: 3 },
                    { type: 'not', cond: { type: 'is_autocommit' } },
                  ],
                },
                stmt: sql('SELECT 2'),
              },
              {
                condition: {
                  type: 'or',
                  conds: [{ type: 'ok', step: 2 }, { type: 'is_autocommit' }],
                },
                stmt: sql('SELECT 3'),
              },
            ],
          },
        },
        { type: 'get_autocommit' },
      ],
    });
    expect(first.status).toBe(200);
    expect(first.json.baton).toEqual(expect.any(String));
    const batch = first.json.results[1]?.response?.result as {
      step_results: Array<{ rows: unknown[][] } | null>;
      step_errors: Array<{ code: string } | null>;
    };
    expect(batch.step_results.map((r) => r !== null)).toEqual([
      true,
      true,
      false,
      true,
      true,
      false,
    ]);
    expect(batch.step_errors.map((e) => e?.code ?? null)).toEqual([
      null,
      null,
      'SQLITE_ERROR',
      null,
      null,
      null,
    ]);
    expect(batch.step_results[1]?.rows).toEqual([[{ type: 'integer', value: '1' }]]);
    expect(first.json.results[2]).toEqual({
      type: 'ok',
      response: { type: 'get_autocommit', is_autocommit: false },
    });
    expect(server.openStreams).toBe(1);

    const second = await pipeline({
      baton: first.json.baton,
      requests: [
        { type: 'execute', stmt: sql('COMMIT') },
        { type: 'get_autocommit' },
        { type: 'close_sql', sql_id: 1 },
        { type: 'execute', stmt: { sql_id: 1, args: [], named_args: [], want_rows: true } },
        { type: 'close' },
      ],
    });
    expect(second.json.baton).toBeNull();
    expect(second.json.results.map((r) => r.type)).toEqual(['ok', 'ok', 'ok', 'error', 'ok']);
    expect(second.json.results[1]?.response).toEqual({
      type: 'get_autocommit',
      is_autocommit: true,
    });
    expect(second.json.results[3]?.error?.code).toBe('SQL_NOT_FOUND');
    expect(server.openStreams).toBe(0);

    const stale = await pipeline({ baton: first.json.baton, requests: [{ type: 'close' }] });
    expect(stale.status).toBe(400);
    expect(stale.json).toMatchObject({ code: 'STREAM_EXPIRED' });

    const read = await pipeline({
      requests: [{ type: 'execute', stmt: sql('SELECT v FROM t') }, { type: 'close' }],
    });
    expect(read.json.results[0]?.response?.result).toMatchObject({
      cols: [{ name: 'v', decltype: 'TEXT' }],
      rows: [[{ type: 'text', value: 'a' }]],
    });
  });

  it('answers a malformed pipeline with 400 in Hrana error shape', async () => {
    const { status, json } = await pipeline({ requests: [{ type: 'execute' }] });
    expect(status).toBe(400);
    expect(json).toMatchObject({ code: 'PROTO_ERROR', message: expect.any(String) });
  });
});
