/**
 * The messages' words (every `*.text.ts` beside a message kind): the same keys in every language,
 * each translation using exactly the placeholders of the English text, and none left in English.
 */
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../../shared/i18n';
import { passwordMailText } from '../../../worker/src/features/accounts/password-mail.text';
import { codeMailText } from '../../../worker/src/features/accounts/verification-code-mail.text';
import { invitationMailText } from '../../../worker/src/features/invitations/mail.text';
import { alreadyMemberText } from '../../../worker/src/features/joining/already-member-mail.text';
import { welcomeText } from '../../../worker/src/features/joining/welcome-mail.text';
import { memberMailText } from '../../../worker/src/features/members/mail.text';
import { layoutText } from '../../../worker/src/mail/layout.text';

const CATALOGS = [
  layoutText,
  invitationMailText,
  alreadyMemberText,
  welcomeText,
  memberMailText,
  passwordMailText,
  codeMailText,
];

const placeholders = (text: string) =>
  [...text.matchAll(/\{([a-zA-Z0-9_]+)\}/g)].map((m) => m[1]).sort();

describe('message catalogs', () => {
  for (const catalog of CATALOGS) {
    it(`${catalog.name}: every language complete, with the English placeholders, translated`, () => {
      const en = catalog.translations.en as Record<string, string>;
      for (const locale of LOCALES) {
        const words = catalog.translations[locale] as Record<string, string>;
        expect(Object.keys(words).sort(), locale).toEqual(Object.keys(en).sort());
        for (const [key, text] of Object.entries(words)) {
          expect(typeof text, `${locale}.${key}`).toBe('string');
          expect(text.trim().length, `${locale}.${key}`).toBeGreaterThan(0);
          expect(placeholders(text), `${locale}.${key}`).toEqual(placeholders(en[key]!));
          if (locale !== 'en') expect(text, `${locale}.${key} is still English`).not.toBe(en[key]);
        }
      }
    });
  }
});
