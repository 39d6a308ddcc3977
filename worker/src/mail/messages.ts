/**
 * Message kinds. The outbox stores only a kind and the id of the record a message is about; each
 * kind knows how to render itself when it is delivered (tokens are derived then, never stored) and
 * what to record when it was sent or finally failed.
 */
import type { BatchItem } from 'drizzle-orm/batch';
import type { Locale } from '../../../shared/i18n';
import type { Db } from '../db/client';
import type { MessageKind } from '../db/schema';
import type { TokenKit } from '../lib/tokens';
import type { EmailMessage, SmsMessage } from './transport';

/** Kinds live beside the outbox's table (db/schema/outbox.ts), so every insert is checked. */
export type { MessageKind };

export interface RenderContext {
  db: Db;
  tokens: TokenKit;
  publicUrl: string;
  now: number;
  /**
   * The language the outbox row asked for (the request that queued it), or null: a kind whose
   * record keeps a language uses that, else the organization's (`messageLocale`, mail/locale.ts).
   */
  locale: Locale | null;
}

export type Rendered = EmailMessage | SmsMessage;

/** `K`: the kind; only tests register kinds outside `MessageKind` (with `MessageDefinition<string>`). */
export interface MessageDefinition<K extends string = MessageKind> {
  kind: K;
  /**
   * The message, or null when it no longer applies (an invitation canceled meanwhile): it is
   * skipped.
   */
  render(ctx: RenderContext, refId: string): Promise<Rendered | null>;
  /**
   * Optional, for kinds sent in bulk: `render` for many records at once with fewer queries, the
   * answers in the order of `refIds`. When it throws, the drainer renders them one at a time to
   * find the one that fails.
   */
  renderMany?(ctx: RenderContext, refIds: string[]): Promise<(Rendered | null)[]>;
  /** Statements committed together with the message's "sent" mark. */
  onSent?(ctx: RenderContext, refId: string): BatchItem<'sqlite'>[];
  /** Optional: what `onSent` does for each of `refIds`, in fewer statements. */
  onSentMany?(ctx: RenderContext, refIds: string[]): BatchItem<'sqlite'>[];
  /** Statements committed together with the message's final "error" mark. */
  onFailed?(ctx: RenderContext, refId: string, reason: string): BatchItem<'sqlite'>[];
}

/** Keyed by the kind stored in the outbox, which may be one no definition knows (an older row). */
export type MessageRegistry = ReadonlyMap<string, MessageDefinition<string>>;

/** Every kind with its definition, whose own `kind` is the key. */
export type MessageDefinitions = { [K in MessageKind]: MessageDefinition<K> };

export function messageRegistry(
  definitions: readonly MessageDefinition<string>[],
): MessageRegistry {
  return new Map(definitions.map((d) => [d.kind, d]));
}
