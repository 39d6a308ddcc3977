/**
 * The uploaded logo: `PUT /api/orgs/:org/logo` takes the image as the raw request body (any
 * `image/*` or `application/octet-stream` Content-Type; the bytes decide what it is, logo.ts),
 * `DELETE` removes it; owners and admins, as for the other settings. `GET /logos/:orgId/:etag`
 * serves it to anyone (pages, mail clients) at an address that changes with the image, so it is
 * cached for a year; an older version's address leads to the current one.
 */
import { requireMember } from '../../http/middleware/auth';
import { actorOf, checkedRouter, publicRouter } from '../../http/router';
import { AppError, notFound } from '../../errors';
import { logoPath } from './branding';
import { readLogo, removeLogo, saveLogo } from './logo';
import { can, ensure } from './permissions';

const IMAGE_BODY = /^(image\/[\w.+-]+|application\/octet-stream)\s*(;|$)/i;
const ONLY_ADMINS = 'Only owners and admins change the logo';

export const logoRoutes = checkedRouter()
  .put('/', requireMember, async (c) => {
    ensure(can.changeSettings(actorOf(c), ['logoUrl']), ONLY_ADMINS);
    if (!IMAGE_BODY.test(c.req.header('content-type') ?? ''))
      throw new AppError('unsupported_media_type', 'Send the image itself as the body (image/*)');
    // Bodies above 256 KiB never get here: app.ts's limit for /api (MAX_JSON_BODY, the same size)
    // answers 413 first; saveLogo checks MAX_LOGO_BYTES again.
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const saved = await saveLogo(c.var.services, {
      org: c.var.org,
      actorId: c.var.auth.user.id,
      bytes,
    });
    return c.json(saved);
  })
  .delete('/', requireMember, async (c) => {
    ensure(can.changeSettings(actorOf(c), ['logoUrl']), ONLY_ADMINS);
    await removeLogo(c.var.services, { org: c.var.org, actorId: c.var.auth.user.id });
    return c.body(null, 204);
  });

export const logoFileRoutes = publicRouter().get('/:orgId/:etag', async (c) => {
  const { orgId, etag } = c.req.param();
  const logo = await readLogo(c.var.services, orgId);
  if (!logo) throw notFound('That logo');
  if (logo.etag !== etag) {
    c.header('Cache-Control', 'no-cache');
    return c.redirect(logoPath(orgId, logo.etag), 302);
  }
  c.header('Cache-Control', 'public, max-age=31536000, immutable');
  c.header('ETag', `"${logo.etag}"`);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Content-Type', logo.contentType);
  if (c.req.header('if-none-match') === `"${logo.etag}"`) return c.body(null, 304);
  return c.body(logo.bytes as Uint8Array<ArrayBuffer>);
});
