/**
 * Form parts of the hosted pages: a form that keeps the page's language, a labelled field with its
 * error tied to it for screen readers, and a summary of what went wrong at the top of a form.
 * Everything rendered here is escaped by hono/jsx.
 */
import type { Child } from 'hono/jsx';
import type { Locale } from '../../../shared/i18n';
import { fill } from '../i18n/text';
import { formsText } from './forms.text';
import { keepLang, type PageLang } from './page-locale';

/** Field name → a sentence about what is wrong with it. */
export type FieldErrors = Record<string, string>;

export interface FieldProps {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password';
  value?: string;
  autocomplete: string;
  errors?: FieldErrors;
  maxlength?: number;
  hint?: string;
  readonly?: boolean;
  inputmode?: 'numeric';
}

/**
 * A form that posts back in the page's language: its `action` keeps the reader's `?lang=`, and a
 * hidden `lang` field carries the language the page was read in (http/page-locale.ts).
 */
export function Form(props: {
  action: string;
  lang: PageLang;
  'aria-label'?: string;
  children: Child;
}) {
  return (
    <form
      method="post"
      action={keepLang(props.action, props.lang)}
      aria-label={props['aria-label']}
    >
      <input type="hidden" name="lang" value={props.lang.locale} />
      {props.children}
    </form>
  );
}

export function Field(props: FieldProps) {
  const error = props.errors?.[props.name];
  const described = [props.hint ? `${props.name}-hint` : '', error ? `${props.name}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div>
      <label for={props.name}>{props.label}</label>
      {props.hint ? (
        <p id={`${props.name}-hint`} class="muted">
          {props.hint}
        </p>
      ) : null}
      <input
        id={props.name}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.type === 'password' ? undefined : props.value}
        autocomplete={props.autocomplete}
        maxlength={props.maxlength}
        readonly={props.readonly}
        inputmode={props.inputmode}
        required
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described || undefined}
      />
      {error ? (
        <p id={`${props.name}-error`} class="error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** "There is a problem" with one line per field, announced when the page loads. */
export function ErrorSummary(props: {
  errors?: FieldErrors;
  labels: Record<string, string>;
  lang: PageLang;
}) {
  const entries = Object.entries(props.errors ?? {});
  if (entries.length === 0) return null;
  return (
    <div class="notice bad" role="alert">
      <p>
        <strong>{formsText.in(props.lang.locale).checkForm}</strong>
      </p>
      <ul class="error-links">
        {entries.map(([field, message]) => (
          <li>
            {props.labels[field] ? (
              <a href={`#${field}`}>{`${props.labels[field]}: ${message}`}</a>
            ) : (
              message
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

type FormWord = Exclude<keyof ReturnType<typeof formsText.in>, 'checkForm'>;

/**
 * The English sentences of shared/api's schemas and of the use cases' `fields`, each with the
 * words that say it on a page (`{max}` / `{min}` taken from the sentence).
 */
const FIELD_ISSUES: [RegExp, FormWord][] = [
  [/^is required$/i, 'required'],
  [/^must be a valid e-mail address$/i, 'email'],
  [/^must be an e-mail address, or a phone number with its country code$/i, 'emailOrPhone'],
  [/^must be a phone number with its country code/i, 'phone'],
  [/^must be at most (?<max>\d+) characters$/i, 'tooLong'],
  [/^must be at least (?<min>\d+) characters$/i, 'tooShort'],
  [/^must be a single line without control characters$/i, 'oneLine'],
  [/^must not contain a web address or a domain name$/i, 'noWebAddress'],
  [/^does not match the new password$/i, 'repeatMismatch'],
  [/^must differ from the current password$/i, 'sameAsCurrent'],
  [/^is not right$/i, 'notRight'],
  [/^the password is not right\.?$/i, 'passwordNotRight'],
  [/^ask for a new code$/i, 'newCode'],
  [/^is not at a domain this organization accepts$/i, 'emailDomain'],
  [/^asked to join recently$/i, 'appliedRecently'],
  [/^is not valid$/i, 'invalid'],
];

/** One field's issue in the page's language; a sentence not listed reads "is not valid". */
export function fieldIssue(message: string, locale: Locale): string {
  const words = formsText.in(locale);
  for (const [pattern, key] of FIELD_ISSUES) {
    const found = pattern.exec(message);
    if (found) return fill(words[key], found.groups ?? {});
  }
  // English pages keep the use case's own sentence; other languages never show English.
  return locale === 'en' ? message.charAt(0).toUpperCase() + message.slice(1) : words.invalid;
}

/**
 * Turns the `fields` of a validation error into messages people read, in the page's language
 * ("must be …" → "Must be …", "必须…").
 */
export function fieldErrors(
  fields: Record<string, string> | undefined,
  locale: Locale,
): FieldErrors {
  const out: FieldErrors = {};
  for (const [k, v] of Object.entries(fields ?? {})) out[k] = fieldIssue(v, locale);
  return out;
}
