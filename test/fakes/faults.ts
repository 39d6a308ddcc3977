// Failure injection shared by the provider fakes (Resend, SMS).
//
// A fault decides how the next matching request is answered:
//   { status: 500 }                         an error answer in the provider's error shape
//   { status: 429, retryAfterSeconds: 30 }  rate limited, with `retry-after` (and the provider's rate-limit headers)
//   { status: 422 }                         a final 4xx
//   { hang: true }                          never answered: the client times out, or close() cuts it
//   { drop: true }                          the connection is cut at once (a network error for the client)
// `accept: true` on any fault means the provider did the work (recorded the message, remembered the
// idempotency key) and only the answer got lost or failed: the case where a blind retry without an
// idempotency key duplicates.
import type { ServerResponse } from 'node:http';

interface FaultBase {
  /** Process the request as if it succeeded, then answer with the fault. Default false. */
  readonly accept?: boolean;
}
export type Fault =
  | (FaultBase & {
      readonly status: number;
      readonly retryAfterSeconds?: number;
      readonly message?: string;
    })
  | (FaultBase & { readonly hang: true })
  | (FaultBase & { readonly drop: true });

/** How one provider writes an injected error answer. */
export interface FaultStyle {
  body(status: number, message: string): unknown;
  /** Extra headers of a 429 answer besides `retry-after`. */
  rateLimitHeaders?(retryAfterSeconds: number): Record<string, string>;
}

/** The queue of planned answers plus an optional steady fault; queued answers come first. */
export class FaultPlan {
  #queue: Array<Fault | null> = [];
  #steady: Fault | null = null;

  /** The next `count` requests fail with `fault`. */
  failNext(count: number, fault: Fault): void {
    for (let i = 0; i < count; i++) this.#queue.push(fault);
  }

  /** Plans the next answers in order; `null` means "answer normally". */
  plan(answers: ReadonlyArray<Fault | null>): void {
    this.#queue.push(...answers);
  }

  /** Every request fails with `fault` (after the queue is used up) until `setMode(null)`. */
  setMode(fault: Fault | null): void {
    this.#steady = fault;
  }

  /** Planned answers not used yet. */
  get pending(): number {
    return this.#queue.length;
  }

  take(): Fault | null {
    return this.#queue.length > 0 ? (this.#queue.shift() ?? null) : this.#steady;
  }

  clear(): void {
    this.#queue = [];
    this.#steady = null;
  }
}

/** The part of a fake's API that plans failures. */
export interface FaultControls {
  /** The next `count` requests to the provider's endpoints fail with `fault`. */
  failNext(count: number, fault: Fault): void;
  /** Plans the next answers in order; `null` means "answer normally". */
  plan(answers: ReadonlyArray<Fault | null>): void;
  /** A steady failure for every request (after planned ones) until `setMode(null)`. */
  setMode(fault: Fault | null): void;
}

export function faultControls(plan: FaultPlan): FaultControls {
  return {
    failNext: (count, fault) => plan.failNext(count, fault),
    plan: (answers) => plan.plan(answers),
    setMode: (fault) => plan.setMode(fault),
  };
}

const DEFAULT_MESSAGES: Record<number, string> = {
  400: 'Bad request',
  422: 'Invalid request',
  429: 'Too many requests. Please slow down.',
  500: 'Internal server error',
  502: 'Bad gateway',
  503: 'Service unavailable',
};

/**
 * Answers `res` according to `fault`; returns the status sent, or `null` when nothing was sent
 * (hang: the response stays open until the client gives up or the server closes; drop: the socket
 * is destroyed).
 */
export function answerFault(res: ServerResponse, fault: Fault, style: FaultStyle): number | null {
  if ('hang' in fault) return null;
  if ('drop' in fault) {
    res.socket?.destroy();
    return null;
  }
  const message = fault.message ?? DEFAULT_MESSAGES[fault.status] ?? `Error ${fault.status}`;
  const headers: Record<string, string> = {};
  if (fault.status === 429 || fault.retryAfterSeconds !== undefined) {
    const seconds = fault.retryAfterSeconds ?? 1;
    headers['retry-after'] = String(seconds);
    if (fault.status === 429) Object.assign(headers, style.rateLimitHeaders?.(seconds));
  }
  const text = JSON.stringify(style.body(fault.status, message));
  res.writeHead(fault.status, { 'content-type': 'application/json', ...headers });
  res.end(text);
  return fault.status;
}
