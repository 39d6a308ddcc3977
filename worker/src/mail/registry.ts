/** Every message kind the outbox can deliver. A new kind is added here. */
import { alreadyMember } from './kinds/already-member';
import { invitationEmail, invitationSms } from './kinds/invitation';
import { memberInvitationMessages } from './kinds/member-invitation';
import { passwordChanged } from './kinds/password-changed';
import { passwordResetEmail, passwordResetSms } from './kinds/password-reset';
import { verificationCodeEmail, verificationCodeSms } from './kinds/verification-code';
import { welcome, welcomeInitialPassword } from './kinds/welcome';
import { messageRegistry } from './messages';

export const MESSAGES = messageRegistry([
  passwordChanged,
  welcome,
  welcomeInitialPassword,
  alreadyMember,
  invitationEmail,
  invitationSms,
  ...memberInvitationMessages,
  verificationCodeEmail,
  verificationCodeSms,
  passwordResetEmail,
  passwordResetSms,
]);
