/**
 * The local mailbox a page at a time: /dev/mail.json and /dev/mail newest first, `?limit=` (default
 * 50, at most 500) and `?before=` cursors; bad paging input gets the error shape; the page's links
 * are http(s) only, escaped, and open without a referrer. And the file store behind it: an index of
 * its lines, caught up with what was appended since, by this store or another.
 */
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileMailboxStore } from '../../worker/src/entry/node-runtime';
import { linkified } from '../../worker/src/features/local-mailbox/pages';
import type { MailboxItem } from '../../worker/src/mail/local-mailbox';
import { startHarness, type Harness } from '../helpers/harness';

let h: Harness | undefined;
let dir: string | undefined;
afterEach(async () => {
  await h?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  h = dir = undefined;
});

const message = (i: number, text = `Message ${i}`): MailboxItem => ({
  channel: 'email',
  to: `person${i}@example.com`,
  subject: `Subject ${i}`,
  text,
  html: '',
  idempotencyKey: `k${i}`,
  createdAt: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
});

async function withMessages(n: number, text?: (i: number) => string) {
  h = await startHarness();
  await h.services.mailbox!.append(Array.from({ length: n }, (_, i) => message(i, text?.(i))));
  return h;
}

describe('/dev/mail.json pages', () => {
  it('answers the newest 50 first, then older pages through nextBefore, and every message once', async () => {
    const api = await withMessages(120);
    const first = await api.call('GET', '/dev/mail.json');
    expect(first.status).toBe(200);
    expect(first.body.total).toBe(120);
    expect(first.body.items).toHaveLength(50);
    expect(first.body.items[0]).toMatchObject({ id: '119', to: 'person119@example.com' });
    expect(first.body.items[49]).toMatchObject({ id: '70' });
    expect(first.body.nextBefore).toBe('70');
    const seen: string[] = [];
    for (let before: string | null = null; ; ) {
      const page = await api.call(
        'GET',
        `/dev/mail.json?limit=45${before === null ? '' : `&before=${before}`}`,
      );
      seen.push(...page.body.items.map((m: { to: string }) => m.to));
      before = page.body.nextBefore;
      if (before === null) break;
    }
    expect(seen).toEqual(Array.from({ length: 120 }, (_, i) => `person${119 - i}@example.com`));
    const all = await api.call('GET', '/dev/mail.json?limit=500');
    expect(all.body.items).toHaveLength(120);
    expect(all.body.nextBefore).toBeNull();
    const past = await api.call('GET', '/dev/mail.json?before=0');
    expect(past.body).toEqual({ items: [], total: 120, nextBefore: null });
  });

  it('refuses a limit outside 1–500 and a malformed cursor with the error shape', async () => {
    const api = await withMessages(3);
    for (const q of [
      'limit=0',
      'limit=501',
      'limit=ten',
      'before=-1',
      'before=abc',
      'before=1e3',
    ]) {
      const res = await api.call('GET', `/dev/mail.json?${q}`);
      expect(res.status, q).toBe(422);
      expect(res.body.error.code, q).toBe('invalid_input');
      expect((await api.call('GET', `/dev/mail?${q}`)).status, q).toBe(422);
    }
  });
});

describe('/dev/mail', () => {
  it('pages too, with a link to older messages and back to the newest', async () => {
    const api = await withMessages(60);
    const newest = await api.call('GET', '/dev/mail');
    expect(newest.text).toContain('(1–50 of 60)');
    expect(newest.text).toContain('person59@example.com');
    expect(newest.text).not.toContain('person9@example.com');
    expect(newest.text).toContain('<a href="/dev/mail?before=10" rel="next">Older messages</a>');
    const older = await api.call('GET', '/dev/mail?before=10');
    expect(older.text).toContain('(51–60 of 60)');
    expect(older.text).toContain('person9@example.com');
    expect(older.text).toContain('<a href="/dev/mail">Newest</a>');
    expect(older.text).not.toContain('Older messages');
    const small = await api.call('GET', '/dev/mail?limit=25&before=30');
    expect(small.text).toContain('<a href="/dev/mail?before=5&amp;limit=25" rel="next">');
  });

  it("shows the messages' http(s) addresses as escaped links without a referrer, and nothing else as a link", async () => {
    const api = await withMessages(1, () =>
      [
        'Accept: http://localhost:8787/invite/abc_DEF-1.x2.',
        'Odd: https://example.com/a?b=1&c="x"<script>alert(1)</script>',
        'Not links: javascript:alert(1) data:text/html,hi ftp://example.com/f',
      ].join('\n'),
    );
    const page = (await api.call('GET', '/dev/mail')).text;
    expect(page).toContain(
      'Accept: <a href="http://localhost:8787/invite/abc_DEF-1.x2" target="_blank" rel="noreferrer">http://localhost:8787/invite/abc_DEF-1.x2</a>.',
    );
    expect(page).toContain(
      '<a href="https://example.com/a?b=1&amp;c=" target="_blank" rel="noreferrer">https://example.com/a?b=1&amp;c=</a>&quot;x&quot;&lt;script&gt;alert(1)&lt;/script&gt;',
    );
    expect(page).not.toContain('<script>alert(1)');
    // No address in a message becomes a link but http(s) (the page's own icon is a data: <link>).
    expect(page).not.toMatch(/<a href="(javascript|data|ftp):/);
    expect(page.match(/<a href="http/g)).toHaveLength(2);
  });

  it('linkified escapes text without addresses as it is', () => {
    expect(linkified(`<b>Tom & "Jerry"</b>`)).toBe(
      '&lt;b&gt;Tom &amp; &quot;Jerry&quot;&lt;/b&gt;',
    );
  });
});

describe('the file mailbox store', () => {
  it('counts and slices by its index, catching up with lines appended by another writer, skipping a broken line', async () => {
    dir = await mkdtemp(join(tmpdir(), 'invitations-mailbox-file-'));
    const file = join(dir, 'mailbox.jsonl');
    const store = fileMailboxStore(file);
    expect(await store.count()).toBe(0);
    expect(await store.slice(0, 10)).toEqual([]);
    await store.append([message(0), message(1, 'ünïcödé ✓ 邀请')]);
    expect(await store.count()).toBe(2);
    // Another process appends (a second store on the same file), with a half-written line between.
    await fileMailboxStore(file).append([message(2)]);
    await appendFile(file, '{"broken\n');
    await fileMailboxStore(file).append([message(3)]);
    expect(await store.count()).toBe(5);
    expect((await store.slice(1, 5)).map((m) => m.text)).toEqual([
      'ünïcödé ✓ 邀请',
      'Message 2',
      'Message 3',
    ]);
    // A line still being written is not counted until its end arrives.
    await appendFile(file, JSON.stringify(message(4)).slice(0, 20));
    expect(await store.count()).toBe(5);
    await appendFile(file, `${JSON.stringify(message(4)).slice(20)}\n`);
    expect(await store.count()).toBe(6);
    expect((await store.slice(5, 6))[0]?.to).toBe('person4@example.com');
    // The file replaced by a smaller one: read again from the start.
    await writeFile(file, `${JSON.stringify(message(7))}\n`);
    expect(await store.count()).toBe(1);
    expect((await store.slice(0, 1))[0]?.to).toBe('person7@example.com');
  });
});
