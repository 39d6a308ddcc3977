import { describe, expect, it } from 'vitest';
import { applyRequestSchema } from '../../../shared/api/links';
import { invalidInput } from '../../../worker/src/errors';
import { fieldErrors, fieldIssue } from '../../../worker/src/http/forms';
import { formsText } from '../../../worker/src/http/forms.text';

// The English sentences the schemas and use cases put in `fields`, as hosted pages receive them.
const SENTENCES = [
  'is required',
  'must be a valid e-mail address',
  'must be an e-mail address, or a phone number with its country code',
  'must be a phone number with its country code, like +79051111111',
  'must be at most 100 characters',
  'must be at least 10 characters',
  'must be a single line without control characters',
  'must not contain a web address or a domain name',
  'does not match the new password',
  'must differ from the current password',
  'is not right',
  'The password is not right.',
  'ask for a new code',
  'is not at a domain this organization accepts',
];

describe('field errors on hosted pages', () => {
  it('English pages read as before: the sentence, capitalized', () => {
    for (const s of SENTENCES)
      expect(fieldIssue(s, 'en')).toBe(s.charAt(0).toUpperCase() + s.slice(1));
  });

  it('every known sentence has its own words in every other language, numbers kept', () => {
    for (const locale of ['zh-CN', 'ru', 'ja'] as const) {
      const fallback = formsText.in(locale).invalid;
      for (const s of SENTENCES) {
        const said = fieldIssue(s, locale);
        expect(said, `${locale}: ${s}`).not.toBe(fallback);
        expect(said).not.toMatch(/[a-z]{4,}/);
      }
      expect(fieldIssue('must be at most 100 characters', locale)).toContain('100');
      expect(fieldIssue('must be at least 10 characters', locale)).toContain('10');
    }
  });

  it('a sentence it does not know is never shown in English on another language’s page', () => {
    expect(fieldIssue('unknown field(s): x', 'ru')).toBe(formsText.in('ru').invalid);
    expect(fieldIssue('unknown field(s): x', 'en')).toBe('Unknown field(s): x');
  });

  it('maps a real validation error of the join form, field by field', () => {
    const parsed = applyRequestSchema.safeParse({ name: '', email: 'nope' });
    expect(parsed.success).toBe(false);
    const fields = invalidInput(parsed.error!).fields;
    expect(fieldErrors(fields, 'ja')).toEqual({
      name: '入力してください',
      email: '有効なメールアドレスを入力してください',
    });
  });
});
