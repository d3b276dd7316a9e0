import { createServer, type AddressInfo } from 'node:net';

/**
 * A TCP port free right now on `host`. node-opcua builds its endpoint URLs
 * from the configured port before listening, so it cannot use port 0; the
 * port may be taken again before the caller binds it (rare on loopback).
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(0, host, resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
