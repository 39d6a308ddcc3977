import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  isGrantedByManifest,
  originPattern,
  requestHostPermission,
} from '../../../extension/lib/host-permission';
import { hasHostPermission } from '../../../extension/lib/host-permission-check';

beforeEach(() => fakeBrowser.reset());

describe('host permission for the configured server only', () => {
  it('asks for exactly one origin, never all sites', async () => {
    const request = vi.fn(async () => true);
    Object.assign(fakeBrowser.permissions, { request });
    expect(await requestHostPermission('https://invite.example.com:8443')).toBe(true);
    expect(request).toHaveBeenCalledWith({ origins: ['https://invite.example.com/*'] });
  });

  it('does not ask for the local server the manifest already grants', async () => {
    const request = vi.fn(async () => true);
    Object.assign(fakeBrowser.permissions, { request });
    expect(isGrantedByManifest('http://localhost:8787')).toBe(true);
    // Every port (the manifest's patterns name none: docs/FIREFOX.md), and nothing that only looks
    // like it.
    expect(['http://localhost:3000', 'http://127.0.0.1:9999'].map(isGrantedByManifest)).toEqual([
      true,
      true,
    ]);
    expect(
      ['http://localhost.evil.example', 'https://127.0.0.1.nip.example', 'http://127.0.0.2'].map(
        isGrantedByManifest,
      ),
    ).toEqual([false, false, false]);
    expect(await requestHostPermission('http://localhost:8787')).toBe(true);
    expect(request).not.toHaveBeenCalled();
  });

  it('reports a refusal as false', async () => {
    Object.assign(fakeBrowser.permissions, {
      request: vi.fn(async () => Promise.reject(new Error('no gesture'))),
    });
    expect(await requestHostPermission('https://x.example.com')).toBe(false);
  });

  it('checks what is granted', async () => {
    const contains = vi.fn(async () => false);
    Object.assign(fakeBrowser.permissions, { contains });
    expect(await hasHostPermission('https://x.example.com')).toBe(false);
    expect(contains).toHaveBeenCalledWith({ origins: ['https://x.example.com/*'] });
    expect(originPattern('http://127.0.0.1:9000/app')).toBe('http://127.0.0.1/*');
  });
});
