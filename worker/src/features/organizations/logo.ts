/**
 * An organization's uploaded logo: what an image is, told by its first bytes (never by the type an
 * upload declares; no SVG, which is a document that may carry script), storing and removing it.
 * The bytes live in `org_logos`; the organizations row keeps only their version (`logo_etag`), and
 * both change in one batch.
 */
import { eq } from 'drizzle-orm';
import { type LogoDto, type LogoType, MAX_LOGO_BYTES } from '../../../../shared/api/orgs';
import { organizations, orgLogos } from '../../db/schema';
import type { OrgState, Services } from '../../env';
import { AppError } from '../../errors';
import { sha256, toBase64Url } from '../../lib/encoding';
import { auditEvent } from './audit';
import { brandOf } from './branding';

const startsWith = (bytes: Uint8Array, at: number, ascii: string | number[]) => {
  const expected = typeof ascii === 'string' ? [...ascii].map((ch) => ch.charCodeAt(0)) : ascii;
  return expected.every((b, i) => bytes[at + i] === b);
};

/**
 * The image type of `bytes`, or null for anything else: a PNG's signature and its IHDR header, a
 * JPEG's start of image and a marker, a GIF's signature and version, a WebP's RIFF container with a
 * VP8 chunk. Browsers told `nosniff` show such bytes as that image or not at all.
 */
export function imageTypeOf(bytes: Uint8Array): LogoType | null {
  if (startsWith(bytes, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    return bytes.length >= 33 && startsWith(bytes, 12, 'IHDR') ? 'image/png' : null;
  if (startsWith(bytes, 0, [0xff, 0xd8, 0xff]))
    return bytes.length >= 4 && bytes[3]! >= 0xc0 && bytes[3]! !== 0xff ? 'image/jpeg' : null;
  if (startsWith(bytes, 0, 'GIF87a') || startsWith(bytes, 0, 'GIF89a'))
    return bytes.length >= 13 ? 'image/gif' : null;
  if (startsWith(bytes, 0, 'RIFF') && startsWith(bytes, 8, 'WEBPVP8'))
    return bytes.length >= 20 && /^[ LX]$/.test(String.fromCharCode(bytes[15]!))
      ? 'image/webp'
      : null;
  return null;
}

const NOT_AN_IMAGE = 'must be a PNG, JPEG, WebP or GIF image (SVG is not accepted)';

/** Stores `bytes` as the organization's logo, replacing any; answers its public address. */
export async function saveLogo(
  s: Services,
  input: { org: OrgState; actorId: string; bytes: Uint8Array },
): Promise<LogoDto> {
  const { db } = s;
  const { org, bytes } = input;
  if (bytes.length > MAX_LOGO_BYTES)
    throw new AppError('payload_too_large', `A logo may be at most ${MAX_LOGO_BYTES / 1024} KiB`);
  const contentType = imageTypeOf(bytes);
  if (!contentType)
    throw new AppError('invalid_input', `The logo ${NOT_AN_IMAGE}`, { logo: NOT_AN_IMAGE });
  const etag = toBase64Url(await sha256(bytes));
  const now = s.now();
  await db.batch([
    db
      .insert(orgLogos)
      .values({ orgId: org.id, contentType, etag, bytes, updatedAt: now })
      .onConflictDoUpdate({
        target: orgLogos.orgId,
        set: { contentType, etag, bytes, updatedAt: now },
      }),
    db.update(organizations).set({ logoEtag: etag }).where(eq(organizations.id, org.id)),
    auditEvent(
      db,
      {
        orgId: org.id,
        actorId: input.actorId,
        action: 'org.logo_update',
        targetType: 'org',
        targetId: org.id,
        detail: { contentType, bytes: bytes.length },
      },
      now,
    ),
  ]);
  const { logoSrc } = brandOf(s.config.publicUrl, { ...org, logoEtag: etag });
  return { url: logoSrc!, contentType, bytes: bytes.length };
}

/** Removes the uploaded logo (the `logoUrl` setting, if any, is shown again). */
export async function removeLogo(s: Services, input: { org: OrgState; actorId: string }) {
  const { db } = s;
  const { org } = input;
  await db.batch([
    db.delete(orgLogos).where(eq(orgLogos.orgId, org.id)),
    db.update(organizations).set({ logoEtag: null }).where(eq(organizations.id, org.id)),
    auditEvent(
      db,
      {
        orgId: org.id,
        actorId: input.actorId,
        action: 'org.logo_remove',
        targetType: 'org',
        targetId: org.id,
      },
      s.now(),
    ),
  ]);
}

/** The stored logo of `orgId` (whichever version), or null. */
export async function readLogo(s: Services, orgId: string) {
  const [row] = await s.db
    .select({ contentType: orgLogos.contentType, etag: orgLogos.etag, bytes: orgLogos.bytes })
    .from(orgLogos)
    .where(eq(orgLogos.orgId, orgId))
    .limit(1);
  return row ?? null;
}
