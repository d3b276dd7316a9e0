import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/** The Mosquitto every developer machine and CI runs (see ARCHITECTURE.md); tests never stop it. */
export const SYSTEM_MOSQUITTO_URL = process.env.TWINWARD_MQTT_URL ?? 'mqtt://127.0.0.1:1883';

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const addr = s.address();
  await new Promise<void>((r) => s.close(() => r()));
  if (typeof addr !== 'object' || !addr) throw new Error('no port');
  return addr.port;
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const c = createConnection({ port, host: '127.0.0.1' });
    c.once('connect', () => (c.destroy(), resolve(true)));
    c.once('error', () => resolve(false));
  });

/**
 * A private Mosquitto on a free loopback port with persistence in a temp
 * folder, for tests that restart the broker. stop() sends SIGTERM, on which
 * Mosquitto writes its persistence file; start() again reuses port and file.
 */
export class TestMosquitto {
  readonly dir = mkdtempSync(join(tmpdir(), 'twinward-mosquitto-'));
  port = 0;
  #proc: ChildProcess | undefined;

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.port === 0) this.port = await freePort();
    const conf = join(this.dir, 'm.conf');
    // Run as root, Mosquitto drops to user `mosquitto` unless told otherwise, and could not write its file here.
    writeFileSync(conf, [`user ${userInfo().username}`, `listener ${this.port} 127.0.0.1`, 'allow_anonymous true', 'persistence true', `persistence_location ${this.dir}/`, 'autosave_interval 1', 'log_dest none', 'max_queued_messages 100000', ''].join('\n'));
    const proc = spawn('/usr/sbin/mosquitto', ['-c', conf], { stdio: 'ignore' });
    this.#proc = proc;
    // Should the test process die first, do not leave this broker behind.
    const orphan = () => proc.kill('SIGKILL');
    process.once('exit', orphan);
    proc.once('exit', () => process.off('exit', orphan));
    for (let i = 0; i < 100; i++) {
      if (proc.exitCode !== null) throw new Error(`mosquitto exited with ${proc.exitCode}`);
      if (await listening(this.port)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('mosquitto did not start');
  }

  async stop(): Promise<void> {
    const proc = this.#proc;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    await exited;
    this.#proc = undefined;
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
