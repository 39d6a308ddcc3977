/**
 * Host names: which are loopback addresses, and whether the host a request was addressed to (its
 * `Host` header) is a given URL's. Pure; config.ts decides local mode with it and
 * http/middleware/host.ts checks requests with it.
 */

/**
 * `localhost`, `127.0.0.0/8` and `[::1]`, as a URL's `hostname` writes them (lowercase, IPv6 in
 * brackets).
 */
export function isLoopbackHostname(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return (
    h === 'localhost' || h === '[::1]' || /^127(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(h)
  );
}

export interface HostAndPort {
  /** Lowercase; IPv6 in brackets. */
  hostname: string;
  /** The port as a number; null when the Host names none (the scheme's default). */
  port: number | null;
}

/** A `Host` header value (`name`, `name:port`, `[v6]:port`), or null when it is anything else. */
export function parseHost(value: string): HostAndPort | null {
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9_.-]+)(?::(\d{1,5}))?$/.exec(value.trim().toLowerCase());
  if (!m) return null;
  const port = m[2] === undefined ? null : Number(m[2]);
  return port !== null && port > 65535 ? null : { hostname: m[1]!, port };
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

/**
 * Whether `host` names the host of `url`: same name, and the same port (a missing port is the URL
 * scheme's default).
 */
export function isHostOf(host: HostAndPort, url: URL): boolean {
  const fallback = DEFAULT_PORTS[url.protocol] ?? null;
  const own = url.port === '' ? fallback : Number(url.port);
  return host.hostname === url.hostname && (host.port ?? fallback) === own;
}
