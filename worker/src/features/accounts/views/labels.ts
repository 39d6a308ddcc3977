/** The labels the account pages' forms share, in the page's language (pages.text.ts). */
import type { Locale } from '../../../../../shared/i18n';
import { accountPagesText } from '../pages.text';

export const labelsIn = (locale: Locale) => {
  const t = accountPagesText.in(locale);
  return {
    email: t.email,
    password: t.password,
    currentPassword: t.currentPassword,
    newPassword: t.newPassword,
    confirmPassword: t.confirmPassword,
    code: t.code,
    name: t.name,
  };
};
