/** Host names: which are loopback addresses. Pure; config.ts decides local mode with it. */

/** `localhost`, `127.0.0.0/8` and `[::1]`, as a URL's `hostname` writes them (lowercase, IPv6 in brackets). */
export function isLoopbackHostname(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return h === 'localhost' || h === '[::1]' || /^127(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(h);
}
