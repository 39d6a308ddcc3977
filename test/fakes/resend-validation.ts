// What the Resend fake checks in one e-mail of `POST /emails` or `POST /emails/batch` (the SDK's
// snake_case body), with Resend's error names and messages, and the message as recorded.

export interface EmailDraft {
  readonly from: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly bcc: readonly string[];
  readonly replyTo: readonly string[];
  readonly subject: string;
  readonly text: string | undefined;
  readonly html: string | undefined;
  /** Custom e-mail headers from the payload's `headers` field (not the HTTP request's). */
  readonly headers: Readonly<Record<string, string>>;
  readonly tags: ReadonlyArray<{ readonly name: string; readonly value: string }>;
  /** The e-mail object exactly as received. */
  readonly raw: Readonly<Record<string, unknown>>;
}

export type CheckedEmail =
  | { readonly ok: true; readonly draft: EmailDraft }
  | {
      readonly ok: false;
      readonly name: 'missing_required_field' | 'validation_error';
      readonly message: string;
    };

const MAX_RECIPIENTS = 50;
const PLAIN_ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `someone@example.com` or `Some One <someone@example.com>`. */
export function isAddress(value: string): boolean {
  const named = /^[^<>]*<([^<>]+)>$/.exec(value.trim());
  return PLAIN_ADDRESS.test((named?.[1] ?? value).trim());
}

/** `undefined` → [], a string → [it], an array of strings → itself, anything else → null. */
function addressList(value: unknown): string[] | null {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
  return null;
}

function missing(field: string): CheckedEmail {
  return { ok: false, name: 'missing_required_field', message: `Missing \`${field}\` field.` };
}

function invalid(message: string): CheckedEmail {
  return { ok: false, name: 'validation_error', message };
}

function stringRecord(value: unknown): Record<string, string> | null {
  if (value === undefined) return {};
  if (!isRecord(value) || !Object.values(value).every((v) => typeof v === 'string')) return null;
  return value as Record<string, string>;
}

function tagList(value: unknown): Array<{ name: string; value: string }> | null {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return null;
  const tags = value.filter(
    (tag): tag is { name: string; value: string } =>
      isRecord(tag) && typeof tag.name === 'string' && typeof tag.value === 'string',
  );
  return tags.length === value.length ? tags : null;
}

export function checkEmail(raw: unknown, inBatch: boolean): CheckedEmail {
  if (!isRecord(raw)) return invalid('Each e-mail must be a JSON object.');
  const { from, subject, html, text, template } = raw;
  if (typeof from !== 'string' || from === '') return missing('from');
  if (!isAddress(from)) {
    return invalid(
      'Invalid `from` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.',
    );
  }
  const to = addressList(raw.to);
  if (to === null) return invalid('Invalid `to` field.');
  if (to.length === 0) return missing('to');
  if (to.length > MAX_RECIPIENTS)
    return invalid(`Too many recipients in \`to\`. The maximum is ${MAX_RECIPIENTS}.`);
  const cc = addressList(raw.cc);
  const bcc = addressList(raw.bcc);
  const replyTo = addressList(raw.reply_to);
  if (cc === null || bcc === null || replyTo === null)
    return invalid('Invalid `cc`, `bcc` or `reply_to` field.');
  const wrong = [...to, ...cc, ...bcc, ...replyTo].find((address) => !isAddress(address));
  if (wrong !== undefined) {
    return invalid(
      `Invalid email address \`${wrong}\`. It needs to follow the \`email@example.com\` format.`,
    );
  }
  if (template === undefined && (typeof subject !== 'string' || subject === ''))
    return missing('subject');
  if (
    (html !== undefined && typeof html !== 'string') ||
    (text !== undefined && typeof text !== 'string')
  ) {
    return invalid('The `html` and `text` fields must be strings.');
  }
  if (html === undefined && text === undefined && template === undefined)
    return missing('html` or `text');
  if (inBatch && raw.attachments !== undefined)
    return invalid('Attachments are not supported in batch emails.');
  const headers = stringRecord(raw.headers);
  if (headers === null) return invalid('The `headers` field must map header names to strings.');
  const tags = tagList(raw.tags);
  if (tags === null) return invalid('The `tags` field must be a list of `{ name, value }`.');
  return {
    ok: true,
    draft: {
      from,
      to,
      cc,
      bcc,
      replyTo,
      subject: typeof subject === 'string' ? subject : '',
      text: typeof text === 'string' ? text : undefined,
      html: typeof html === 'string' ? html : undefined,
      headers,
      tags,
      raw,
    },
  };
}
