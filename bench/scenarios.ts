/**
 * What each figure sends. Every write is distinct where the product requires it (a new address per
 * invitation, a new applicant per application), and the public join routes arrive as distinct
 * visitors: each request carries its own client address in X-Forwarded-For, as a reverse proxy
 * would write it (the server runs with TRUST_PROXY=1), and applications are spread over many links.
 * The production rate limits stay as they are (features/joining/apply.ts JOIN_LIMITS): no visitor and no link
 * passes its limit.
 */
import type { Request } from 'autocannon';

export interface Session {
  orgId: string;
  token: string;
}

const json = (token?: string) => ({
  'content-type': 'application/json',
  ...(token ? { authorization: `Bearer ${token}` } : {}),
});
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/** A unique number per request across every figure of the run. */
let counter = 0;
const next = () => ++counter;

/** A distinct private-range client address per request: 16.7 million before one repeats. */
export function visitor(n: number): string {
  return `10.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

export const scenarios = {
  createLink: (s: Session): Request[] => [
    {
      method: 'POST',
      path: `/api/orgs/${s.orgId}/links`,
      headers: json(s.token),
      body: JSON.stringify({ expiresInHours: 24 }),
    },
  ],

  createInvitation: (s: Session): Request[] => [
    {
      method: 'POST',
      path: `/api/orgs/${s.orgId}/invitations`,
      headers: json(s.token),
      setupRequest: (req) => ({
        ...req,
        body: JSON.stringify({ email: `invitee-${next()}@bench.test`, role: 'member' }),
      }),
    },
  ],

  listInvitations: (s: Session): Request[] => [
    {
      method: 'GET',
      path: `/api/orgs/${s.orgId}/invitations?status=pending&limit=50`,
      headers: auth(s.token),
    },
  ],

  listApplications: (s: Session): Request[] => [
    {
      method: 'GET',
      path: `/api/orgs/${s.orgId}/applications?status=pending&limit=50`,
      headers: auth(s.token),
    },
  ],

  listMembers: (s: Session): Request[] => [
    {
      method: 'GET',
      path: `/api/orgs/${s.orgId}/members?status=pending&limit=50`,
      headers: auth(s.token),
    },
  ],

  /**
   * Name prefixes as people type them: two to five letters, and a first name with the start of a
   * last name.
   */
  search: (s: Session): Request[] => {
    const queries = ['iv', 'ann', 'pete', 'maria', 'so', 'che', 'olga', 'ivan pe', 'ta', 'mül'];
    return [
      {
        method: 'GET',
        path: `/api/orgs/${s.orgId}/search?q=iv`,
        headers: auth(s.token),
        setupRequest: (req) => ({
          ...req,
          path: `/api/orgs/${s.orgId}/search?q=${encodeURIComponent(queries[next() % queries.length]!)}`,
        }),
      },
    ];
  },

  /** The hosted join page, opened by distinct visitors. */
  joinPage: (linkToken: string): Request[] => [
    {
      method: 'GET',
      path: `/join/${linkToken}`,
      setupRequest: (req) => ({ ...req, headers: { 'x-forwarded-for': visitor(next()) } }),
    },
  ],

  /**
   * Applying through `POST /api/join/:token`: a new applicant from a new address each time,
   * round-robin over links.
   */
  apply: (linkTokens: string[]): Request[] => [
    {
      method: 'POST',
      path: `/api/join/${linkTokens[0]}`,
      setupRequest: (req) => {
        const n = next();
        return {
          ...req,
          path: `/api/join/${linkTokens[n % linkTokens.length]}`,
          headers: { ...json(), 'x-forwarded-for': visitor(n) },
          body: JSON.stringify({ name: `Applicant ${n}`, email: `applicant-${n}@bench.test` }),
        };
      },
    },
  ],

  floorInsert: (): Request[] => [{ method: 'POST', path: '/insert' }],
  floorSelect: (orgId: string): Request[] => [{ method: 'GET', path: `/select?org=${orgId}` }],
};
