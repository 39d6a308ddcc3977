/**
 * The profiling part of a bench run: a fresh product server with `--cpu-prof` on the same database
 * under the same load, for each figure that missed a target (or every figure with `--profile`), and
 * for the bulk "send invitation"; each profile summarized (bench/profile.ts).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ResendFake } from '../test/fakes/resend-fake';
import type { SpecOf } from './figures';
import type { LoadSpec } from './load';
import { measure } from './load';
import type { BenchConfig } from './options';
import { profileIn, summarizeProfile } from './profile';
import { bulk, mailSettles, makeLinks, signIn } from './product-api';
import type { FigureRow, RunData } from './report-data';
import { scenarios, type Session } from './scenarios';
import type { Seeded } from './seed';
import type { ServerProcess } from './server';
import type { Servers } from './servers';

export interface ProfileRun {
  servers: Servers;
  fake: ResendFake;
  seeds: Record<'small' | 'big', Seeded>;
  config: BenchConfig;
  spec: SpecOf;
  /** Where each profile's directory is made. */
  dir: string;
  log: (line: string) => void;
}

/** What the figure `f` sent, against a server where `ses` is signed in. */
async function requestsOf(
  f: FigureRow,
  p: ServerProcess,
  ses: Session,
  applyLinks: number,
): Promise<LoadSpec['requests']> {
  return f.id === 'join-page'
    ? scenarios.joinPage((await makeLinks(p, ses, 1))[0]!)
    : f.id === 'apply'
      ? scenarios.apply(await makeLinks(p, ses, applyLinks))
      : f.id === 'create-link'
        ? scenarios.createLink(ses)
        : f.id === 'create-invitation'
          ? scenarios.createInvitation(ses)
          : f.id.startsWith('list-invitations')
            ? scenarios.listInvitations(ses)
            : f.id.startsWith('list-applications')
              ? scenarios.listApplications(ses)
              : f.id.startsWith('list-members')
                ? scenarios.listMembers(ses)
                : scenarios.search(ses);
}

/** Profiles `figures`, then the bulk sending when `withBulk`; answers the summaries in that order. */
export async function profileRuns(
  r: ProfileRun,
  figures: FigureRow[],
  withBulk: boolean,
): Promise<RunData['profiles']> {
  const { servers, fake, seeds, config, spec, dir, log } = r;
  const profiles: RunData['profiles'] = [];
  for (const f of figures) {
    const profDir = join(dir, `profile-${f.id}`);
    mkdirSync(profDir);
    const db = seeds[f.size];
    const p = await servers.product(db, fake, profDir);
    const ses = await signIn(p, db);
    const requests = await requestsOf(f, p, ses, config.applyLinks);
    log(`profiling ${f.label} (${f.size})…`);
    const startupMs = p.startupMs;
    await measure(p, spec(requests, config.profileSeconds, 0));
    await mailSettles(fake, 500);
    await servers.stop(p);
    profiles.push({
      id: f.id,
      label: `${f.label} (${f.size})`,
      summary: summarizeProfile(profileIn(profDir), startupMs + 200),
    });
  }
  if (withBulk) {
    const profDir = join(dir, 'profile-bulk');
    mkdirSync(profDir);
    const p = await servers.product(seeds.big, fake, profDir);
    log('profiling bulk "send invitation"…');
    await bulk(
      p,
      await signIn(p, seeds.big),
      fake,
      seeds.big.memberIds.slice(config.bulk, 2 * config.bulk),
    );
    await servers.stop(p);
    profiles.push({
      id: 'bulk',
      label: `Bulk "send invitation" to ${config.bulk} users, queueing and delivery`,
      summary: summarizeProfile(profileIn(profDir), p.startupMs + 200),
    });
  }
  return profiles;
}
