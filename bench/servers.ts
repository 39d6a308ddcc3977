/**
 * The servers one bench run starts (bench/server.ts: the product's Node entry and the floor), kept
 * track of so that every process it starts, it stops.
 */
import type { ResendFake } from '../test/fakes/resend-fake';
import type { Seeded } from './seed';
import { startFloor, startProduct, type ServerProcess } from './server';

export class Servers {
  private readonly running = new Set<ServerProcess>();

  constructor(private readonly tokenSecret: string) {}

  async product(db: Seeded, fake: ResendFake, cpuProfileDir?: string): Promise<ServerProcess> {
    const s = await startProduct({
      dbFile: db.file,
      resendUrl: fake.url,
      tokenSecret: this.tokenSecret,
      cpuProfileDir,
    });
    this.running.add(s);
    return s;
  }

  async floor(db: Seeded): Promise<ServerProcess> {
    const s = await startFloor(db.file);
    this.running.add(s);
    return s;
  }

  async stop(s: ServerProcess): Promise<void> {
    await s.stop();
    this.running.delete(s);
  }

  /** Stops whatever is still running (after a failure), ignoring errors. */
  async stopAll(): Promise<void> {
    for (const s of this.running) await s.stop().catch(() => {});
  }
}
