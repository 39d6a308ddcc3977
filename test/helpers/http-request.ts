/**
 * An HTTP request to a real server with a Host header of the test's choosing. `fetch` always sends
 * the URL's host, so a request "addressed to another name" (DNS rebinding, a proxy) goes through
 * node:http instead.
 */
import { request } from 'node:http';

export interface HostReply {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: test assertions read arbitrary JSON
  body: any;
  text: string;
}

export function requestWithHost(
  url: string,
  opts: { method?: string; host?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<HostReply> {
  const target = new URL(url);
  const headers: Record<string, string> = { ...opts.headers, host: opts.host ?? target.host };
  if (opts.body !== undefined) headers['content-length'] = String(Buffer.byteLength(opts.body));
  return new Promise((resolve, reject) => {
    const req = request(
      {
        hostname: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: opts.method ?? 'GET',
        headers,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => {
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : null;
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode ?? 0, body, text });
        });
      },
    );
    req.setTimeout(20_000, () => req.destroy(new Error(`no answer from ${url}`)));
    req.on('error', reject);
    req.end(opts.body);
  });
}
