import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PUBLIC_URL, startHarness, type Harness } from '../helpers/harness';
import { createLink, postForm, type CreatedLink } from '../helpers/links';
import { orgWithRoles } from '../helpers/seed';

let h: Harness;
let org: Awaited<ReturnType<typeof orgWithRoles>>;
let link: CreatedLink;
beforeEach(async () => {
  h = await startHarness();
  org = await orgWithRoles(h);
  link = await createLink(h, org.orgId, org.admin.token, { expiresInHours: 24 });
});
afterEach(() => h.close());

const path = () => `/join/${link.token}`;

/** A page as a browser asking for `acceptLanguage` would fetch it. */
async function open(p: string, acceptLanguage?: string) {
  const res = await h.request(p, {
    headers: {
      accept: 'text/html,application/xhtml+xml',
      ...(acceptLanguage ? { 'accept-language': acceptLanguage } : {}),
    },
  });
  return { status: res.status, text: await res.text() };
}

const FORM_HEADERS = { origin: PUBLIC_URL, 'sec-fetch-site': 'same-origin' };

async function setSettings(body: Record<string, unknown>) {
  const res = await h.call('PATCH', `/api/orgs/${org.orgId}/settings`, {
    token: org.owner.token,
    body,
  });
  expect(res.status, res.text).toBe(200);
}

describe('the join page speaks the reader’s language', () => {
  it.each([
    ['zh-CN', 'zh-CN,zh;q=0.9,en;q=0.8', '<h1>加入 Acme</h1>', '申请加入', '电子邮件地址'],
    [
      'ru',
      'ru-RU,ru;q=0.9',
      '<h1>Вступить в Acme</h1>',
      'Подать заявку',
      'Адрес электронной почты',
    ],
    ['ja', 'ja-JP', '<h1>Acme に参加</h1>', '参加を申請', 'メールアドレス'],
  ])(
    'Accept-Language %s: headings, labels, button and <html lang>',
    async (locale, header, h1, button, label) => {
      const res = await open(path(), header);
      expect(res.status).toBe(200);
      expect(res.text).toContain(`<html lang="${locale}">`);
      expect(res.text).toContain(h1);
      expect(res.text).toContain(`<label for="email">${label}</label>`);
      expect(res.text).toContain(`<button type="submit">${button}</button>`);
      expect(res.text).not.toContain('Your name');
      // The switcher lists every language, the current one marked.
      for (const code of ['en', 'zh-CN', 'ru', 'ja'])
        expect(res.text).toContain(`href="?lang=${code}"`);
      expect(res.text).toMatch(new RegExp(`href="\\?lang=${locale}"[^>]*aria-current="page"`));
      expect(res.text.match(/aria-current="page"/g)).toHaveLength(1);
    },
  );

  it('English stays the default for a browser that asks for nothing we speak', async () => {
    const res = await open(path(), 'de-DE,fr;q=0.9');
    expect(res.text).toContain('<html lang="en">');
    expect(res.text).toContain('<h1>Join Acme</h1>');
  });

  it('?lang= wins over Accept-Language and survives a form sent back with errors', async () => {
    const page = await open(`${path()}?lang=ja`, 'ru-RU');
    expect(page.text).toContain('<html lang="ja">');
    expect(page.text).toContain('<h1>Acme に参加</h1>');
    expect(page.text).toContain(`action="${path()}?lang=ja"`);
    expect(page.text).toContain('<input type="hidden" name="lang" value="ja"/>');

    const res = await h.request(`${path()}?lang=ja`, {
      method: 'POST',
      headers: {
        ...FORM_HEADERS,
        'content-type': 'application/x-www-form-urlencoded',
        'accept-language': 'ru-RU',
      },
      body: new URLSearchParams({ lang: 'ja', name: '', email: 'not an address' }).toString(),
    });
    const text = await res.text();
    expect(res.status).toBe(422);
    expect(text).toContain('<html lang="ja">');
    expect(text).toContain('<h1>Acme に参加</h1>');
    expect(text).toContain('フォームを確認してください');
    expect(text).toContain('有効なメールアドレスを入力してください');
    expect(text).toContain('入力してください');
    expect(text).not.toContain('Must be a valid e-mail address');
    expect(text).toContain(`action="${path()}?lang=ja"`);
  });

  it('the form’s hidden lang keeps the language the page was read in', async () => {
    const res = await h.request(path(), {
      method: 'POST',
      headers: {
        ...FORM_HEADERS,
        'content-type': 'application/x-www-form-urlencoded',
        'accept-language': 'ja',
      },
      body: new URLSearchParams({ lang: 'ru', name: 'Аня', email: 'bad' }).toString(),
    });
    const text = await res.text();
    expect(res.status).toBe(422);
    expect(text).toContain('<html lang="ru">');
    expect(text).toContain('Введите действительный адрес электронной почты');
    expect(text).toContain('value="Аня"');
  });

  it('the organization’s language applies when the browser asks for none of ours', async () => {
    await setSettings({ language: 'ru' });
    for (const header of ['de-DE,fr;q=0.9', undefined]) {
      const res = await open(path(), header);
      expect(res.text).toContain('<html lang="ru">');
      expect(res.text).toContain('<h1>Вступить в Acme</h1>');
    }
    // The reader's own choice still comes first.
    expect((await open(path(), 'ja')).text).toContain('<html lang="ja">');
    expect((await open(`${path()}?lang=en`, 'ja')).text).toContain('<h1>Join Acme</h1>');
    // Unusable links of the organization speak its language too (an expired one offers to ask for
    // a new invitation, features/renewals/).
    const gone = await createLink(h, org.orgId, org.admin.token, { expiresInHours: 1 });
    h.clock.advance(2 * 3600_000);
    const expired = await open(`/join/${gone.token}`);
    expect(expired.status).toBe(410);
    expect(expired.text).toContain('<html lang="ru">');
    expect(expired.text).toContain('Срок действия ссылки истёк');
  });

  it('ignores a ?lang= that is not ours: no 500, nothing of it on the page', async () => {
    const hostile = ['de', 'zh-TW', 'xx"><script>alert(1)</script>', 'a'.repeat(5000), '%00', ''];
    for (const value of hostile) {
      const res = await open(`${path()}?lang=${encodeURIComponent(value)}`, 'fr');
      expect(res.status, value).toBe(200);
      expect(res.text, value).toContain('<html lang="en">');
      expect(res.text, value).toContain('<h1>Join Acme</h1>');
      expect(res.text, value).not.toContain('<script>alert');
      expect(res.text, value).not.toContain('aaaaaaaaaa');
      expect(res.text, value).not.toMatch(/lang="(de|zh-TW)"|lang=(de|zh-TW)\b|xx&quot;/);
    }
    const posted = await postForm(h, `${path()}?lang=%3Cb%3E`, {
      lang: '"><script>alert(2)</script>',
      name: '',
      email: '',
    });
    expect(posted.status).toBe(422);
    expect(posted.text).toContain('<html lang="en">');
    expect(posted.text).not.toContain('<script>alert');
    expect(posted.text).not.toContain('&lt;b&gt;');
    expect(posted.text).toContain(`action="${path()}"`);
  });

  it('shows its dates in the organization’s time zone, in the page’s language', async () => {
    const expiresAt = Date.parse(link.body.expiresAt);
    const hhmm = (offsetHours: number) =>
      new Date(expiresAt + offsetHours * 3600_000).toISOString().slice(11, 16);
    expect((await open(path())).text).toContain(`${hhmm(0)} UTC</time>`);

    await setSettings({ timeZone: 'Asia/Tokyo' });
    const en = await open(path());
    expect(en.text).toContain(`${hhmm(9)} GMT+9</time>`);
    expect(en.text).toContain(`<time datetime="${link.body.expiresAt}">`);
    const tokyo = new Date(expiresAt + 9 * 3600_000);
    const ja = await open(path(), 'ja');
    expect(ja.text).toContain(
      `${tokyo.getUTCFullYear()}年${tokyo.getUTCMonth() + 1}月${tokyo.getUTCDate()}日 ${hhmm(9)} JST</time>`,
    );
  });
});

