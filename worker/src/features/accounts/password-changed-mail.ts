/**
 * A security notice after a password change, so a person notices a change they did not make. In the
 * language of the request that changed it (kept on the outbox row), else English.
 */
import { eq } from 'drizzle-orm';
import { users } from '../../db/schema';
import { fill } from '../../i18n/text';
import { buildEmail } from '../../mail/layout';
import { messageLocale } from '../../mail/locale';
import type { MessageDefinition } from '../../mail/messages';
import { passwordMailText } from './password-mail.text';

export const passwordChanged: MessageDefinition<'password_changed'> = {
  kind: 'password_changed',
  async render({ db, publicUrl, locale: asked }, userId) {
    const [user] = await db
      .select({ email: users.email, name: users.name })
      .from(users)
      .where(eq(users.id, userId))
      .limit(1);
    if (!user?.email) return null;
    const locale = messageLocale(asked);
    const w = passwordMailText.in(locale);
    return buildEmail({
      to: user.email,
      locale,
      subject: w.changedSubject,
      heading: fill(w.changedHeading, { name: user.name }),
      blocks: [
        { p: w.changedIntro },
        { facts: [[w.account, user.email]] },
        { p: w.changedIfNotYou },
        { button: { label: w.chooseNew, url: `${publicUrl}/reset-password` } },
      ],
    });
  },
};
