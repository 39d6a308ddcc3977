/**
 * The API reference: `GET /openapi.json` (the OpenAPI 3.1 document of http/openapi-document.ts) and
 * `GET /docs/api`, the same document as one server-rendered page — operations grouped by tag with
 * their parameters, request body schema and answers; no script, nothing loaded from elsewhere.
 * Both are public and the same for everyone; the page is rendered once per server and kept.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { FAVICON, pageHeaders } from './layout';
import { apiDocument, type ApiDocument, type Operation } from './openapi-document';

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111;background:#f5f6f8}
main{max-width:960px;margin:0 auto;padding:24px 20px}
h1{font-size:26px;margin:0 0 8px}h2{font-size:21px;margin:32px 0 4px}h3{font-size:16px;margin:0 0 6px}
h4{font-size:14px;margin:12px 0 4px}
section.op{background:#fff;border:1px solid #e2e4e8;border-radius:10px;padding:14px 16px;margin:12px 0}
code,pre{font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{background:#f5f6f8;border-radius:6px;padding:8px 10px;overflow:auto;max-height:360px;margin:4px 0}
.m{display:inline-block;min-width:58px;font-weight:700;color:#1d4ed8}
.muted{color:#555}
table{border-collapse:collapse;width:100%;font-size:14px}
td,th{text-align:left;vertical-align:top;padding:4px 8px;border-top:1px solid #e2e4e8}
td:last-child code{word-break:break-all}
td:not(:last-child){white-space:nowrap}
ul{margin:4px 0;padding-left:20px}
nav li{display:inline-block;margin-right:14px}
nav ul{padding:0}
a{color:#1d4ed8}
`;

const json = (value: unknown) => JSON.stringify(value, null, 2);

/** A description's `code spans` as code; the rest as text (escaped, as every JSX child is). */
function Text(props: { text: string }) {
  return <>{props.text.split('`').map((part, i) => (i % 2 === 1 ? <code>{part}</code> : part))}</>;
}

function Auth(props: { op: Operation }) {
  const { security } = props.op;
  const text =
    security.length === 0
      ? 'Public.'
      : security.some((s) => Object.keys(s).length === 0)
        ? 'Public; a session token is read when sent.'
        : 'Needs a session token (Authorization: Bearer).';
  return <p class="muted">{text}</p>;
}

function OperationView(props: { method: string; path: string; op: Operation }) {
  const { method, path, op } = props;
  const body = op.requestBody;
  return (
    <section class="op" id={op.operationId}>
      <h3>
        <span class="m">{method.toUpperCase()}</span> <code>{path}</code>
      </h3>
      <p>{op.summary}</p>
      {op.description ? (
        <p>
          <Text text={op.description} />
        </p>
      ) : null}
      <Auth op={op} />
      {op.parameters?.length ? (
        <>
          <h4>Parameters</h4>
          <table>
            <tbody>
              {op.parameters.map((p) => (
                <tr>
                  <td>
                    <code>{p.name}</code>
                  </td>
                  <td>
                    {p.in}
                    {p.required ? ', required' : ''}
                  </td>
                  <td>
                    {p.description ? <div>{p.description}</div> : null}
                    <code>{JSON.stringify(p.schema)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      {body ? (
        <>
          <h4>Request body{body.required ? '' : ' (optional)'}</h4>
          {body.description ? <p>{body.description}</p> : null}
          {Object.entries(body.content).map(([media, { schema }]) => (
            <>
              <code>{media}</code>
              <pre>{json(schema)}</pre>
            </>
          ))}
        </>
      ) : null}
      <h4>Answers</h4>
      <ul>
        {Object.entries(op.responses).map(([status, r]) => (
          <li>
            <code>{status}</code> <Text text={r.description} />
            {r.content && !r.content['application/json']
              ? ` (${Object.keys(r.content).join(', ')})`
              : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}

function ReferencePage(props: { doc: ApiDocument }) {
  const { doc } = props;
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ method, path, op })),
  );
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>API reference · Invitations</title>
        <link rel="icon" href={FAVICON} />
        <style dangerouslySetInnerHTML={{ __html: CSS }} />
      </head>
      <body>
        <main>
          <h1>{doc.info.title}</h1>
          <p>
            <Text text={doc.info.description} />
          </p>
          <p>
            Server: <code>{doc.servers[0]?.url}</code>. The same as an OpenAPI {doc.openapi}{' '}
            document: <a href="/openapi.json">/openapi.json</a>.
          </p>
          <nav>
            <ul>
              {doc.tags.map((tag) => (
                <li>
                  <a href={`#tag-${tag.name.replace(/\W+/g, '-')}`}>{tag.name}</a>
                </li>
              ))}
              <li>
                <a href="#errors">Errors</a>
              </li>
            </ul>
          </nav>
          {doc.tags.map((tag) => (
            <>
              <h2 id={`tag-${tag.name.replace(/\W+/g, '-')}`}>{tag.name}</h2>
              <p class="muted">{tag.description}</p>
              {operations
                .filter(({ op }) => op.tags.includes(tag.name))
                .map((o) => (
                  <OperationView {...o} />
                ))}
            </>
          ))}
          <h2 id="errors">Errors</h2>
          <p class="muted">
            Every error answers this shape (<code>#/components/schemas/Error</code>).
          </p>
          <pre>{json(doc.components.schemas.Error)}</pre>
        </main>
      </body>
    </html>
  );
}

/** The page's HTML for each origin it was asked for (one: PUBLIC_URL's). */
const pages = new Map<string, string>();
const documents = new Map<string, string>();

export const apiReferenceRoutes = new Hono<AppEnv>()
  .get('/openapi.json', (c) => {
    const origin = new URL(c.var.services.config.publicUrl).origin;
    let text = documents.get(origin);
    if (text === undefined) {
      text = JSON.stringify(apiDocument(origin));
      documents.set(origin, text);
    }
    c.header('Cache-Control', 'no-cache');
    return c.body(text, 200, { 'Content-Type': 'application/json; charset=utf-8' });
  })
  .get('/docs/api', async (c) => {
    const origin = new URL(c.var.services.config.publicUrl).origin;
    let html = pages.get(origin);
    if (html === undefined) {
      html = `<!doctype html>${String(await (<ReferencePage doc={apiDocument(origin)} />))}`;
      pages.set(origin, html);
    }
    pageHeaders(c);
    return c.html(html);
  });
