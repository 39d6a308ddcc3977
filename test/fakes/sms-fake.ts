// A local fake of an SMS provider shaped like Twilio's Messages API:
//   POST /2010-04-01/Accounts/{AccountSid}/Messages.json
//   Authorization: Basic base64(AccountSid:AuthToken), body application/x-www-form-urlencoded To, From, Body
// → 201 with a Message resource (`sid`, `status: "queued"`, …); errors as `{ code, message,
// more_info, status }`. Twilio has no request idempotency, so every accepted request records a
// message.
import { randomBytes } from 'node:crypto';
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

export type { Fault } from './faults';
export type { RecordedRequest } from './http-fake';

export interface SentSms {
  readonly sid: string;
  readonly accountSid: string;
  readonly to: string;
  /** `From`, or `null` when the request named a `MessagingServiceSid` instead. */
  readonly from: string | null;
  readonly messagingServiceSid: string | null;
  readonly body: string;
  /** Every form field as received. */
  readonly form: Readonly<Record<string, string>>;
  readonly at: Date;
}

export interface SmsFake extends FaultControls {
  /** Base URL without a trailing slash (the provider's API origin). */
  readonly url: string;
  readonly sent: readonly SentSms[];
  readonly requests: readonly RecordedRequest[];
  /** Messages to `phone` (E.164, compared after removing spaces). */
  sentTo(phone: string): SentSms[];
  waitForSent(count: number, timeoutMs?: number): Promise<readonly SentSms[]>;
  reset(): void;
  close(): Promise<void>;
}

export interface SmsFakeOptions {
  /** When both are set, only these credentials (and this account in the path) are accepted. */
  readonly accountSid?: string;
  readonly authToken?: string;
}

interface Answer {
  readonly status: number;
  readonly body: unknown;
}

const ROUTE = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;
const E164 = /^\+[1-9]\d{6,14}$/;
const ERROR_CODES: Readonly<Record<number, number>> = {
  400: 21211,
  401: 20003,
  404: 20404,
  405: 20004,
  429: 20429,
  500: 20500,
  503: 20503,
};

function twilioError(status: number, message: string, code = ERROR_CODES[status] ?? 20500): Answer {
  return {
    status,
    body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
  };
}

const TWILIO_STYLE: FaultStyle = { body: (status, message) => twilioError(status, message).body };

export async function startSmsFake(options: SmsFakeOptions = {}): Promise<SmsFake> {
  const sent: SentSms[] = [];
  const requests: RecordedRequest[] = [];
  const faults = new FaultPlan();

  function authorize(req: IncomingMessage, accountSid: string): Answer | null {
    const encoded = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const [user = '', password = ''] = Buffer.from(encoded ?? '', 'base64')
      .toString('utf8')
      .split(/:(.*)/s);
    if (user === '' || password === '') return twilioError(401, 'Authenticate');
    const { accountSid: wantedSid, authToken } = options;
    if (wantedSid !== undefined && authToken !== undefined) {
      if (user !== wantedSid || password !== authToken) return twilioError(401, 'Authenticate');
      if (accountSid !== wantedSid) {
        return twilioError(
          404,
          `The requested resource /2010-04-01/Accounts/${accountSid}/Messages.json was not found`,
        );
      }
    }
    return null;
  }

  function create(req: IncomingMessage, accountSid: string, body: string): Answer {
    const refused = authorize(req, accountSid);
    if (refused) return refused;
    const form = Object.fromEntries(new URLSearchParams(body));
    const to = form.To?.replace(/\s+/g, '') ?? '';
    const from = form.From ?? null;
    const messagingServiceSid = form.MessagingServiceSid ?? null;
    if (to === '') return twilioError(400, "A 'To' phone number is required.", 21604);
    if (!E164.test(to)) return twilioError(400, `Invalid 'To' Phone Number: ${to}`, 21211);
    if (from === null && messagingServiceSid === null)
      return twilioError(400, "A 'From' phone number is required.", 21603);
    if (!form.Body) return twilioError(400, 'Message body is required.', 21602);
    const sid = `SM${randomBytes(16).toString('hex')}`;
    const message: SentSms = {
      sid,
      accountSid,
      to,
      from,
      messagingServiceSid,
      body: form.Body,
      form,
      at: new Date(),
    };
    sent.push(message);
    return { status: 201, body: resource(message) };
  }

  /**
   * `GET …/Messages.json?To=…`: the account's messages to that number, newest first (Twilio's list
   * shape).
   */
  function list(req: IncomingMessage, accountSid: string): Answer {
    const refused = authorize(req, accountSid);
    if (refused) return refused;
    const to = new URL(req.url ?? '/', 'http://fake').searchParams.get('To')?.replace(/\s+/g, '');
    const messages = sent
      .filter((m) => m.accountSid === accountSid && (to === undefined || m.to === to))
      .reverse();
    return {
      status: 200,
      body: { messages: messages.map(resource), page: 0, page_size: messages.length },
    };
  }

  function resource(message: SentSms) {
    const at = message.at.toUTCString().replace('GMT', '+0000');
    return {
      sid: message.sid,
      account_sid: message.accountSid,
      to: message.to,
      from: message.from,
      messaging_service_sid: message.messagingServiceSid,
      body: message.body,
      status: 'queued',
      direction: 'outbound-api',
      num_segments: '1',
      num_media: '0',
      api_version: '2010-04-01',
      date_created: at,
      date_updated: at,
      date_sent: null,
      error_code: null,
      error_message: null,
      price: null,
      price_unit: 'USD',
      uri: `/2010-04-01/Accounts/${message.accountSid}/Messages/${message.sid}.json`,
    };
  }

  const server = await listenLocal((req, res, body) => {
    const path = pathOf(req);
    const log = (status: number | null, fault: Fault | null): void => {
      const method = req.method ?? 'GET';
      requests.push({
        method,
        path,
        status,
        idempotencyKey: null,
        fault,
        replayed: false,
        at: new Date(),
      });
    };
    const accountSid = ROUTE.exec(path)?.[1];
    if (accountSid !== undefined && req.method === 'GET') {
      const answer = list(req, decodeURIComponent(accountSid));
      sendJson(res, answer.status, answer.body);
      return log(answer.status, null);
    }
    if (accountSid === undefined || req.method !== 'POST') {
      const answer = twilioError(
        accountSid === undefined ? 404 : 405,
        `The requested resource ${path} was not found`,
      );
      sendJson(res, answer.status, answer.body);
      return log(answer.status, null);
    }
    const fault = faults.take();
    if (fault && !fault.accept) return log(answerFault(res, fault, TWILIO_STYLE), fault);
    const answer = create(req, decodeURIComponent(accountSid), body);
    if (fault) return log(answerFault(res, fault, TWILIO_STYLE), fault);
    sendJson(res, answer.status, answer.body);
    log(answer.status, null);
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
    sentTo(phone) {
      const wanted = phone.replace(/\s+/g, '');
      return sent.filter((sms) => sms.to === wanted);
    },
    waitForSent(count, timeoutMs = 2000) {
      return waitUntil(
        () => sent,
        (list) => list.length >= count,
        timeoutMs,
        `${count} sent SMS`,
      );
    },
    reset() {
      sent.length = 0;
      requests.length = 0;
      faults.clear();
    },
  };
}
