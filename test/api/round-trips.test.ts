/**
 * Round trips to the database per request on the production path (docs/BENCHMARKS.md, "Round
 * trips"): every call a user makes, counted at the Hrana protocol (pipeline requests), never
 * timed. A read may reach the database once before its answer, a write twice; a call not there
 * yet may not get worse than its ceiling (test/helpers/round-trip-calls.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allowedRoundTrips,
  NOT_YET_AT_TARGET,
  ROUND_TRIP_TARGET,
  runRoundTripCalls,
  type CallResult,
} from '../helpers/round-trip-calls';
import { startRoundTripRig, type RoundTripRig } from '../helpers/round-trips';

let rig: RoundTripRig;
let results: CallResult[];

beforeAll(async () => {
  rig = await startRoundTripRig();
  results = await runRoundTripCalls(rig);
}, 60_000);
afterAll(() => rig?.close());

describe('round trips to the database per request', () => {
  it('counts every call the scenario makes (each reaches the database or is a static page)', () => {
    expect(results.length).toBeGreaterThanOrEqual(30);
    expect(results.filter((r) => r.roundTrips > 0).length).toBeGreaterThanOrEqual(29);
  });

  it('keeps every call at or under its target, or under its ceiling while it is not there yet', () => {
    const over = results
      .filter((r) => r.roundTrips > allowedRoundTrips(r))
      .map((r) => `${r.name} (${r.route}): ${r.roundTrips} > ${allowedRoundTrips(r)}`);
    expect(over).toEqual([]);
  });

  it('lists a ceiling only for calls still over their target, and only for calls that exist', () => {
    const names = new Set(results.map((r) => r.name));
    expect(Object.keys(NOT_YET_AT_TARGET).filter((n) => !names.has(n))).toEqual([]);
    const reached = results
      .filter((r) => r.name in NOT_YET_AT_TARGET && r.roundTrips <= ROUND_TRIP_TARGET[r.kind])
      .map((r) => `${r.name}: ${r.roundTrips} round trips, at its target: take its ceiling out`);
    expect(reached).toEqual([]);
  });
});
