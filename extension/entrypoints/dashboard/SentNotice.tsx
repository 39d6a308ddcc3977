/**
 * What an invitation action did: a line, and for a link to copy and send oneself, the link with a
 * Copy button.
 */
import { copyText } from '../../lib/clipboard';

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
    const what = again
      ? `A new link for ${who}: the earlier one no longer works.`
      : `Invitation for ${who} created.`;
    return { text: `${what} Copy the link and send it yourself:`, url };
  }
  return {
    text: again
      ? `Invitation sent again to ${who}; the earlier link no longer works.`
      : `Invitation sent to ${who}.`,
  };
}

export function SentNotice({ sent }: { sent: Sent | null }) {
  if (!sent) return null;
  return (
    <div class="row" role="status">
      <span>{sent.text}</span>
      {sent.url && (
        <>
          <input class="grow mono" readOnly value={sent.url} aria-label="Invitation link URL" />
          <button type="button" onClick={() => void copyText(sent.url ?? '')}>
            Copy link
          </button>
        </>
      )}
    </div>
  );
}
