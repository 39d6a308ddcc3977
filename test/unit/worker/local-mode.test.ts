import { describe, expect, it } from 'vitest';
import { localMode } from '../../../worker/src/config';

const none = { email: false, sms: false };

describe('local mode (config.ts localMode)', () => {
  it('is on only without any provider and with a loopback PUBLIC_URL', () => {
    for (const publicUrl of [
      'http://localhost:8787',
      'http://LOCALHOST',
      'http://127.0.0.1:1',
      'http://127.1.2.3:8787',
      'http://[::1]:8787',
    ]) {
      expect(localMode({ publicUrl, ...none }), publicUrl).toEqual({ on: true });
    }
  });

  it('is off, and says why, with a provider or a PUBLIC_URL that is not loopback', () => {
    expect(localMode({ publicUrl: 'http://localhost:8787', email: true, sms: false })).toEqual({
      on: false,
      why: 'a provider is configured',
    });
    expect(localMode({ publicUrl: 'http://localhost:8787', email: false, sms: true })).toEqual({
      on: false,
      why: 'a provider is configured',
    });
    for (const publicUrl of [
      'https://invitations.example',
      'http://localhost.evil.example',
      'http://127.0.0.1.nip.io',
      'http://10.0.0.1:8787',
      'http://0.0.0.0:8787',
      'http://[::2]',
    ]) {
      expect(localMode({ publicUrl, ...none }), publicUrl).toEqual({
        on: false,
        why: 'PUBLIC_URL is not a loopback address',
      });
    }
    expect(localMode({ publicUrl: 'https://invitations.example', email: true, sms: true })).toEqual(
      {
        on: false,
        why: 'a provider is configured; PUBLIC_URL is not a loopback address',
      },
    );
  });

  it('is off when the server listens beyond this machine, where anyone could name a loopback Host', () => {
    for (const listenHost of ['127.0.0.1', 'localhost', '::1'])
      expect(
        localMode({ publicUrl: 'http://localhost:8787', ...none, listenHost }),
        listenHost,
      ).toEqual({ on: true });
    for (const listenHost of ['0.0.0.0', '::', '192.168.1.5']) {
      expect(
        localMode({ publicUrl: 'http://localhost:8787', ...none, listenHost }),
        listenHost,
      ).toEqual({ on: false, why: 'HOST listens beyond this machine' });
    }
  });

  it('is off when TRUST_PROXY names a proxy, which forwards other people’s requests from loopback', () => {
    expect(localMode({ publicUrl: 'http://localhost:8787', ...none, trustProxy: 0 })).toEqual({
      on: true,
    });
    expect(localMode({ publicUrl: 'http://localhost:8787', ...none, trustProxy: 1 })).toEqual({
      on: false,
      why: 'TRUST_PROXY says a proxy forwards requests',
    });
  });
});