describe('the other hosted pages', () => {
  it('a result page links to sign in, in the page’s language', async () => {
    const instant = await createLink(h, org.orgId, org.admin.token, { requiresApproval: false });
    const done = await postForm(h, `/join/${instant.token}?lang=ru`, {
      lang: 'ru',
      name: 'Anna',
      email: 'anna@example.com',
    });
    expect(done.status).toBe(200);
    expect(done.text).toContain('<h1>Проверьте почту</h1>');
    expect(done.text).toContain(`<a href="${PUBLIC_URL}/login?lang=ru">Войти</a>`);
    const signIn = await open(`/login?lang=ru`);
    expect(signIn.text).toContain('<h1>Войти</h1>');
  });

  it('sign-in and password pages: words, field errors and links in the page’s language', async () => {
    const res = await h.request('/login', {
      method: 'POST',
      headers: {
        ...FORM_HEADERS,
        'content-type': 'application/x-www-form-urlencoded',
        'accept-language': 'zh-CN',
      },
      body: new URLSearchParams({ email: '', password: '' }).toString(),
    });
    const text = await res.text();
    expect(res.status).toBe(422);
    expect(text).toContain('<html lang="zh-CN">');
    expect(text).toContain('<h1>登录</h1>');
    expect(text).toContain('此项为必填项');
    expect(text).toContain('href="/reset-password?lang=zh-CN"');
    const reset = await open('/reset-password', 'ja');
    expect(reset.text).toContain('<h1>新しいパスワードを設定</h1>');
    const change = await open('/account/password?lang=ru');
    expect(change.text).toContain('<h1>Сменить пароль</h1>');
    expect(change.text).toContain('action="/account/password?lang=ru"');
  });

  it('the invitation page speaks the reader’s language, dates in the organization’s zone', async () => {
    await setSettings({ timeZone: 'Europe/Moscow' });
    const res = await h.call('POST', `/api/orgs/${org.orgId}/invitations`, {
      token: org.owner.token,
      body: { email: 'x@example.com', role: 'member', channel: 'link' },
    });
    expect(res.status, res.text).toBe(201);
    const token = (res.body.url as string).split('/invite/')[1]!;
    const page = await open(`/invite/${token}`, 'ru');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html lang="ru">');
    expect(page.text).toContain('<h1>Вступить в Acme</h1>');
    expect(page.text).toContain('в роли участника');
    expect(page.text).toContain('GMT+3</time>');
    expect(page.text).toContain(`action="/invite/${token}/code"`);
    expect(page.text).toContain('<input type="hidden" name="lang" value="ru"/>');
    // An address after a step's form goes back to the invitation in the chosen language.
    const back = await h.request(`/invite/${token}/code?lang=ja`);
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe(`/invite/${token}?lang=ja`);
    expect((await open('/invite/nope', 'ja')).text).toContain('この招待リンクは無効です');
  });

  it('"Page not found" and error pages speak the reader’s language', async () => {
    const missing = await open('/no-such-page', 'ja');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('<html lang="ja">');
    expect(missing.text).toContain('<h1>ページが見つかりません</h1>');
    const refused = await postForm(
      h,
      `${path()}?lang=zh-CN`,
      { name: 'A', email: 'a@example.com' },
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    );
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('<html lang="zh-CN">');
    expect(refused.text).toContain('<h1>无法从这里提交此表单</h1>');
  });
});
