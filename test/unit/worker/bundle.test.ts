import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CEILING, measureBundle } from '../../../scripts/worker-bundle-size.mjs';

// The Worker bundled as `npm run build:worker` and `wrangler deploy` do (wrangler's own esbuild,
// minified by wrangler.toml's `minify = true`, so no flag here: the bundle measured is the one
// deployed), then measured by the same script as `npm run size:worker`. This keeps it within the
// one ceiling (docs/DEPLOY.md, "Worker bundle") and keeps what must never be in it out.

let dir: string;
let bundle: Awaited<ReturnType<typeof measureBundle>>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'worker-bundle-'));
  const wrangler = join('node_modules', '.bin', 'wrangler');
  await promisify(execFile)(
    wrangler,
    ['deploy', '--dry-run', '--outdir', dir, '--metafile', join(dir, 'bundle-meta.json')],
    {
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: '1' },
    },
  );
  bundle = await measureBundle(dir);
}, 120_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the Worker bundle', () => {
  it('stays within the ceiling, minified and gzip', () => {
    expect(bundle.minified).toBeLessThanOrEqual(CEILING.minified);
    expect(bundle.gzip).toBeLessThanOrEqual(CEILING.gzip);
  });

  it('holds the Resend SDK without its inbound-mail parser, and no Node built-in', () => {
    expect(bundle.unwanted).toEqual([]);
    const names = new Map(bundle.parts);
    // The SDK sends the mail (mail/resend.ts): 33.8 KiB of it; `postal-mime` (71 KiB), which only
    // its inbound-mail API uses, is aliased away in wrangler.toml.
    expect(names.get('resend') ?? 0).toBeGreaterThan(0);
    expect(names.get('resend') ?? 0).toBeLessThan(40 * 1024);
    expect(names.has('postal-mime')).toBe(false);
  });

  it('holds the phone metadata without formats and zod without its classic API', () => {
    const names = new Map(bundle.parts);
    expect(names.get('libphonenumber-js') ?? 0).toBeLessThan(60 * 1024);
    // zod/mini with toJSONSchema (the API reference, http/openapi-document.ts) is 62 KiB; the classic
    // API would add about 60 more.
    expect(names.get('zod') ?? 0).toBeLessThan(70 * 1024);
  });
});
