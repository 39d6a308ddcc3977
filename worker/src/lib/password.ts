/**
 * Password hashing with scrypt, stored as `scrypt$ln=14,r=8,p=1$<salt>$<hash>` so the cost can be
 * raised later: a hash made with weaker parameters verifies and reports `needsRehash`.
 *
 * Why scrypt N=2^14, r=8, p=1 (16 MiB): it is memory-hard, runs in plain JS inside Workers (no
 * WebAssembly, no PBKDF2 iteration cap), and one hash costs about 55–90 ms of CPU with
 * @noble/hashes, inside the Workers budget. OWASP's first choice (N=2^17, 128 MiB) does not fit a
 * Worker's 128 MB of memory. The Node entry passes node:crypto's native scrypt, which computes the
 * same bytes off the main thread.
 */
import { fromBase64Url, randomBytes, timingSafeEqual, toBase64Url } from './encoding';

export interface ScryptParams {
  logN: number;
  r: number;
  p: number;
}

export type ScryptFn = (
  password: Uint8Array,
  salt: Uint8Array,
  params: ScryptParams & { dkLen: number },
) => Promise<Uint8Array>;

export const DEFAULT_SCRYPT: ScryptParams = { logN: 14, r: 8, p: 1 };
const KEY_LENGTH = 32;

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string | null): Promise<{ ok: boolean; needsRehash: boolean }>;
}

function parse(
  stored: string,
): { params: ScryptParams; salt: Uint8Array; hash: Uint8Array } | null {
  const m =
    /^scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/.exec(
      stored,
    );
  if (!m) return null;
  const salt = fromBase64Url(m[4]!);
  const hash = fromBase64Url(m[5]!);
  if (!salt || !hash) return null;
  return { params: { logN: Number(m[1]), r: Number(m[2]), p: Number(m[3]) }, salt, hash };
}

export function createPasswordHasher(
  scrypt: ScryptFn,
  params: ScryptParams = DEFAULT_SCRYPT,
): PasswordHasher {
  const encode = (s: string) => new TextEncoder().encode(s.normalize('NFKC'));
  const run = (password: string, salt: Uint8Array, p: ScryptParams, dkLen: number) =>
    scrypt(encode(password), salt, { ...p, dkLen });
  // Verifying against this when an account has no password keeps the time the same as for a real
  // one; made once, on first need.
  let dummy: Promise<string> | undefined;
  const dummyHash = () => {
    dummy ??= hash('not a password');
    return dummy;
  };
  const hash = async (password: string) => {
    const salt = randomBytes(16);
    const key = await run(password, salt, params, KEY_LENGTH);
    return `scrypt$ln=${params.logN},r=${params.r},p=${params.p}$${toBase64Url(salt)}$${toBase64Url(key)}`;
  };
  return {
    hash,
    async verify(password, stored) {
      const parsed = parse(stored ?? (await dummyHash()));
      if (!parsed) return { ok: false, needsRehash: false };
      const key = await run(password, parsed.salt, parsed.params, parsed.hash.length);
      const ok = stored !== null && timingSafeEqual(key, parsed.hash);
      const weaker =
        parsed.params.logN < params.logN ||
        parsed.params.r < params.r ||
        parsed.params.p < params.p;
      return { ok, needsRehash: ok && weaker };
    },
  };
}

/** scrypt in plain JavaScript: what the Worker uses. */
export async function nobleScrypt(): Promise<ScryptFn> {
  const { scryptAsync } = await import('@noble/hashes/scrypt.js');
  return (password, salt, { logN, r, p, dkLen }) =>
    scryptAsync(password, salt, { N: 2 ** logN, r, p, dkLen });
}
