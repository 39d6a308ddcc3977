/**
 * The local mailbox (local mode only): every e-mail and SMS that would have gone out, newest first,
 * a page at a time. `?limit=` (default 50, at most 500) and `?before=` (a page's `nextBefore`) page
 * through it; the store reads only the page's messages (mail/local-mailbox.ts `mailboxPage`).
 *
 *   GET /dev/mail.json → { items: [{ id, channel, to, subject, text, html, createdAt, providerId }],
 *     total, nextBefore }
 */
import { FAVICON } from '../../http/layout';
import { formatDateTime } from '../../i18n/dates';
import { html, raw } from 'hono/html';
import * as z from 'zod/mini';
import { limitSchema } from '../../../../shared/api/common';
import { notFound } from '../../errors';
import { publicRouter } from '../../http/router';
import { query } from '../../http/middleware/validate';
import { escapeHtml } from '../../mail/layout';
import { mailboxPage } from '../../mail/local-mailbox';

export const MAILBOX_PAGE = { limit: 50, max: 500 };

const pageQuery = query(
  z.object({
    limit: limitSchema(MAILBOX_PAGE.limit, MAILBOX_PAGE.max),
    before: z.optional(
      z.pipe(
        z.string().check(z.regex(/^\d{1,15}$/, 'must be a nextBefore from an earlier page')),
        z.transform(Number),
      ),
    ),
  }),
);

/** Web addresses in a message: http(s) only, without the punctuation that ends a sentence. */
const URL_IN_TEXT = /https?:\/\/[^\s<>"'`]+/g;

/**
 * The message's text, escaped, with its http(s) addresses as links that open in a new tab without
 * telling the page where they came from.
 */
export function linkified(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(URL_IN_TEXT)) {
    const url = m[0].replace(/[.,;:!?)\]]+$/, '');
    out += escapeHtml(text.slice(last, m.index));
    out += `<a href="${escapeHtml(url)}" target="_blank" rel="noreferrer">${escapeHtml(url)}</a>`;
    last = m.index + url.length;
  }
  return out + escapeHtml(text.slice(last));
}

/**
 * The HTML version's links open in a new tab: inside the (sandboxed) frame, the pages refuse to be
 * shown.
 */
const opensInNewTab = (page: string) => page.replace('<head>', '<head><base target="_blank">');

const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-real-ip', 'via'];

export const devMailRoutes = publicRouter()
  .use(async (c, next) => {
    if (!c.var.services.mailbox) throw notFound('Page');
    // A request a proxy forwarded is someone else's, whatever Host it names: the mailbox is for
    // this machine only.
    if (PROXY_HEADERS.some((name) => c.req.header(name) !== undefined)) throw notFound('Page');
    c.header('Cache-Control', 'no-store');
    await next();
  })
  .get('/mail.json', pageQuery, async (c) => {
    const page = await mailboxPage(c.var.services.mailbox!, c.req.valid('query'));
    return c.json({
      items: page.items.map((m) => ({
        id: m.id,
        channel: m.channel,
        to: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html,
        createdAt: m.createdAt,
        // The id a provider would have given it: what delivery reports name (features/delivery).
        providerId: m.idempotencyKey,
      })),
      total: page.total,
      nextBefore: page.nextBefore,
    });
  })
  .get('/mail', pageQuery, async (c) => {
    const { limit, before } = c.req.valid('query');
    const page = await mailboxPage(c.var.services.mailbox!, { limit, before });
    const rows = page.items.map(
      (m) => html`<article>
        <header><strong>${m.channel === 'sms' ? 'SMS' : 'E-mail'} to ${m.to}</strong> · <time datetime="${m.createdAt}">${formatDateTime(Date.parse(m.createdAt), 'en', 'UTC')}</time></header>
        <h2>${m.subject}</h2>
        <pre>${raw(linkified(m.text))}</pre>
        ${m.html ? html`<details><summary>HTML version</summary><iframe sandbox="allow-popups allow-popups-to-escape-sandbox" title="HTML version of ${m.subject}" srcdoc="${opensInNewTab(m.html)}"></iframe></details>` : ''}
      </article>`,
    );
    const shown = page.items.length
      ? `${page.total - Number(page.items[0]!.id)}–${page.total - Number(page.items.at(-1)!.id)} of ${page.total}`
      : `none of ${page.total}`;
    const limitParam = limit === MAILBOX_PAGE.limit ? '' : `&limit=${limit}`;
    const nav = html`<nav aria-label="Pages">
      ${before !== undefined ? html`<a href="/dev/mail${limitParam ? `?${limitParam.slice(1)}` : ''}">Newest</a>` : ''}
      ${page.nextBefore !== null ? html`<a href="/dev/mail?before=${page.nextBefore}${limitParam}" rel="next">Older messages</a>` : ''}
    </nav>`;
    return c.html(html`<!doctype html>
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>Local mailbox · Invitations</title>
          <link rel="icon" href="${FAVICON}" />
          <style>
            ${raw(`body{font-family:system-ui,sans-serif;max-width:860px;margin:0 auto;padding:16px;color:#111}
            article{border:1px solid #ddd;border-radius:8px;padding:12px 16px;margin:12px 0}
            h2{font-size:16px;margin:8px 0} pre{white-space:pre-wrap;background:#f6f6f6;padding:8px;border-radius:4px}
            iframe{width:100%;height:420px;border:1px solid #ddd} nav{display:flex;gap:16px}`)}
          </style>
        </head>
        <body>
          <h1>Local mailbox</h1>
          <p>Messages the server sent while no mail or SMS provider is configured, newest first (${shown}).</p>
          ${page.items.length ? rows : html`<p>No messages yet.</p>`}
          ${nav}
        </body>
      </html>`);
  });
