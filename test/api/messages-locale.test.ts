/**
 * Messages in the invitee's language (docs/I18N-messages.md): a personal invitation's `locale`, the
 * bulk send's, the CSV import's `locale` column; else the organization's `settings.language`. What
 * goes out is read from the local mailbox as a person would (`/dev/mail.json`).
 */
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { invitations, memberships, outbox, users } from '../../worker/src/db/schema';
import { formatDateTime } from '../../worker/src/i18n/dates';
import { AT_SCALE_QUOTA, startHarness, type Harness } from '../helpers/harness';
import { addPerson, deliver } from '../helpers/invitations';
import { orgWithRoles } from '../helpers/seed';

let h: Harness;
let org: Awaited<ReturnType<typeof orgWithRoles>>;
beforeEach(async () => {
  h = await startHarness({ messageQuota: AT_SCALE_QUOTA });
  org = await orgWithRoles(h);
});
afterEach(() => h.close());

interface DevMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Delivers what is due, then the local mailbox's messages to `to`, newest first. */
async function mailTo(to: string): Promise<DevMail[]> {
  await deliver(h);
  const res = await h.call('GET', '/dev/mail.json');
  expect(res.status).toBe(200);
  return (res.body.items as DevMail[]).filter((m) => m.to === to);
}

const invite = (body: Record<string, unknown>) =>
  h.call('POST', `/api/orgs/${org.orgId}/invitations`, { token: org.admin.token, body });

const settings = async (patch: Record<string, unknown>) =>
  expect(
    (
      await h.call('PATCH', `/api/orgs/${org.orgId}/settings`, {
        token: org.owner.token,
        body: patch,
      })
    ).status,
  ).toBe(200);

describe('a personal invitation in the invitee’s language', () => {
  it('locale "ja": subject, body and dates in Japanese, in the organization’s time zone; a resend keeps it', async () => {
    await settings({ timeZone: 'Asia/Tokyo' });
    const res = await invite({ email: 'hana@example.com', role: 'member', locale: 'ja' });
    expect(res.status).toBe(201);
    expect(res.body.invitation.locale).toBe('ja');
    const [stored] = await h.db.select().from(invitations);
    expect(stored!.locale).toBe('ja');

    const [mail] = await mailTo('hana@example.com');
    expect(mail!.subject).toBe('「Acme」への招待');
    expect(mail!.text).toContain('「Acme」にメンバーとして招待されました。');
    expect(mail!.text).toContain('招待を承諾する: http://localhost:8787/invite/');
    expect(mail!.text).toContain('有効期限: ');
    const until = formatDateTime(Date.parse(res.body.invitation.expiresAt), 'ja', 'Asia/Tokyo');
    expect(until).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 \d{1,2}:\d{2} JST$/);
    expect(mail!.text).toContain(until);
    expect(mail!.html).toContain('<html lang="ja">');
    expect(mail!.html).toContain('または次のアドレスを開いてください：');
    expect(mail!.text).not.toMatch(/Invitation|Valid until|Accept/);

    h.clock.advance(60_000);
    const resent = await h.call(
      'POST',
      `/api/orgs/${org.orgId}/invitations/${res.body.invitation.id}/resend`,
      { token: org.admin.token },
    );
    expect(resent.status).toBe(200);
    const [again] = await mailTo('hana@example.com');
    expect(again!.subject).toBe('「Acme」への招待');
    expect(again!.text).not.toBe(mail!.text); // a new link and expiry, same language
    expect(again!.text).toContain('招待を承諾する');
  });

  it('locale "ru" and "zh-CN": Russian and Simplified Chinese, dates written their way', async () => {
    await settings({ timeZone: 'Europe/Moscow' });
    const ru = await invite({ email: 'ivan@example.com', role: 'admin', locale: 'ru' });
    const zh = await invite({ email: 'wei@example.com', role: 'member', locale: 'zh-CN' });
    expect([ru.status, zh.status]).toEqual([201, 201]);

    const [toIvan] = await mailTo('ivan@example.com');
    expect(toIvan!.subject).toBe('Приглашение в «Acme»');
    expect(toIvan!.text).toContain('приглашает вас в «Acme» с ролью «Администратор».');
    expect(toIvan!.text).toContain('Принять приглашение: http://localhost:8787/invite/');
    const ruUntil = formatDateTime(Date.parse(ru.body.invitation.expiresAt), 'ru', 'Europe/Moscow');
    expect(ruUntil).toMatch(/^\d{1,2} [а-я]+ \d{4} г\. в \d{2}:\d{2} /);
    expect(toIvan!.text).toContain(`Действует до: ${ruUntil}`);

    const [toWei] = await mailTo('wei@example.com');
    expect(toWei!.subject).toBe('邀请您加入“Acme”');
    expect(toWei!.text).toContain('以成员身份加入“Acme”');
    expect(toWei!.text).toContain('接受邀请: http://localhost:8787/invite/');
    expect(toWei!.text).toMatch(/有效期至: \d{4}年\d{1,2}月\d{1,2}日 /);
    expect(toWei!.html).toContain('<html lang="zh-CN">');
  });

  it('without a locale, the organization’s language; with neither, English as before', async () => {
    const en = await invite({ email: 'ann@example.com', role: 'member' });
    expect(en.body.invitation.locale).toBeNull();
    const [english] = await mailTo('ann@example.com');
    expect(english!.subject).toBe('Invitation to join “Acme”');
    expect(english!.text).toMatch(/Valid until: \d{1,2} [A-Z][a-z]+ \d{4} at \d{2}:\d{2} UTC/);

    await settings({ language: 'ru' });
    const ru = await invite({ email: 'olga@example.com', role: 'member' });
    expect(ru.body.invitation.locale).toBeNull();
    const [russian] = await mailTo('olga@example.com');
    expect(russian!.subject).toBe('Приглашение в «Acme»');
    // The invitation's own language wins over the organization's.
    await invite({ email: 'ken@example.com', role: 'member', locale: 'en' });
    const [mine] = await mailTo('ken@example.com');
    expect(mine!.subject).toBe('Invitation to join “Acme”');
  });

  it('an invalid locale is 422 invalid_input naming the field, and nothing is created', async () => {
    for (const locale of ['fr', 'zh', 'JA', '', 7, null]) {
      const res = await invite({ email: 'bad@example.com', role: 'member', locale });
      expect(res.status, String(locale)).toBe(422);
      expect(res.body.error).toMatchObject({ code: 'invalid_input' });
      expect(Object.keys(res.body.error.fields)).toContain('locale');
    }
    expect(await h.db.select().from(invitations)).toEqual([]);
    expect(await h.db.select().from(outbox)).toEqual([]);
  });
});

