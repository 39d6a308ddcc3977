import { describe, expect, it } from 'vitest';
import { looksLikeWebAddress, personNameSchema } from '../../../shared/api/common';

describe('names that carry a web address (shared/api/common.ts looksLikeWebAddress)', () => {
  it('are found behind look-alike letters, dots and invisible characters', () => {
    const addresses = [
      'Reset at https://evil.example',
      'evil.example/login',
      'https:\\\\evil.example',
      'Ｗｗｗ．evil．example',
      'x\u200dwww.evil.example',
      'paypal.c\u03bfm',
      'evil\u3002com login',
      'evil.xn--p1ai',
      'сбербанк.рф',
      'evil\u{E0020}.com',
      'evil.c\ufe0fom',
      'acme\u17b4.com',
      'Acme.io',
      'Acme IT 203.0.113.7',
      'Acme login 203.0.113.7:443/sso',
      'Acme [::ffff:cb00:7107]',
      'Acme fe80::1 support',
      'intranet:8443/login',
      '２０３．０．１１３．７',
      'Login 0xCB007107/sso',
      'Login 3405803783/sso',
      'Visit 203.0.113/x',
    ];
    for (const name of addresses) expect(looksLikeWebAddress(name), name).toBe(true);
  });

  it('leave ordinary names of people and organizations alone', () => {
    const names = [
      'Acme',
      'Acme Corp.',
      'St. Mary Hospital',
      'Dr. No',
      'A.B. Smith & Co',
      'J.R.R. Tolkien Society',
      'Café Müller',
      '東京株式会社',
      'v2.0 Team',
      "Ann-Marie O'Neil",
      'Zoë 🎉',
      'Иван Петров',
      '张伟',
      'José María',
      'Meeting 10:30',
      'Team 2024: 12:00',
      'Version 1.2.3',
      'Room 4.5',
      'Class of 2024/25',
      'Col·legi d’Advocats',
      'Room 101/B',
      'Team 1.5/2',
    ];
    for (const name of names) expect(looksLikeWebAddress(name), name).toBe(false);
  });
});

describe('names are valid text', () => {
  it('refuses half a surrogate pair, and keeps whole ones (emoji, rare CJK)', () => {
    for (const bad of ['\ud800', 'Ann\udc00', '\ud83dLee'])
      expect(personNameSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    for (const good of ['Ann 😀', '𠮷野 太郎', 'Zoë'])
      expect(personNameSchema.safeParse(good).success, good).toBe(true);
  });
});
