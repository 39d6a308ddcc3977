/**
 * Loaded into a server under test with `--import` (bench/server.ts `preload`): watches its event
 * loop with node:perf_hooks and, on SIGUSR2, prints the longest delay since the last report
 * (`event-loop max delay: … ms`) and starts over. bench/csv-block.ts reads it from the server's
 * output.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

const RESOLUTION_MS = 5;
const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
histogram.enable();
process.on('SIGUSR2', () => {
  console.log(
    `event-loop max delay: ${(histogram.max / 1e6).toFixed(1)} ms (resolution ${RESOLUTION_MS} ms)`,
  );
  histogram.reset();
});
