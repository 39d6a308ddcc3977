/** The new password and its repetition, as every page that sets a password asks for them. */
import { Field, type FieldErrors } from '../../../http/forms';
import type { PageLang } from '../../../http/page-locale';
import { accountPagesText } from '../pages.text';

export const NewPasswordFields = ({ errors, lang }: { errors?: FieldErrors; lang: PageLang }) => {
  const t = accountPagesText.in(lang.locale);
  return (
    <>
      <Field
        name="newPassword"
        label={t.newPassword}
        type="password"
        autocomplete="new-password"
        hint={t.passwordHint}
        errors={errors}
      />
      <Field
        name="confirmPassword"
        label={t.confirmPassword}
        type="password"
        autocomplete="new-password"
        errors={errors}
      />
    </>
  );
};
