import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, organizations, orgLogos } from '../../worker/src/db/schema';
import { contrast, paletteOf } from '../../worker/src/lib/brand';
import { freshOrg } from '../helpers/fresh';
import { PUBLIC_URL } from '../helpers/harness';
import { apply, createLink, getPage, linkIn, mailTo } from '../helpers/links';
import { createOrg, createUser } from '../helpers/seed';

const current = freshOrg(() => {});

/** A real 1×1 PNG. */
const PNG = Uint8Array.from(
  atob(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  ),
  (ch) => ch.charCodeAt(0),
);
const GIF = Uint8Array.from(
  atob('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7'),
  (ch) => ch.charCodeAt(0),
);
const ascii = (s: string) => new TextEncoder().encode(s);

function putLogo(token: string | undefined, orgId: string, body: Uint8Array, type = 'image/png') {
  const { h } = current();
  return h.request(`/api/orgs/${orgId}/logo`, {
    method: 'PUT',
    headers: { 'content-type': type, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body as Uint8Array<ArrayBuffer>,
  });
}

async function logoRow(orgId: string) {
  const { h } = current();
  const [row] = await h.db.select().from(orgLogos).where(eq(orgLogos.orgId, orgId));
  const [org] = await h.db
    .select({ logoEtag: organizations.logoEtag })
    .from(organizations)
    .where(eq(organizations.id, orgId));
  return { row: row ?? null, etag: org!.logoEtag };
}

describe('PUT and DELETE /api/orgs/:org/logo', () => {
  it('lets an owner and an admin upload and remove a logo; the answer names its public address', async () => {
    const { h, org } = current();
    const up = await putLogo(org.admin.token, org.orgId, PNG);
    expect(up.status).toBe(200);
    const body = (await up.json()) as { url: string; contentType: string; bytes: number };
    expect(body).toMatchObject({ contentType: 'image/png', bytes: PNG.length });
    expect(body.url).toMatch(new RegExp(`^${PUBLIC_URL}/logos/${org.orgId}/[A-Za-z0-9_-]{43}$`));
    const stored = await logoRow(org.orgId);
    expect(stored.row?.contentType).toBe('image/png');
    expect(stored.etag).toBe(stored.row?.etag);
    const read = await h.call('GET', `/api/orgs/${org.orgId}`, { token: org.owner.token });
    expect(read.body.uploadedLogoUrl).toBe(body.url);

    // A GIF declared as PNG is stored as what its bytes are.
    const gif = await putLogo(org.owner.token, org.orgId, GIF, 'image/png');
    expect(gif.status).toBe(200);
    expect(((await gif.json()) as { contentType: string }).contentType).toBe('image/gif');

    const del = await h.call('DELETE', `/api/orgs/${org.orgId}/logo`, { token: org.owner.token });
    expect(del.status).toBe(204);
    expect(await logoRow(org.orgId)).toEqual({ row: null, etag: null });
    const actions = (await h.db.select({ action: auditEvents.action }).from(auditEvents)).map(
      (r) => r.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining(['org.logo_update', 'org.logo_update', 'org.logo_remove']),
    );
  });

  it('refuses a member (403), strangers (401) and another organization (404), changing nothing', async () => {
    const { h, org } = current();
    expect((await putLogo(org.member.token, org.orgId, PNG)).status).toBe(403);
    expect(
      (await h.call('DELETE', `/api/orgs/${org.orgId}/logo`, { token: org.member.token })).status,
    ).toBe(403);
    expect((await putLogo(undefined, org.orgId, PNG)).status).toBe(401);
    const other = await createUser(h, 'other@example.com');
    const otherOrg = await createOrg(h, other, 'Other');
    const foreign = await putLogo(org.owner.token, otherOrg, PNG);
    expect(foreign.status).toBe(404);
    expect(await logoRow(org.orgId)).toEqual({ row: null, etag: null });
    expect(await logoRow(otherOrg)).toEqual({ row: null, etag: null });
  });

  it('refuses more than 256 KiB with 413', async () => {
    const { org } = current();
    const big = new Uint8Array(256 * 1024 + 1);
    big.set(PNG);
    const res = await putLogo(org.owner.token, org.orgId, big);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      'payload_too_large',
    );
    expect(await logoRow(org.orgId)).toEqual({ row: null, etag: null });
  });

  it('refuses SVG, HTML, text and fake magic bytes with 422, whatever type they declare', async () => {
    const { org } = current();
    const bodies: [Uint8Array, string][] = [
      [
        ascii('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        'image/svg+xml',
      ],
      [ascii('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/png'],
      [ascii('<!doctype html><script>alert(1)</script>'), 'image/png'],
      [ascii('just some text'), 'image/jpeg'],
      // A PNG's signature followed by HTML: no IHDR header.
      [
        new Uint8Array([
          0x89,
          0x50,
          0x4e,
          0x47,
          0x0d,
          0x0a,
          0x1a,
          0x0a,
          ...ascii('<html><script>x</script></html>'),
        ]),
        'image/png',
      ],
      [new Uint8Array([0xff, 0xd8, 0xff]), 'image/jpeg'],
      [ascii('RIFF\0\0\0\0WEBPxxxx'), 'image/webp'],
      [new Uint8Array(0), 'image/png'],
    ];
    for (const [body, type] of bodies) {
      const res = await putLogo(org.owner.token, org.orgId, body, type);
      expect(res.status, new TextDecoder().decode(body)).toBe(422);
      const error = ((await res.json()) as { error: { code: string; fields: object } }).error;
      expect(error.code).toBe('invalid_input');
      expect(error.fields).toHaveProperty('logo');
    }
    expect(await logoRow(org.orgId)).toEqual({ row: null, etag: null });
  });

  it('refuses a body that is not declared as an image with 415', async () => {
    const { org } = current();
    for (const type of ['application/json', 'text/html', 'multipart/form-data; boundary=x', ''])
      expect((await putLogo(org.owner.token, org.orgId, PNG, type)).status, type).toBe(415);
    expect(await logoRow(org.orgId)).toEqual({ row: null, etag: null });
  });
});

describe('GET /logos/:orgId/:etag', () => {
  it('serves the bytes with their type, nosniff, a year of cache, and embeddable anywhere', async () => {
    const { h, org } = current();
    const { url } = (await (await putLogo(org.owner.token, org.orgId, PNG)).json()) as {
      url: string;
    };
    const path = url.slice(PUBLIC_URL.length);
    const res = await h.request(path);
    expect(res.status).toBe(200);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(PNG);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    const etag = res.headers.get('etag')!;
    expect((await h.request(path, { headers: { 'if-none-match': etag } })).status).toBe(304);

    // An older version's address leads to the current one; no logo, nothing.
    const old = await h.request(`/logos/${org.orgId}/old-version`);
    expect(old.status).toBe(302);
    expect(old.headers.get('location')).toBe(path);
    await h.call('DELETE', `/api/orgs/${org.orgId}/logo`, { token: org.owner.token });
    expect((await h.request(path)).status).toBe(404);
  });
});

describe('accentColor and logoUrl settings', () => {
  it('are changed by admins and refused for members', async () => {
    const { h, org } = current();
    const ok = await h.call('PATCH', `/api/orgs/${org.orgId}/settings`, {
      token: org.admin.token,
      body: { accentColor: '#FFCC00', logoUrl: 'https://cdn.example.com/logo.png' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.settings).toMatchObject({
      accentColor: '#ffcc00',
      logoUrl: 'https://cdn.example.com/logo.png',
    });
    const member = await h.call('PATCH', `/api/orgs/${org.orgId}/settings`, {
      token: org.member.token,
      body: { accentColor: '#000000' },
    });
    expect(member.status).toBe(403);
  });

  it('refuses anything but #rrggbb and https addresses with 422, changing nothing', async () => {
    const { h, org } = current();
    const bad = [
      { accentColor: 'red;}</style><script>alert(1)</script>' },
      { accentColor: 'red' },
      { accentColor: '#fff' },
      { accentColor: '#12345g' },
      { accentColor: '#123456;background:url(https://evil.example)' },
      { accentColor: 'rgb(0,0,0)' },
      { logoUrl: 'http://cdn.example.com/logo.png' },
      { logoUrl: 'javascript:alert(1)' },
      { logoUrl: 'data:image/svg+xml,<svg/>' },
      { logoUrl: 'https://user:pass@cdn.example.com/logo.png' },
      { logoUrl: `https://cdn.example.com/${'a'.repeat(500)}` },
      { logoUrl: 'https://cdn.example.com/"><script>' },
    ];
    for (const body of bad) {
      const res = await h.call('PATCH', `/api/orgs/${org.orgId}/settings`, {
        token: org.owner.token,
        body,
      });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error.code).toBe('invalid_input');
      expect(Object.keys(res.body.error.fields)).toEqual(Object.keys(body));
    }
    const after = await h.call('GET', `/api/orgs/${org.orgId}`, { token: org.owner.token });
    expect(after.body.settings).toMatchObject({ accentColor: null, logoUrl: null });
  });
});

describe('the brand on pages and in messages', () => {
  it('shows the uploaded logo and the accent, as a CSS value only, on the join page', async () => {
    const { h, org } = current();
    await h.call('PATCH', `/api/orgs/${org.orgId}/settings`, {
      token: org.owner.token,
      body: { accentColor: '#0b6e4f' },
    });
    const { url } = (await (await putLogo(org.owner.token, org.orgId, PNG)).json()) as {
      url: string;
    };
    const link = await createLink(h, org.orgId, org.admin.token, {});
    const page = await getPage(h, `/join/${link.token}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`<img class="brand-logo" src="${url}" alt="Acme"`);
    expect(page.text).toContain('--brand:#0b6e4f;');
    expect(page.text).toContain('--on-brand:#ffffff');
    // Its own origin: the page's CSP stays as it is.
    expect(page.headers.get('content-security-policy')).toContain("img-src 'self' data:;");
    // Opened at another loopback host (local mode), the page admits PUBLIC_URL's origin for it.
    const elsewhere = await h.app.request(`http://127.0.0.1:8787/join/${link.token}`, {
      headers: { accept: 'text/html' },
    });
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.headers.get('content-security-policy')).toContain(
      `img-src 'self' data: ${PUBLIC_URL};`,
    );
  });

  it('never writes a stored value that is not #rrggbb into the CSS (defence behind the input check)', async () => {
    const { h, org } = current();
    const [row] = await h.db
      .select({ settings: organizations.settings })
      .from(organizations)
      .where(eq(organizations.id, org.orgId));
    await h.db
      .update(organizations)
      .set({
        settings: {
          ...row!.settings,
          accentColor: 'red;}</style><script>alert(1)</script>',
          logoUrl: 'javascript:alert(1)',
        },
      })
      .where(eq(organizations.id, org.orgId));
    const link = await createLink(h, org.orgId, org.admin.token, {});
    const page = await getPage(h, `/join/${link.token}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('<script');
    expect(page.text).not.toContain('--brand');
    expect(page.text).not.toContain('javascript:');
  });

  it("admits an https logo's origin in that page's CSP only", async () => {
    const { h, org } = current();
    await h.call('PATCH', `/api/orgs/${org.orgId}/settings`, {
      token: org.owner.token,
      body: { logoUrl: 'https://cdn.example.com/acme.png?v=2&x=1' },
    });
    const link = await createLink(h, org.orgId, org.admin.token, {});
    const page = await getPage(h, `/join/${link.token}`);
    expect(page.text).toContain('src="https://cdn.example.com/acme.png?v=2&amp;x=1"');
    expect(page.headers.get('content-security-policy')).toContain(
      "img-src 'self' data: https://cdn.example.com;",
    );
    const login = await getPage(h, '/login');
    expect(login.headers.get('content-security-policy')).toContain("img-src 'self' data:;");
    expect(login.headers.get('content-security-policy')).not.toContain('cdn.example.com');
  });

  it('puts the logo and the accent in the invitation message', async () => {
    const { h, org } = current();
    await h.call('PATCH', `/api/orgs/${org.orgId}/settings`, {
      token: org.owner.token,
      body: { accentColor: '#ffcc00' },
    });
    const { url } = (await (await putLogo(org.owner.token, org.orgId, PNG)).json()) as {
      url: string;
    };
    const sent = await h.call('POST', `/api/orgs/${org.orgId}/invitations`, {
      token: org.admin.token,
      body: { email: 'new@example.com', role: 'member' },
    });
    expect(sent.status).toBe(201);
    const [mail] = await mailTo(h, 'new@example.com');
    expect(mail!.html).toContain(`<img src="${url}" alt="Acme"`);
    // Yellow is too light for white text: the button's text is black.
    expect(mail!.html).toContain('background:#ffcc00;color:#000000');
    // The invitation's page wears the same brand.
    const page = await getPage(h, linkIn(mail!, '/invite/'));
    expect(page.status).toBe(200);
    expect(page.text).toContain(`<img class="brand-logo" src="${url}"`);
    expect(page.text).toContain('--brand:#ffcc00;--on-brand:#000000');
  });

  it('puts the logo in the welcome message and on the set-password page it links to', async () => {
    const { h, org } = current();
    const { url } = (await (await putLogo(org.owner.token, org.orgId, PNG)).json()) as {
      url: string;
    };
    const link = await createLink(h, org.orgId, org.admin.token, { requiresApproval: false });
    expect((await apply(h, link.token, { name: 'Ann', email: 'ann@example.com' })).status).toBe(
      201,
    );
    const [mail] = await mailTo(h, 'ann@example.com');
    expect(mail!.html).toContain(`<img src="${url}" alt="Acme"`);
    const page = await getPage(h, linkIn(mail!, '/set-password/'));
    expect(page.status).toBe(200);
    expect(page.text).toContain(`<img class="brand-logo" src="${url}"`);

    // Someone who has an account confirms joining on a page in the same brand.
    await createUser(h, 'bob@example.com', { name: 'Bob' });
    await apply(h, link.token, { name: 'Bob', email: 'bob@example.com' });
    const [welcome] = await mailTo(h, 'bob@example.com');
    const confirm = await getPage(h, linkIn(welcome!, '/confirm/'));
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain(`<img class="brand-logo" src="${url}"`);
  });
});

describe('the colour rule (lib/brand.ts)', () => {
  it('keeps text on and in any accent at 4.5:1 or more', () => {
    for (const accent of [
      '#ffffff',
      '#ffcc00',
      '#00ff00',
      '#1d4ed8',
      '#000000',
      '#777777',
      '#0b6e4f',
    ]) {
      const p = paletteOf(accent);
      expect(contrast(p.accent, p.onAccent), accent).toBeGreaterThanOrEqual(4.5);
      expect(contrast(p.accentText, '#ffffff'), accent).toBeGreaterThanOrEqual(4.5);
    }
    expect(paletteOf('#1d4ed8')).toEqual({
      accent: '#1d4ed8',
      onAccent: '#ffffff',
      accentText: '#1d4ed8',
    });
  });
});
