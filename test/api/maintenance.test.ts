import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outbox } from '../../worker/src/db/schema';
import { runMaintenance } from '../../worker/src/features/maintenance/maintenance';
import { newId } from '../../worker/src/lib/ids';
import { startHarness, type Harness } from '../helpers/harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ autoDeliver: false });
});
afterEach(() => h.close());

describe('maintenance of the outbox', () => {
  it('deletes delivered and skipped messages older than a month, and keeps failed, waiting and recent ones', async () => {
    const t = h.clock.now();
    const old = t - 30 * 24 * 3600_000 - 1;
    const row = (status: 'sent' | 'skipped' | 'error' | 'queued', at: number) => ({
      id: newId(),
      kind: 'password_changed' as const,
      channel: 'email' as const,
      recipient: 'a@example.com',
      refId: 'x',
      status,
      nextAttemptAt: status === 'queued' ? t + 3_600_000 : at,
      createdAt: at,
    });
    const rows = [
      row('sent', old),
      row('skipped', old),
      row('error', old),
      row('queued', old),
      row('sent', t - 1000),
    ];
    await h.db.insert(outbox).values(rows);
    const result = await runMaintenance(h.services);
    expect(result.deletedMessages).toBe(2);
    const left = await h.db.select({ id: outbox.id }).from(outbox);
    expect(left.map((r) => r.id).sort()).toEqual([rows[2]!.id, rows[3]!.id, rows[4]!.id].sort());
    expect((await runMaintenance(h.services)).deletedMessages).toBe(0);
  });
});
