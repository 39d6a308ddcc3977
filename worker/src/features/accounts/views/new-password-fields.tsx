/** The new password and its repetition, as every page that sets a password asks for them. */
import { Field, type FieldErrors } from '../../../http/forms';
import { LABELS, PASSWORD_HINT } from './labels';

export const NewPasswordFields = ({ errors }: { errors?: FieldErrors }) => (
  <>
    <Field
      name="newPassword"
      label={LABELS.newPassword}
      type="password"
      autocomplete="new-password"
      hint={PASSWORD_HINT}
      errors={errors}
    />
    <Field
      name="confirmPassword"
      label={LABELS.confirmPassword}
      type="password"
      autocomplete="new-password"
      errors={errors}
    />
  </>
);
