/**
 * Form parts of the hosted pages: a labelled field with its error tied to it for screen readers,
 * and a summary of what went wrong at the top of a form. Everything rendered here is escaped by
 * hono/jsx.
 */

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
export function ErrorSummary(props: { errors?: FieldErrors; labels: Record<string, string> }) {
  const entries = Object.entries(props.errors ?? {});
  if (entries.length === 0) return null;
  return (
    <div class="notice bad" role="alert">
      <p>
        <strong>Please check the form:</strong>
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

/**
 * Turns the `fields` of a validation error into messages people read ("must be …" → "Must be …").
 */
export function fieldErrors(fields: Record<string, string> | undefined): FieldErrors {
  const out: FieldErrors = {};
  for (const [k, v] of Object.entries(fields ?? {}))
    out[k] = v.charAt(0).toUpperCase() + v.slice(1);
  return out;
}