describe('bulk "send invitation" and the CSV import in a language', () => {
  const localeOf = async (userId: string) =>
    (await h.db.select().from(memberships).where(eq(memberships.userId, userId)))[0]!.locale;

  it('the bulk request’s locale writes the message and stays with the person for the next send', async () => {
    const a = await addPerson(h, org.orgId, org.owner.token, { email: 'li@example.com' });
    const res = await h.call('POST', `/api/orgs/${org.orgId}/members/invite`, {
      token: org.owner.token,
      body: { userIds: [a], channel: 'email', locale: 'zh-CN' },
    });
    expect(res.status).toBe(202);
    expect(await localeOf(a)).toBe('zh-CN');
    const [mail] = await mailTo('li@example.com');
    expect(mail!.subject).toBe('您收到加入“Acme”的邀请');
    expect(mail!.text).toContain('您已受邀加入 Acme。');
    expect(mail!.text).toContain('设置密码: http://localhost:8787/set-password/');
    expect(mail!.text).toContain('角色: 成员');

    // Sent again without a locale: the language given before.
    h.clock.advance(60_000);
    await h.call('POST', `/api/orgs/${org.orgId}/members/invite`, {
      token: org.owner.token,
      body: { userIds: [a], channel: 'email' },
    });
    const [again] = await mailTo('li@example.com');
    expect(again!.text).not.toBe(mail!.text);
    expect(again!.subject).toBe('您收到加入“Acme”的邀请');
  });

  it('an invalid bulk locale is 422 and nobody is invited', async () => {
    const a = await addPerson(h, org.orgId, org.owner.token, { email: 'no@example.com' });
    const res = await h.call('POST', `/api/orgs/${org.orgId}/members/invite`, {
      token: org.owner.token,
      body: { userIds: [a], channel: 'email', locale: 'de' },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.fields).toHaveProperty('locale');
    expect(await h.db.select().from(outbox)).toEqual([]);
    expect(await localeOf(a)).toBeNull();
  });

  it('a CSV `language` (or `locale`) column: each person’s messages in theirs; a bad value is that row’s error', async () => {
    const csv = [
      'firstName,lastName,email,language',
      'Hana,Sato,hana@example.com,ja',
      'Pierre,Durand,pierre@example.com,fr',
      'Ivan,Petrov,ivan@example.com,RU',
      'Ann,Lee,ann@example.com,',
    ].join('\n');
    const res = await h.call('POST', `/api/orgs/${org.orgId}/members/import?sendInvitation=true`, {
      token: org.owner.token,
      raw: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 3, skipped: 0, invited: 3 });
    expect(res.body.errors).toEqual([
      { row: 3, code: 'invalid_locale', message: expect.stringContaining('en, zh-CN, ru, ja') },
    ]);
    expect(res.body.ignoredColumns).toBeUndefined();
    expect(await h.db.select().from(users).where(eq(users.email, 'pierre@example.com'))).toEqual(
      [],
    );
    expect((await mailTo('hana@example.com'))[0]!.subject).toBe('「Acme」への招待');
    expect((await mailTo('ivan@example.com'))[0]!.subject).toBe('Ваше приглашение в «Acme»');
    expect((await mailTo('ann@example.com'))[0]!.subject).toBe('Your invitation to “Acme”');

    const byLocaleHeader = await h.call('POST', `/api/orgs/${org.orgId}/members/import`, {
      token: org.owner.token,
      raw: 'First name,Last name,E-mail,Locale\nWei,Zhang,wei@example.com,zh-cn\n',
      headers: { 'content-type': 'text/csv' },
    });
    expect(byLocaleHeader.body).toMatchObject({ created: 1, errors: [] });
    const [wei] = await h.db.select().from(users).where(eq(users.email, 'wei@example.com'));
    expect(await localeOf(wei!.id)).toBe('zh-CN');
  });
});
