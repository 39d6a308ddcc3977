// A local fake of Resend's HTTP API (`POST /emails`, `POST /emails/batch`) for the `resend` SDK:
//   const fake = await startResendFake();
//   const resend = new Resend('re_test', { baseUrl: fake.url });
// Request and answer shapes follow resend 6.38.0 (node_modules/resend/dist/index.mjs): JSON bodies
// with snake_case fields, `Authorization: Bearer <key>`, `Idempotency-Key`, `x-batch-validation`;
// errors as `{ statusCode, message, name }`.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import {
  answerFault,
  FaultPlan,
  faultControls,
  type Fault,
  type FaultControls,
  type FaultStyle,
} from './faults';
import { listenLocal, pathOf, sendJson, waitUntil, type RecordedRequest } from './http-fake';
import { checkEmail, type EmailDraft } from './resend-validation';

export type { Fault } from './faults';
export type { RecordedRequest } from './http-fake';

/** One message Resend accepted. */
export interface SentEmail extends EmailDraft {
  readonly id: string;
  readonly idempotencyKey: string | null;
  /** Position in its `POST /emails/batch` request; `null` for a single send. */
  readonly batchIndex: number | null;
  readonly apiKey: string;
  readonly at: Date;
}

export interface ResendFake extends FaultControls {
  /** Base URL without a trailing slash: pass it as `baseUrl` (or `RESEND_BASE_URL`). */
  readonly url: string;
  /** Every accepted message, in order. Replays of an idempotency key add nothing. */
  readonly sent: readonly SentEmail[];
  /** Every HTTP request, failed and unanswered ones included. */
  readonly requests: readonly RecordedRequest[];
  /** Messages recorded per idempotency key (messages sent without a key are not counted). */
  sentCountByIdempotencyKey(): Map<string, number>;
  /**
   * Messages with `address` among to/cc/bcc (compared case-insensitively, display names ignored).
   */
  sentTo(address: string): SentEmail[];
  /** Resolves once at least `count` messages were recorded. */
  waitForSent(count: number, timeoutMs?: number): Promise<readonly SentEmail[]>;
  /** Forgets messages, requests, idempotency keys and planned faults. */
  reset(): void;
  close(): Promise<void>;
}

export interface ResendFakeOptions {
  /**
   * When set, any other key gets 403 `invalid_api_key` as at Resend; by default every bearer key is
   * accepted.
   */
  readonly apiKey?: string;
}

interface Answer {
  readonly status: number;
  readonly body: unknown;
}

const ERROR_NAMES: Readonly<Record<number, string>> = {
  400: 'validation_error',
  401: 'missing_api_key',
  403: 'invalid_api_key',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'invalid_idempotent_request',
  422: 'validation_error',
  429: 'rate_limit_exceeded',
  500: 'internal_server_error',
};

function resendError(status: number, message: string, name?: string): Answer {
  return {
    status,
    body: { statusCode: status, message, name: name ?? ERROR_NAMES[status] ?? 'application_error' },
  };
}

const RESEND_STYLE: FaultStyle = {
  body: (status, message) => resendError(status, message).body,
  rateLimitHeaders: (seconds) => ({
    'ratelimit-limit': '2',
    'ratelimit-remaining': '0',
    'ratelimit-reset': String(seconds),
  }),
};
const OK_HEADERS = { 'ratelimit-limit': '2', 'ratelimit-remaining': '1', 'ratelimit-reset': '1' };
const ROUTES = new Set(['/emails', '/emails/batch']);
const MAX_BATCH = 100;

