/**
 * What an invitation action did: a line, and for a link to copy and send oneself, the link with a
 * Copy button.
 */
import { copyText } from '../../lib/clipboard';
import { t } from '../../lib/i18n';

export interface Sent {
  text: string;
  url?: string;
}

/** The outcome of creating or resending a personal invitation, as the dashboard says it. */
export function sentNotice(
  invitation: { email: string | null; phone: string | null; channel: string },
  url: string | undefined,
  again = false,
): Sent {
  const who =
    (invitation.channel === 'sms' ? invitation.phone : invitation.email) ??
    invitation.email ??
    invitation.phone ??
    '';
  if (url) {
    const what = again ? t('sent.newLinkFor', [who]) : t('sent.createdFor', [who]);
    return { text: `${what} ${t('sent.copyIt')}`, url };
  }
  return { text: again ? t('sent.sentAgain', [who]) : t('sent.sentTo', [who]) };
}

export function SentNotice({ sent }: { sent: Sent | null }) {
  if (!sent) return null;
  return (
    <div class="row" role="status">
      <span>{sent.text}</span>
      {sent.url && (
        <>
          <input class="grow mono" readOnly value={sent.url} aria-label={t('common.linkUrl')} />
          <button type="button" onClick={() => void copyText(sent.url ?? '')}>
            {t('common.copyLink')}
          </button>
        </>
      )}
    </div>
  );
}
