import { describe, expect, it } from 'vitest';
import {
  formatChannel,
  formatDelivery,
  formatExpiry,
  formatRelative,
  formatStatus,
  formatUses,
} from '../../../extension/lib/format';
import {
  decodeChoice,
  encodeChoice,
  pickValidity,
  toCreateLinkRequest,
  usageChoices,
  validityChoices,
} from '../../../extension/lib/link-options';

const NOW = Date.parse('2030-01-01T00:00:00Z');

describe('formatting', () => {
  it('says when in words', () => {
    expect(formatRelative('2030-01-04T00:00:00Z', NOW)).toBe('in 3 days');
    expect(formatRelative('2029-12-31T23:55:00Z', NOW)).toBe('5 minutes ago');
    expect(formatRelative('2030-01-01T00:00:10Z', NOW)).toBe('now');
    expect(formatExpiry(null, NOW)).toBe('Never expires');
    expect(formatExpiry('2030-01-01T02:00:00Z', NOW)).toBe('Expires in 2 hours');
    expect(formatExpiry('2029-12-31T00:00:00Z', NOW)).toBe('Expired yesterday');
    // A 7-day link made a few seconds ago, a 72-hour invitation: rounded, not cut down.
    expect(formatExpiry('2030-01-07T23:59:55Z', NOW)).toBe('Expires in 7 days');
    expect(formatExpiry('2030-01-03T23:59:00Z', NOW)).toBe('Expires in 3 days');
  });

  it('names channels as people write them', () => {
    expect(['email', 'sms', 'link'].map((c) => formatChannel(c))).toEqual([
      'e-mail',
      'SMS',
      'copied link',
    ]);
    expect(formatChannel('email', true)).toBe('E-mail');
  });

  it('counts uses and names statuses', () => {
    expect(formatUses(3, 10)).toBe('3 of 10 uses');
    expect(formatUses(1, null)).toBe('1 use');
    expect(formatStatus('not_invited')).toBe('Not invited');
  });
});

describe('delivery reports', () => {
  it('say what happened, when, and why', () => {
    const fiveMinutesAgo = new Date(Date.now() - 5 * 60_000).toISOString();
    expect(formatDelivery({ status: 'delivered', at: fiveMinutesAgo, reason: null })).toBe(
      'Delivered 5 minutes ago',
    );
    expect(
      formatDelivery({ status: 'bounced', at: fiveMinutesAgo, reason: 'mailbox does not exist' }),
    ).toBe('Bounced 5 minutes ago: mailbox does not exist');
    expect(formatDelivery({ status: 'complained', at: fiveMinutesAgo, reason: null })).toBe(
      'Marked as spam 5 minutes ago',
    );
  });
});

describe('link form choices', () => {
  it('offers 1 h, 1 day, 7 days, 30 days, and "never" only where the organization allows it', () => {
    expect(validityChoices(null).map((c) => c.label)).toEqual([
      '1 hour',
      '1 day',
      '7 days',
      '30 days',
      'Never expires',
    ]);
    expect(validityChoices(720).map((c) => c.value)).toEqual([1, 24, 168, 720]);
    expect(validityChoices(48).map((c) => c.value)).toEqual([1, 24]);
    expect(validityChoices(undefined).some((c) => c.value === null)).toBe(false);
  });

  it('offers usage limits 1, 5, 10, 25, 50, 100 and unlimited', () => {
    expect(usageChoices().map((c) => c.value)).toEqual([1, 5, 10, 25, 50, 100, null]);
  });

  it('falls back to the longest allowed validity', () => {
    expect(pickValidity(168, 720)).toBe(168);
    expect(pickValidity(null, 720)).toBe(720);
    expect(pickValidity(720, 48)).toBe(24);
  });

  it('sends department, role and approval only for admins', () => {
    const form = {
      expiresInHours: 24,
      maxUses: 5,
      departmentId: 'd1',
      role: 'admin' as const,
      requiresApproval: false,
    };
    expect(toCreateLinkRequest(form, false)).toEqual({ expiresInHours: 24, maxUses: 5 });
    expect(toCreateLinkRequest(form, true)).toEqual({
      expiresInHours: 24,
      maxUses: 5,
      departmentId: 'd1',
      role: 'admin',
      requiresApproval: false,
    });
    expect(toCreateLinkRequest({ ...form, departmentId: '' }, true).departmentId).toBeNull();
  });

  it('round-trips nullable numbers through <select> values', () => {
    expect(decodeChoice(encodeChoice(null))).toBeNull();
    expect(decodeChoice(encodeChoice(168))).toBe(168);
  });
});
