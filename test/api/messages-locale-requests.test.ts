/**
 * Messages in the language of the request that led to them (docs/I18N-messages.md): an
 * application's welcome speaks the language the applicant read the join page in (kept on the
 * application, so an approval days later still does), the join API's `locale` or Accept-Language;
 * a password link or notice, the language of the request that asked for it. An SMS is translated
 * too, and a retry sends the very same text.
 */
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { applications, memberships, outbox } from '../../worker/src/db/schema';
import { twilioSmsTransport } from '../../worker/src/mail/sms-twilio';
import { startSmsFake, type SmsFake } from '../fakes/sms-fake';
import { PUBLIC_URL, startHarness, type Harness, type HarnessOptions } from '../helpers/harness';
import { apply, createLink, mailTo, postForm } from '../helpers/links';
import { orgWithRoles } from '../helpers/seed';

let h: Harness | undefined;
let sms: SmsFake | undefined;
afterEach(async () => {
  await h?.close();
  await sms?.close();
  h = sms = undefined;
});

async function setup(opts: HarnessOptions = {}) {
  h = await startHarness(opts);
  const org = await orgWithRoles(h);
  return { h, org };
}

describe('the welcome after applying through a link', () => {
  it('the join page read with Accept-Language: ru → the application keeps "ru" and the welcome after approval is Russian', async () => {
    const { h, org } = await setup();
    const link = await createLink(h, org.orgId, org.admin.token, { requiresApproval: true });
    const res = await postForm(
      h,
      `/join/${link.token}`,
      { name: 'Иван Петров', email: 'ivan@example.com' },
      {
        origin: PUBLIC_URL,
        'sec-fetch-site': 'same-origin',
        'accept-language': 'ru-RU,ru;q=0.9,en;q=0.5',
      },
    );
    expect(res.status).toBe(200);
    const list = await h.call('GET', `/api/orgs/${org.orgId}/applications`, {
      token: org.admin.token,
    });
    expect(list.body.items).toMatchObject([{ email: 'ivan@example.com', locale: 'ru' }]);

    h.clock.advance(3 * 24 * 3600_000); // approved days later, by an admin reading English
    const id = list.body.items[0].id;
    const approved = await h.call('POST', `/api/orgs/${org.orgId}/applications/${id}/approve`, {
      token: org.admin.token,
      headers: { 'accept-language': 'en' },
    });
    expect(approved.status).toBe(200);
    expect(approved.body.application.locale).toBe('ru');
    const [welcome] = await mailTo(h, 'ivan@example.com');
    expect(welcome!.subject).toBe('Добро пожаловать в Acme');
    expect(welcome!.text).toContain('Добро пожаловать в Acme, Иван Петров');
    expect(welcome!.text).toContain('ваша заявка на вступление одобрена');
    expect(welcome!.text).toContain('Адрес для входа: http://localhost:8787/login');
    expect(welcome!.text).toContain('Задать пароль: http://localhost:8787/set-password/');
    expect(welcome!.text).toMatch(/действует до \d{1,2} [а-я]+ \d{4} г\./);
    expect(welcome!.html).toContain('<html lang="ru">');
    // The new member's later messages (a bulk resend) keep the applicant's language.
    const [member] = await h.db
      .select()
      .from(memberships)
      .where(eq(memberships.userId, approved.body.membership.userId));
    expect(member!.locale).toBe('ru');
  });

  it('the page’s `lang` field beats the browser; a member’s “already here” notice speaks it too', async () => {
    const { h, org } = await setup();
    const link = await createLink(h, org.orgId, org.admin.token, { requiresApproval: false });
    const headers = {
      origin: PUBLIC_URL,
      'sec-fetch-site': 'same-origin',
      'accept-language': 'ru',
    };
    await postForm(
      h,
      `/join/${link.token}`,
      { name: 'Hana Sato', email: 'hana@example.com', lang: 'ja' },
      headers,
    );
    const [welcome] = await mailTo(h, 'hana@example.com');
    expect(welcome!.subject).toBe('Acme へようこそ');
    expect(welcome!.text).toContain('Hana Sato 様、Acme へようこそ');
    expect(welcome!.text).toContain('パスワードを設定する: ');

    // The member applies again: the notice is in the language of this page.
    await postForm(
      h,
      `/join/${link.token}`,
      { name: 'M', email: 'member@acme.test', lang: 'zh-CN' },
      headers,
    );
    const [notice] = await mailTo(h, 'member@acme.test');
    expect(notice!.subject).toBe('您加入 Acme 的申请');
    expect(notice!.text).toContain('此地址已属于 Acme');
  });

  it('the join API: `locale` in the body, else Accept-Language, else the organization’s language', async () => {
    const { h, org } = await setup();
    await h.call('PATCH', `/api/orgs/${org.orgId}/settings`, {
      token: org.owner.token,
      body: { language: 'zh-CN' },
    });
    const link = await createLink(h, org.orgId, org.admin.token, { requiresApproval: true });
    const ask = (email: string, body: Record<string, unknown>, headers = {}) =>
      h.call('POST', `/api/join/${link.token}`, {
        body: { name: 'A B', email, ...body },
        headers: { 'cf-connecting-ip': '10.1.1.1', ...headers },
      });
    expect((await ask('a@example.com', { locale: 'ja' }, { 'accept-language': 'ru' })).status).toBe(
      201,
    );
    expect((await ask('b@example.com', {}, { 'accept-language': 'ru-RU' })).status).toBe(201);
    expect((await ask('c@example.com', {}, { 'accept-language': 'de, fr;q=0.5' })).status).toBe(
      201,
    );
    const stored = Object.fromEntries(
      (await h.db.select().from(applications)).map((a) => [a.email, a.locale]),
    );
    expect(stored).toEqual({
      'a@example.com': 'ja',
      'b@example.com': 'ru',
      'c@example.com': 'zh-CN',
    });
  });

  it('an invalid `locale` in the apply body is 422 naming it, and nothing is written', async () => {
    const { h, org } = await setup();
    const link = await createLink(h, org.orgId, org.admin.token, { requiresApproval: false });
    const res = await apply(h, link.token, {
      name: 'A B',
      email: 'x@example.com',
      locale: 'klingon',
    });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'invalid_input' });
    expect(res.body.error.fields).toHaveProperty('locale');
    expect(await h.db.select().from(applications)).toEqual([]);
    expect(await h.db.select().from(outbox)).toEqual([]);
  });
});

