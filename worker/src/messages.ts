/** Every message kind the outbox can deliver. A new kind is added here. */
import { alreadyMember } from './features/joining/already-member-mail';
import { invitationEmail, invitationSms } from './features/invitations/mail';
import { memberInvitationMessages } from './features/members/mail';
import { passwordChanged } from './features/accounts/password-changed-mail';
import { passwordResetEmail, passwordResetSms } from './features/accounts/password-reset-mail';
import {
  verificationCodeEmail,
  verificationCodeSms,
} from './features/accounts/verification-code-mail';
import { welcome, welcomeInitialPassword } from './features/joining/welcome-mail';
import { messageRegistry } from './mail/messages';

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
