/**
 * Marionette, Firefox's own remote protocol, at the level of packets, for test/helpers/firefox.ts:
 * connecting to the port a starting Firefox opens, and sending commands and matching their answers.
 */
import type { ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';

/**
 * A Marionette connection: `<length>:<json>` packets, `[0, id, name, params]` out and `[1, id,
 * error, result]` back.
 */
export class Connection {
  private buffer = Buffer.alloc(0);
  private next = 0;
  private readonly waiting = new Map<
    number,
    { resolve(value: unknown): void; reject(error: Error): void }
  >();
  readonly greeting: Promise<unknown>;

  constructor(private readonly socket: Socket) {
    let greet: (value: unknown) => void = () => undefined;
    this.greeting = new Promise((resolve) => (greet = resolve));
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      for (;;) {
        const colon = this.buffer.indexOf(':');
        if (colon < 0) return;
        const length = Number(this.buffer.subarray(0, colon).toString());
        if (this.buffer.length < colon + 1 + length) return;
        const message = JSON.parse(
          this.buffer.subarray(colon + 1, colon + 1 + length).toString('utf8'),
        ) as unknown;
        this.buffer = this.buffer.subarray(colon + 1 + length);
        if (!Array.isArray(message)) {
          greet(message);
          continue;
        }
        const [, id, error, result] = message as [
          number,
          number,
          { error: string; message: string } | null,
          unknown,
        ];
        const waiter = this.waiting.get(id);
        this.waiting.delete(id);
        if (error) waiter?.reject(new Error(`${error.error}: ${error.message}`));
        else waiter?.resolve(result);
      }
    });
    socket.on('close', () => {
      for (const waiter of this.waiting.values())
        waiter.reject(new Error('Marionette connection closed'));
      this.waiting.clear();
    });
  }

  send<T>(name: string, params: object = {}): Promise<T> {
    const id = ++this.next;
    const body = Buffer.from(JSON.stringify([0, id, name, params]), 'utf8');
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.socket.write(`${body.length}:`);
      this.socket.write(body);
    });
  }
}

export async function connectTo(
  port: number,
  child: ChildProcess,
  output: () => string,
  timeoutMs = 60_000,
): Promise<Socket> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`Firefox exited with ${child.exitCode}:\n${output()}`);
    try {
      return await new Promise<Socket>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => resolve(socket));
        socket.once('error', reject);
      });
    } catch {
      if (Date.now() > deadline)
        throw new Error(`Marionette did not answer on ${port}:\n${output()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
