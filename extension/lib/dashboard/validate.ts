/**
 * Checks a form against the same zod schema the server uses, and names each bad field the way the
 * server does.
 */
import type * as z from 'zod/mini';
import { t, uiLocale } from '../i18n';

export type FieldErrors = Record<string, string>;

/**
 * A required field left empty: zod words it for developers ("expected string, received undefined").
 */
function isMissing(issue: z.core.$ZodIssue): boolean {
  return (
    (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) ||
    (issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) === 1)
  );
}

export function validate<S extends z.ZodMiniType>(
  schema: S,
  input: unknown,
): { data: z.output<S> } | { errors: FieldErrors } {
  const result = schema.safeParse(input);
  if (result.success) return { data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    // zod's own sentences are English; in another language the field says only that it is wrong.
    errors[field] ??= isMissing(issue)
      ? t('error.required')
      : uiLocale() === 'en'
        ? issue.message
        : t('error.invalid');
  }
  return { errors };
}

/** Drops empty strings so optional fields left blank are absent rather than invalid. */
export function withoutBlanks<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(values).filter(([, v]) => v !== '' && v !== undefined),
  ) as Partial<T>;
}
