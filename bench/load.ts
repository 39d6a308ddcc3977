/**
 * One load figure: autocannon against a server for a fixed time (after a short warm-up that is not
 * counted), with the server's peak resident memory over the measured window. Latencies are taken
 * from every response (autocannon's own histogram keeps 2xx only, in whole milliseconds) so p50 and
 * p99 are exact to 0.01 ms.
 */
import autocannon, { type Request } from 'autocannon';
import type { ServerProcess } from './server';

export interface LoadSpec {
  /**
   * Requests to cycle through; `setupRequest` makes each one distinct where the scenario needs it.
   */
  requests: Request[];
  connections: number;
  seconds: number;
  warmupSeconds: number;
}

export interface Figure {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  mean: number;
  total: number;
  /** Connection errors and timeouts. */
  errors: number;
  non2xx: number;
  /** Status codes other than 2xx, with their counts. */
  otherStatuses: Record<string, number>;
  peakRss: number | null;
  /**
   * The server's CPU time (user + system) per response: what a request costs whatever else the
   * machine runs.
   */
  cpuMsPerRequest: number | null;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[
    Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  ]!;
}

async function fire(url: string, spec: LoadSpec, seconds: number) {
  const latencies: number[] = [];
  const instance = autocannon({
    url,
    connections: spec.connections,
    duration: seconds,
    timeout: 30,
    requests: spec.requests,
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) =>
    latencies.push(ms),
  );
  const result = await instance;
  return { result, latencies };
}

export async function measure(server: ServerProcess, spec: LoadSpec): Promise<Figure> {
  if (spec.warmupSeconds > 0) await fire(server.url, spec, spec.warmupSeconds);
  server.resetPeakRss();
  const cpuBefore = server.cpuMs();
  const { result, latencies } = await fire(server.url, spec, spec.seconds);
  const cpuAfter = server.cpuMs();
  const sorted = latencies.sort((a, b) => a - b);
  const otherStatuses: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats))
    if (!code.startsWith('2')) otherStatuses[code] = count;
  return {
    requestsPerSecond: result.requests.total / result.duration,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    mean: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length),
    total: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    otherStatuses,
    peakRss: server.peakRss(),
    cpuMsPerRequest:
      cpuBefore === null || cpuAfter === null
        ? null
        : (cpuAfter - cpuBefore) / Math.max(1, result.requests.total),
  };
}
