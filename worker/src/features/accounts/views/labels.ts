/** The labels and hints the account pages' forms share. */
export const LABELS = {
  email: 'E-mail address or phone number',
  password: 'Password',
  currentPassword: 'Current password',
  newPassword: 'New password',
  confirmPassword: 'New password again',
};
export const PASSWORD_HINT = 'At least 10 characters. A few unrelated words make a good password.';