describe('password messages in the language of the request', () => {
  it('a reset asked for with Accept-Language: ja comes in Japanese; the change notice in the body’s locale', async () => {
    const { h, org } = await setup();
    const reset = await h.call('POST', '/api/auth/password-reset', {
      body: { email: org.member.email },
      headers: { 'accept-language': 'ja,en;q=0.8' },
    });
    expect(reset.status).toBe(202);
    await h.settled();
    const [link] = await mailTo(h, org.member.email);
    expect(link!.subject).toBe('Invitations の新しいパスワードを設定してください');
    expect(link!.text).toContain(
      '新しいパスワードを設定する: http://localhost:8787/reset-password/',
    );
    expect(link!.text).toMatch(
      /このリンクは一度だけ、\d{4}年\d{1,2}月\d{1,2}日 \d{1,2}:\d{2} UTCまで/,
    );

    const changed = await h.call('POST', '/api/account/password', {
      token: org.admin.token,
      body: {
        currentPassword: 'correct horse battery',
        newPassword: 'a much longer new password',
        locale: 'zh-CN',
      },
      headers: { 'accept-language': 'ru' },
    });
    expect(changed.status).toBe(204);
    const [notice] = await mailTo(h, org.admin.email);
    expect(notice!.subject).toBe('您的 Invitations 密码已更改');
    expect(notice!.text).toContain('设置新密码: http://localhost:8787/reset-password');
  });

  it('without a language asked for, English as before; a bad locale is 422 and changes nothing', async () => {
    const { h, org } = await setup();
    await h.call('POST', '/api/auth/password-reset', { body: { email: org.member.email } });
    await h.settled();
    const [link] = await mailTo(h, org.member.email);
    expect(link!.subject).toBe('Choose a new password for Invitations');

    const bad = await h.call('POST', '/api/account/password', {
      token: org.admin.token,
      body: {
        currentPassword: 'correct horse battery',
        newPassword: 'a much longer new password',
        locale: 'english',
      },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields).toHaveProperty('locale');
    const signIn = await h.call('POST', '/api/auth/login', {
      body: { email: org.admin.email, password: 'correct horse battery' },
    });
    expect(signIn.status).toBe(200);
  });
});

describe('an SMS in the invitee’s language', () => {
  it('goes out in Russian through the provider, and a retry after a lost answer sends it once, the same text', async () => {
    sms = await startSmsFake({ accountSid: 'AC123', authToken: 'secret-token' });
    const { h, org } = await setup({
      autoDeliver: false,
      sms: twilioSmsTransport({
        accountSid: 'AC123',
        authToken: 'secret-token',
        from: '+15550001111',
        baseUrl: sms.url,
        timeoutMs: 300,
      }),
    });
    await h.call('PATCH', `/api/orgs/${org.orgId}/settings`, {
      token: org.owner.token,
      body: { timeZone: 'Europe/Moscow' },
    });
    const res = await h.call('POST', `/api/orgs/${org.orgId}/invitations`, {
      token: org.admin.token,
      body: { phone: '+79051111111', channel: 'sms', role: 'member', locale: 'ru' },
    });
    expect(res.status).toBe(201);
    // The provider takes the message, but its answer is lost (a 500 after accepting it).
    sms.plan([{ status: 500, accept: true }]);
    await h.services.outbox.kick();
    expect(sms.sent).toHaveLength(1);
    const body = sms.sent[0]!.body;
    expect(body).toMatch(
      /^.+ приглашает вас в «Acme»\. Примите приглашение до \d{1,2} [а-я]+ \d{4} г\. в \d{2}:\d{2} GMT\+3: http:\/\/localhost:8787\/invite\//,
    );
    h.clock.advance(60_000);
    await h.services.outbox.kick();
    // The retry rendered the very same body, found it among the sent messages and sent nothing.
    expect(sms.sentTo('+79051111111')).toHaveLength(1);
    const [row] = await h.db.select().from(outbox).where(eq(outbox.channel, 'sms'));
    expect(row!.status).toBe('sent');
  });
});

describe('a verification code in the language of the page that asked for it', () => {
  it('the asking request’s Accept-Language, else the invitation’s locale', async () => {
    const { h, org } = await setup();
    const created = await h.call('POST', `/api/orgs/${org.orgId}/invitations`, {
      token: org.admin.token,
      body: { email: 'kenji@example.com', channel: 'link', role: 'member', locale: 'ja' },
    });
    expect(created.status).toBe(201);
    const token = created.body.url.slice(created.body.url.lastIndexOf('/') + 1);
    const ask = (headers: Record<string, string>) =>
      h.call('POST', `/api/invite/${token}/code`, {
        headers: { 'cf-connecting-ip': '10.2.2.2', ...headers },
      });
    expect((await ask({})).status).toBe(202);
    const [ja] = await mailTo(h, 'kenji@example.com');
    expect(ja!.subject).toMatch(/^確認コード：\d{8}$/);
    expect(ja!.text).toContain('「Acme」への招待を承諾するための確認コード');

    expect((await ask({ 'accept-language': 'ru-RU' })).status).toBe(202);
    const ru = (await mailTo(h, 'kenji@example.com')).at(-1);
    expect(ru!.subject).toMatch(/^Ваш код: \d{8}$/);
    expect(ru!.text).toContain('чтобы принять приглашение в «Acme»');
  });
});
