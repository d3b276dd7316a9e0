import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The built CLI, as users run it (`npm test` builds first). */
export const BIN = fileURLToPath(new URL('../../bin/twinward.js', import.meta.url));
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function runCli(args: string[], options: { cwd?: string } = {}): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export interface Served {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** Starts `twinward serve|demo ... --port 0` and resolves with its URL once it listens. */
export function startCli(args: string[]): Promise<Served> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stderr!.on('data', (d) => (text += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within 30 s:\n${text}`)), 30_000);
    child.on('exit', (code) => reject(new Error(`exited with ${code}:\n${text}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      text += `${line}\n`;
      const m = /(?:console:|console\s+)\s*(http:\/\/\S+?)\/?$/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, output: () => text });
      }
    });
  });
}

export async function stopCli(s: Served, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (s.child.exitCode !== null) return s.child.exitCode;
  const exited = new Promise<number | null>((resolve) => s.child.on('exit', (code) => resolve(code)));
  s.child.kill(signal);
  return exited;
}

/** A TCP port nothing listens on now (for the demo's broker, Modbus and OPC UA servers when tests run beside another demo). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** `twinward demo` on port 0 with free ports for its field servers and its own data directory. */
export async function startDemo(dataDir: string, extra: string[] = []): Promise<Served> {
  const [mqtt, modbus, opcua] = [await freePort(), await freePort(), await freePort()];
  return startCli(['demo', ...extra, '--port', '0', '--data', dataDir, '--mqtt-port', String(mqtt), '--modbus-port', String(modbus), '--opcua-port', String(opcua)]);
}
