/** A security notice after a password change, so a person notices a change they did not make. */
import { eq } from 'drizzle-orm';
import { users } from '../../db/schema';
import { buildEmail } from '../../mail/layout';
import type { MessageDefinition } from '../../mail/messages';

export const passwordChanged: MessageDefinition<'password_changed'> = {
  kind: 'password_changed',
  async render({ db, publicUrl }, userId) {
    const [user] = await db
      .select({ email: users.email, name: users.name })
      .from(users)
      .where(eq(users.id, userId))
      .limit(1);
    if (!user?.email) return null;
    return buildEmail({
      to: user.email,
      subject: 'Your Invitations password was changed',
      heading: `Hello ${user.name}, your password was changed`,
      blocks: [
        {
          p: 'The password of your account was just changed, and your other sessions were signed out.',
        },
        { facts: [['Account', user.email]] },
        {
          p: 'If you did not do this, choose a new password at once with a link sent to this address: that signs every session out.',
        },
        { button: { label: 'Choose a new password', url: `${publicUrl}/reset-password` } },
      ],
    });
  },
};
