/**
 * The local mailbox (local mode only): every e-mail and SMS that would have gone out, newest first.
 */
import { html, raw } from 'hono/html';
import { notFound } from '../../errors';
import { escapeHtml } from '../../mail/layout';

/** The message's text, escaped, with its web addresses as links that open in a new tab. */
const linkified = (text: string) =>
  escapeHtml(text).replace(
    /https?:\/\/[^\s<>"']+/g,
    (url) => `<a href="${url}" target="_blank" rel="noreferrer">${url}</a>`,
  );

/**
 * The HTML version's links open in a new tab: inside the (sandboxed) frame, the pages refuse to be
 * shown.
 */
const opensInNewTab = (page: string) => page.replace('<head>', '<head><base target="_blank">');
import { publicRouter } from '../../http/router';

export const devMailRoutes = publicRouter()
  .use(async (c, next) => {
    if (!c.var.services.mailbox) throw notFound('Page');
    c.header('Cache-Control', 'no-store');
    await next();
  })
  .get('/mail.json', async (c) => {
    const items = (await c.var.services.mailbox!.all()).reverse();
    return c.json({
      items: items.map(({ channel, to, subject, text, html: body, createdAt }) => ({
        channel,
        to,
        subject,
        text,
        html: body,
        createdAt,
      })),
    });
  })
  .get('/mail', async (c) => {
    const items = (await c.var.services.mailbox!.all()).reverse();
    const rows = items.map(
      (m) => html`<article>
        <header><strong>${m.channel === 'sms' ? 'SMS' : 'E-mail'} to ${m.to}</strong> · <time>${m.createdAt}</time></header>
        <h2>${m.subject}</h2>
        <pre>${raw(linkified(m.text))}</pre>
        ${m.html ? html`<details><summary>HTML version</summary><iframe sandbox="allow-popups allow-popups-to-escape-sandbox" title="HTML version of ${m.subject}" srcdoc="${opensInNewTab(m.html)}"></iframe></details>` : ''}
      </article>`,
    );
    return c.html(html`<!doctype html>
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>Local mailbox · Invitations</title>
          <style>
            ${raw(`body{font-family:system-ui,sans-serif;max-width:860px;margin:0 auto;padding:16px;color:#111}
            article{border:1px solid #ddd;border-radius:8px;padding:12px 16px;margin:12px 0}
            h2{font-size:16px;margin:8px 0} pre{white-space:pre-wrap;background:#f6f6f6;padding:8px;border-radius:4px}
            iframe{width:100%;height:420px;border:1px solid #ddd}`)}
          </style>
        </head>
        <body>
          <h1>Local mailbox</h1>
          <p>Messages the server sent while no mail or SMS provider is configured (${items.length}).</p>
          ${items.length ? rows : html`<p>No messages yet.</p>`}
        </body>
      </html>`);
  });
