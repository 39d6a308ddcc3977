/**
 * The client's address for rate limits on Node. Without a proxy it is the socket's peer. Behind
 * `trustedProxies` reverse proxies that each append the address they saw to X-Forwarded-For, it is
 * the entry the outermost trusted proxy appended: counted from the right, so entries a client wrote
 * itself are never believed.
 */
export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | undefined,
  trustedProxies: number,
): string {
  const peer = socketAddress ?? 'unknown';
  if (trustedProxies <= 0 || !forwardedFor) return peer;
  const hops = forwardedFor
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (hops.length === 0) return peer;
  // The nearest proxy's entry is last; `trustedProxies` of them vouch for one address each.
  return hops[Math.max(0, hops.length - trustedProxies)]!;
}

/**
 * What per-client limits count by: an IPv4 address as it is (an IPv4-mapped IPv6 address as its
 * IPv4), an IPv6 address by its /64 network — one subscriber usually holds a whole /64, so counting
 * single IPv6 addresses would give one person 2^64 budgets.
 */
export function clientNetwork(address: string): string {
  const bare = address
    .trim()
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '')
    .toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(bare);
  if (mapped) return mapped[1]!;
  if (!bare.includes(':')) return bare;
  const [head = '', tail] = bare.split('::', 2) as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  // An embedded IPv4 tail (`::1.2.3.4`) takes two groups; only the first four groups matter here.
  const missing = tail === undefined ? 0 : Math.max(0, 8 - left.length - right.length);
  const groups = [...left, ...Array<string>(missing).fill('0'), ...right];
  if (groups.length < 4 || groups.slice(0, 4).some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return bare;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
