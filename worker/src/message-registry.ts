/**
 * Every message kind the outbox can deliver. A new kind is added to `MESSAGE_KINDS`
 * (worker/src/db/schema/outbox.ts) and here: `satisfies` refuses a kind without its definition, a
 * definition of another kind, and a key that is no kind.
 */
import { passwordChanged } from './features/accounts/password-changed-mail';
import { passwordResetEmail, passwordResetSms } from './features/accounts/password-reset-mail';
import {
  verificationCodeEmail,
  verificationCodeSms,
} from './features/accounts/verification-code-mail';
import { invitationEmail, invitationSms } from './features/invitations/mail';
import { alreadyMember } from './features/joining/already-member-mail';
import { welcome, welcomeInitialPassword } from './features/joining/welcome-mail';
import {
  memberInviteEmail,
  memberInviteSms,
  memberPasswordEmail,
  memberPasswordSms,
} from './features/members/mail';
import {
  invitationExpiredNotice,
  invitationReminder,
  renewalLinkMail,
} from './features/renewals/mail';
import { webhookDisabled } from './features/webhooks/disabled-mail';
import { type MessageDefinitions, messageRegistry } from './mail/messages';

const DEFINITIONS = {
  password_changed: passwordChanged,
  welcome: welcome,
  welcome_initial_password: welcomeInitialPassword,
  already_member: alreadyMember,
  invitation_email: invitationEmail,
  invitation_sms: invitationSms,
  member_invite_email: memberInviteEmail,
  member_invite_sms: memberInviteSms,
  member_password_email: memberPasswordEmail,
  member_password_sms: memberPasswordSms,
  verification_code_email: verificationCodeEmail,
  verification_code_sms: verificationCodeSms,
  password_reset_email: passwordResetEmail,
  password_reset_sms: passwordResetSms,
  invitation_reminder: invitationReminder,
  invitation_expired_notice: invitationExpiredNotice,
  renewal_link: renewalLinkMail,
  webhook_disabled: webhookDisabled,
} satisfies MessageDefinitions;

export const MESSAGES = messageRegistry(Object.values(DEFINITIONS));
