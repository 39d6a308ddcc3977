/**
 * Node side of the workerd tests: a migrated libSQL file with the first organization and owner,
 * served over Hrana v2 (what the Worker's libSQL HTTP client speaks), fakes of Resend's and of a
 * Twilio-shaped SMS API, and a small control server through which tests inside workerd read what
 * the fakes received and plan failures. Their URLs reach the Worker as bindings
 * (vitest.workers.config.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureFirstOrganization } from '../../../worker/src/bootstrap';
import { nodeScrypt, openDatabase } from '../../../worker/src/entry/node-runtime';
import { createPasswordHasher } from '../../../worker/src/lib/password';
import { startHranaServer } from '../../fakes/hrana-server';
import { listenLocal, sendJson } from '../../fakes/http-fake';
import { startResendFake, type Fault } from '../../fakes/resend-fake';
import { startSmsFake } from '../../fakes/sms-fake';
import { OWNER, SMS } from '../constants';

declare module 'vitest' {
  export interface ProvidedContext {
    hranaUrl: string;
    resendUrl: string;
    smsUrl: string;
    controlUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = await mkdtemp(join(tmpdir(), 'invitations-workerd-'));
  const path = join(dir, 'worker.db');
  const { db, close } = await openDatabase(`file:${path}`);
  await ensureFirstOrganization(
    db,
    createPasswordHasher(nodeScrypt),
    { orgName: OWNER.orgName, email: OWNER.email, password: OWNER.password },
    Date.now(),
  );
  close();

  const hrana = await startHranaServer({ path });
  const resend = await startResendFake();
  const sms = await startSmsFake({ accountSid: SMS.accountSid, authToken: SMS.authToken });
  const control = await listenLocal((req, res, body) => {
    const route = `${req.method} ${new URL(req.url ?? '/', 'http://control').pathname}`;
    const input = body ? (JSON.parse(body) as { count?: number; fault?: Fault | null }) : {};
    switch (route) {
      case 'GET /resend/sent':
        return sendJson(
          res,
          200,
          resend.sent.map(({ to, subject, text, html, idempotencyKey }) => ({
            to,
            subject,
            text,
            html,
            idempotencyKey,
          })),
        );
      case 'GET /resend/requests':
        return sendJson(res, 200, resend.requests);
      case 'POST /resend/fail-next':
        resend.failNext(input.count ?? 1, input.fault!);
        return sendJson(res, 200, {});
      case 'POST /resend/mode':
        resend.setMode(input.fault ?? null);
        return sendJson(res, 200, {});
      case 'POST /resend/reset':
        resend.reset();
        return sendJson(res, 200, {});
      case 'GET /sms/sent':
        return sendJson(
          res,
          200,
          sms.sent.map(({ to, from, body }) => ({ to, from, body })),
        );
      default:
        return sendJson(res, 404, { message: `no route ${route}` });
    }
  });

  project.provide('hranaUrl', hrana.url);
  project.provide('resendUrl', resend.url);
  project.provide('smsUrl', sms.url);
  project.provide('controlUrl', control.url);

  return async () => {
    await control.close();
    await resend.close();
    await sms.close();
    await hrana.close();
    await rm(dir, { recursive: true, force: true });
  };
}