export async function startResendFake(options: ResendFakeOptions = {}): Promise<ResendFake> {
  const sent: SentEmail[] = [];
  const requests: RecordedRequest[] = [];
  const faults = new FaultPlan();
  const remembered = new Map<string, { fingerprint: string; answer: Answer }>();

  function record(
    draft: EmailDraft,
    idempotencyKey: string | null,
    batchIndex: number | null,
    apiKey: string,
  ): string {
    const id = randomUUID();
    sent.push({ ...draft, id, idempotencyKey, batchIndex, apiKey, at: new Date() });
    return id;
  }

  function sendOne(payload: unknown, key: string | null, apiKey: string): Answer {
    const checked = checkEmail(payload, false);
    if (!checked.ok) return resendError(422, checked.message, checked.name);
    return { status: 200, body: { id: record(checked.draft, key, null, apiKey) } };
  }

  function sendBatch(
    payload: unknown,
    key: string | null,
    apiKey: string,
    permissive: boolean,
  ): Answer {
    if (!Array.isArray(payload))
      return resendError(422, 'The request body must be an array of emails.');
    if (payload.length === 0) return resendError(422, 'The batch must contain at least one email.');
    if (payload.length > MAX_BATCH) {
      return resendError(
        422,
        `Too many emails in the batch: ${payload.length}, the maximum is ${MAX_BATCH}.`,
      );
    }
    const checked = payload.map((item: unknown) => checkEmail(item, true));
    const failed = checked.findIndex((c) => !c.ok);
    const bad = checked[failed];
    if (!permissive && bad && !bad.ok)
      return resendError(422, `emails[${failed}]: ${bad.message}`, bad.name);
    const errors = checked.flatMap((c, index) => (c.ok ? [] : [{ index, message: c.message }]));
    const data = checked.flatMap((c, index) =>
      c.ok ? [{ id: record(c.draft, key, index, apiKey) }] : [],
    );
    return { status: 200, body: permissive ? { data, errors } : { data } };
  }

  function handle(
    req: IncomingMessage,
    path: string,
    key: string | null,
    body: string,
  ): Answer & { replayed: boolean } {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (bearer === undefined) {
      const message =
        'Missing API key in the authorization header. Include the following header Authorization: Bearer YOUR_API_KEY in the request.';
      return { ...resendError(401, message), replayed: false };
    }
    if (options.apiKey !== undefined && bearer !== options.apiKey) {
      return { ...resendError(403, 'API key is invalid'), replayed: false };
    }
    if (key !== null && (key.length === 0 || key.length > 256)) {
      return {
        ...resendError(400, 'The key must be between 1-256 chars.', 'invalid_idempotency_key'),
        replayed: false,
      };
    }
    let payload: unknown;
    try {
      payload = JSON.parse(body);
    } catch {
      return { ...resendError(400, 'The request body is not valid JSON.'), replayed: false };
    }
    const fingerprint = stableJson(payload);
    const scope = `${path} ${key}`;
    const previous = key === null ? undefined : remembered.get(scope);
    if (previous && previous.fingerprint !== fingerprint) {
      const message =
        'Same idempotency key used with a different request payload. Change your idempotency key or payload.';
      return { ...resendError(409, message, 'invalid_idempotent_request'), replayed: false };
    }
    if (previous) return { ...previous.answer, replayed: true };
    const permissive = req.headers['x-batch-validation'] === 'permissive';
    const answer =
      path === '/emails'
        ? sendOne(payload, key, bearer)
        : sendBatch(payload, key, bearer, permissive);
    if (key !== null && answer.status < 300) remembered.set(scope, { fingerprint, answer });
    return { ...answer, replayed: false };
  }

  const server = await listenLocal((req, res, body) => {
    const path = pathOf(req);
    const rawKey = req.headers['idempotency-key'];
    const key = typeof rawKey === 'string' ? rawKey : null;
    const log = (status: number | null, fault: Fault | null, replayed: boolean): void => {
      requests.push({
        method: req.method ?? 'GET',
        path,
        status,
        idempotencyKey: key,
        fault,
        replayed,
        at: new Date(),
      });
    };
    if (!ROUTES.has(path) || req.method !== 'POST') {
      const answer = ROUTES.has(path)
        ? resendError(405, 'Method is not allowed for the requested path.')
        : resendError(404, 'The requested endpoint does not exist.');
      sendJson(res, answer.status, answer.body);
      return log(answer.status, null, false);
    }
    const fault = faults.take();
    if (fault && !fault.accept) return log(answerFault(res, fault, RESEND_STYLE), fault, false);
    const answer = handle(req, path, key, body);
    if (fault) return log(answerFault(res, fault, RESEND_STYLE), fault, answer.replayed);
    sendJson(res, answer.status, answer.body, answer.status < 300 ? OK_HEADERS : {});
    log(answer.status, null, answer.replayed);
  });

  return {
    url: server.url,
    close: server.close,
    ...faultControls(faults),
    get sent() {
      return sent;
    },
    get requests() {
      return requests;
    },
    sentCountByIdempotencyKey() {
      const counts = new Map<string, number>();
      for (const email of sent) {
        if (email.idempotencyKey !== null)
          counts.set(email.idempotencyKey, (counts.get(email.idempotencyKey) ?? 0) + 1);
      }
      return counts;
    },
    sentTo(address) {
      const wanted = bareAddress(address);
      return sent.filter((email) =>
        [...email.to, ...email.cc, ...email.bcc].some((a) => bareAddress(a) === wanted),
      );
    },
    waitForSent(count, timeoutMs = 2000) {
      return waitUntil(
        () => sent,
        (list) => list.length >= count,
        timeoutMs,
        `${count} sent e-mails`,
      );
    },
    reset() {
      sent.length = 0;
      requests.length = 0;
      remembered.clear();
      faults.clear();
    },
  };
}

function bareAddress(address: string): string {
  return (/<([^<>]+)>\s*$/.exec(address)?.[1] ?? address).trim().toLowerCase();
}

/** JSON with object keys sorted, so two payloads that differ only in key order compare equal. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
