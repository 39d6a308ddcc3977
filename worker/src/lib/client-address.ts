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
