/**
 * The Cloudflare Worker (wrangler.toml `main`). Bindings and secrets are parsed once per isolate
 * into the services and the app (worker-runtime.ts); `fetch` serves the app, `scheduled` (the Cron
 * Trigger) runs the maintenance pass: expire invitations, delete stale rows, drain the outbox.
 *
 * The client's connection is the platform's: an answer given before the request body was read needs
 * nothing here (node-http.ts says what local mode does instead, and why the Worker cannot).
 *
 * A missing or malformed binding is logged by name on every request (the value never) and the
 * request gets a generic 500 in the API's error shape; the cron run fails with the same message.
 */
import { runMaintenance } from '../features/maintenance/maintenance';
import { createWorkerRuntime, type WorkerRuntime } from './worker-runtime';

/** The Worker's env: vars and secrets, validated by parseWorkerEnv (config.ts). */
type Bindings = object;

let current: { bindings: Bindings; runtime: Promise<WorkerRuntime> } | undefined;

/**
 * The runtime for these bindings, built on first use in this isolate (a rejected build stays
 * rejected).
 */
function runtimeFor(bindings: Bindings): Promise<WorkerRuntime> {
  if (current?.bindings !== bindings)
    current = { bindings, runtime: createWorkerRuntime(bindings) };
  return current.runtime;
}

const reason = (err: unknown) => (err instanceof Error ? err.message : String(err));

function misconfigured(): Response {
  const body = {
    error: {
      code: 'internal',
      message: 'The server is not configured correctly; its log says what is missing',
    },
  };
  return new Response(JSON.stringify(body), {
    status: 500,
    headers: { 'content-type': 'application/json; charset=UTF-8', 'cache-control': 'no-store' },
  });
}

export default {
  async fetch(request, bindings, ctx) {
    let runtime: WorkerRuntime;
    try {
      runtime = await runtimeFor(bindings);
    } catch (err) {
      console.error(`invitations: cannot start: ${reason(err)}`);
      return misconfigured();
    }
    return runtime.app.fetch(request, bindings, ctx);
  },

  async scheduled(_controller, bindings) {
    let runtime: WorkerRuntime;
    try {
      runtime = await runtimeFor(bindings);
    } catch (err) {
      throw new Error(`invitations: cannot start: ${reason(err)}`);
    }
    const { db, outbox, now, log } = runtime.services;
    const result = await runMaintenance({ db, outbox, now, log });
    if (result.errors.length) throw new Error(`maintenance failed: ${result.errors.join('; ')}`);
  },
} satisfies ExportedHandler<Bindings>;
