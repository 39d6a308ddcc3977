/**
 * Everything the extension keeps between runs, as typed storage items. All live in the `local:`
 * area: only the extension's own pages and its background worker read it (the extension has no
 * content scripts), and web pages never can.
 */
import { storage } from 'wxt/utils/storage';
import type { MembershipSummary, UserDto } from '../../shared/api';

export const DEFAULT_SERVER_URL = 'http://localhost:8787';

/**
 * A signed-in session: where, who, the bearer token, and the organization the extension acts for.
 */
export interface StoredSession {
  serverUrl: string;
  token: string;
  expiresAt: string;
  user: UserDto;
  memberships: MembershipSummary[];
  orgId: string | null;
}

/** What the options page sets. */
export interface Preferences {
  serverUrl: string;
  /** Validity of a new link in hours; `null` is "never". */
  defaultTtlHours: number | null;
  /** Usage limit of a new link; `null` is unlimited. */
  defaultMaxUses: number | null;
  /** Show desktop notifications for new applications and for people who joined through my links. */
  notify: boolean;
}

export const DEFAULT_PREFERENCES: Preferences = {
  serverUrl: DEFAULT_SERVER_URL,
  defaultTtlHours: 24 * 7,
  defaultMaxUses: null,
  notify: true,
};

export const sessionItem = storage.defineItem<StoredSession | null>('local:session', {
  fallback: null,
});

export const preferencesItem = storage.defineItem<Preferences>('local:preferences', {
  fallback: DEFAULT_PREFERENCES,
});

/** The storage items a page or the background needs, passed in so tests can hand over their own. */
export interface Stores {
  session: typeof sessionItem;
  preferences: typeof preferencesItem;
}

export const stores: Stores = { session: sessionItem, preferences: preferencesItem };
