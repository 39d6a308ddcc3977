/** A labelled input with its error sentence tied to it (aria-invalid, aria-describedby). */
import type { ComponentChildren } from 'preact';

interface FieldProps {
  label: string;
  name: string;
  error?: string | undefined;
  children?: ComponentChildren;
  type?: 'text' | 'email' | 'tel' | 'url';
  value?: string;
  required?: boolean;
  onInput?: (value: string) => void;
}

export function Field({
  label,
  name,
  error,
  children,
  type = 'text',
  value,
  required,
  onInput,
}: FieldProps) {
  const errorId = `${name}-error`;
  return (
    <div class="field">
      {/* biome-ignore lint/a11y/noLabelWithoutControl: the control is the input below or the children */}
      <label>
        {label}
        {children ?? (
          <input
            name={name}
            // Preact 11 types each input type separately; these are all plain text boxes.
            type={type as 'text'}
            value={value}
            required={required}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            onInput={(e) => onInput?.(e.currentTarget.value)}
          />
        )}
      </label>
      {error && (
        <span id={errorId} class="row-error">
          {error}
        </span>
      )}
    </div>
  );
}
