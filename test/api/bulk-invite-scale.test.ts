import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { memberships, outbox } from '../../worker/src/db/schema';
import { bulkInvite } from '../helpers/bulk-invite';
import type { Org } from '../helpers/fresh';
import type { Harness } from '../helpers/harness';
import { addPerson, deliver } from '../helpers/invitations';

let h: Harness;
let org: Org;
const { send } = bulkInvite((s) => ({ h, org } = s));

describe('at scale, and in the local mailbox', () => {
  it('queues 10 000 people in one request', async () => {
    const lines = ['firstName,lastName,email,phone'];
    for (let i = 0; i < 10_000; i++)
      lines.push(`F${i},L${i},p${i}@example.com,+7905${String(10_000_000 + i).slice(1)}`);
    await h.call('POST', `/api/orgs/${org.orgId}/members/import`, {
      token: org.owner.token,
      raw: lines.join('\n'),
      headers: { 'content-type': 'text/csv' },
    });
    const ids = (
      await h.db
        .select({ id: memberships.userId })
        .from(memberships)
        .where(eq(memberships.status, 'pending'))
    ).map((r) => r.id);
    const started = performance.now();
    const res = await send(org.owner.token, ids);
    const queuedMs = performance.now() - started;
    expect(res.body).toEqual({ queued: 10_000, errors: [] });
    console.log(`bulk send to 10 000 people: queued in ${Math.round(queuedMs)} ms`);
    expect(queuedMs).toBeLessThan(10_000);
    expect(await h.db.select({ id: outbox.id }).from(outbox)).toHaveLength(10_000);
  });

  it('the local mailbox (/dev/mail) shows the e-mails and the SMS that went out', async () => {
    const a = await addPerson(h, org.orgId, org.owner.token, { email: 'mail@example.com' });
    const b = await addPerson(h, org.orgId, org.owner.token, {
      email: undefined,
      phone: '+79051111111',
    });
    await send(org.owner.token, [a]);
    await send(org.owner.token, [b], 'sms');
    await deliver(h);
    const page = await h.call('GET', '/dev/mail.json');
    expect(page.body.items.map((m: { channel: string; to: string }) => [m.channel, m.to])).toEqual([
      ['sms', '+79051111111'],
      ['email', 'mail@example.com'],
    ]);
    const html = (await h.call('GET', '/dev/mail')).text;
    expect(html).toContain('SMS to +79051111111');
    expect(html).toContain('E-mail to mail@example.com');
  });
});
