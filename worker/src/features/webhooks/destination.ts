/**
 * Where a webhook may be sent (docs/SECURITY.md, "Webhooks and SSRF"). Outside local mode only
 * https URLs to public hosts: no IP literal in a private, loopback, link-local, unique-local, CGNAT
 * or unspecified range (IPv4-mapped IPv6 included), no `localhost`, no single-label or `.internal`
 * name (cloud metadata services). Checked at registration and again before every delivery; the
 * delivery itself follows no redirect. A public name that resolves to a private address is the
 * residual risk: a Worker cannot resolve DNS before it fetches.
 */

export const MAX_URL_LENGTH = 2000;

/** Why `url` may not receive webhooks, or null when it may. */
export function destinationProblem(url: string, localMode: boolean): string | null {
  if (url.length > MAX_URL_LENGTH) return 'The URL is too long';
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'Not a URL';
  }
  if (u.username || u.password) return 'The URL may not carry credentials';
  if (localMode) return u.protocol === 'https:' || u.protocol === 'http:' ? null : 'Use http(s)';
  if (u.protocol !== 'https:') return 'Use an https URL';
  // `localhost..` and `x.local.` name what `localhost` and `x.local` name.
  const host = u.hostname.toLowerCase().replace(/\.+$/, '');
  if (host.startsWith('[')) return ipv6Problem(host.slice(1, -1));
  if (/^[\d.]+$/.test(host)) return ipv4Problem(host);
  if (host === 'localhost' || host.endsWith('.localhost')) return 'Loopback hosts are refused';
  if (!host.includes('.')) return 'Use a public host name';
  if (host.endsWith('.internal') || host.endsWith('.local') || host === 'metadata.google.internal')
    return 'Internal host names are refused';
  return null;
}

/** Private (10/8, 172.16/12, 192.168/16), loopback, link-local, CGNAT, 0/8 and the rest of the non-public IPv4 space. */
function ipv4Problem(host: string): string | null {
  const parts = host.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p > 255))
    return 'Not an address';
  const [a, b] = parts as [number, number, number, number];
  if (a === 127) return 'Loopback addresses are refused';
  if (a === 0) return 'Unspecified addresses are refused';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168))
    return 'Private addresses are refused';
  if (a === 169 && b === 254) return 'Link-local addresses are refused';
  if (a === 100 && b >= 64 && b <= 127) return 'Shared (CGNAT) addresses are refused';
  if (a === 198 && (b === 18 || b === 19)) return 'Benchmarking addresses are refused';
  if (a === 192 && b === 0 && parts[2] === 0) return 'Protocol assignment addresses are refused';
  if (a >= 224) return 'Multicast and reserved addresses are refused';
  return null;
}

/**
 * The eight 16-bit groups of an IPv6 address as a URL serializes it (hex groups, `::` at most once,
 * never a dotted tail), or null.
 */
function ipv6Groups(text: string): number[] | null {
  const [head, rest, more] = text.split('::');
  if (more !== undefined) return null;
  const parse = (s: string | undefined) =>
    s ? s.split(':').map((g) => Number.parseInt(g, 16)) : [];
  const left = parse(head);
  const right = parse(rest);
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (rest === undefined && missing !== 0)) return null;
  const groups = [...left, ...new Array<number>(missing).fill(0), ...right];
  return groups.some((g) => Number.isNaN(g) || g < 0 || g > 0xffff) ? null : groups;
}

/** Loopback ::1, unspecified ::, link-local fe80::/10, unique-local fc00::/7, IPv4-mapped private space. */
function ipv6Problem(text: string): string | null {
  const g = ipv6Groups(text);
  if (!g) return 'Not an address';
  const first = g[0]!;
  if (g.every((x) => x === 0)) return 'Unspecified addresses are refused';
  if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return 'Loopback addresses are refused';
  if ((first & 0xffc0) === 0xfe80) return 'Link-local addresses are refused';
  if ((first & 0xfe00) === 0xfc00) return 'Unique-local addresses are refused';
  if ((first & 0xff00) === 0xff00) return 'Multicast addresses are refused';
  if ((first & 0xffc0) === 0xfec0) return 'Site-local addresses are refused';
  if (first === 0x2001 && g[1] === 0x0db8) return 'Documentation addresses are refused';
  if (first === 0x0100 && g.slice(1, 4).every((x) => x === 0))
    return 'Discard addresses are refused';
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  // IPv4 inside IPv6 follows the IPv4 rules: ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible),
  // ::ffff:0:a.b.c.d (translated), 64:ff9b::a.b.c.d (NAT64) and 2002:aabb:ccdd:: (6to4).
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && (g[5] === 0xffff || g[5] === 0)) return ipv4Problem(v4(g[6]!, g[7]!));
  if (zeros(0, 4) && g[4] === 0xffff && g[5] === 0) return ipv4Problem(v4(g[6]!, g[7]!));
  if (first === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return ipv4Problem(v4(g[6]!, g[7]!));
  if (first === 0x2002) return ipv4Problem(v4(g[1]!, g[2]!));
  return null;
}
