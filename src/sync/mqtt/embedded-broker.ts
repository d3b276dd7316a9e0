import { createServer, type Server, type Socket } from 'node:net';
import { Aedes, type Client } from 'aedes';
import type { Tag } from '../../model/index.js';
import type { CommandObservation } from '../../twin/observations.js';
import { buildMqttBindings } from './bindings.js';
import { describeCommands, isCommandTopic } from './commands.js';
import { MqttError } from './errors.js';

/** Who published a command, as the broker saw the connection. */
export interface CommandWriter {
  clientId: string;
  /** Remote IP address of the connection, when it is a TCP socket. */
  address?: string;
}

export interface EmbeddedBrokerOptions {
  /** Default 127.0.0.1: the demo broker is not meant to face a network. */
  host?: string;
  /** 0 picks a free port. Default 0. */
  port?: number;
  /** The model's tags, to name the tag a command topic writes. */
  tags?: readonly Tag[];
  /** Every PUBLISH from a client on a command topic (Sparkplug NCMD/DCMD, JSON `<topic>/set`). */
  onCommand?: (command: CommandObservation, writer: CommandWriter) => void;
  /** `from` of reported commands: the MQTT client id (default) or the remote address. Client ids are chosen by clients; addresses are harder to forge. */
  from?: 'client-id' | 'address';
}

export interface EmbeddedBroker {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly aedes: Aedes;
  /** Client id of the last client that published on `topic`, for WriteOrigin of the writes it causes. */
  lastWriter(topic: string): string | undefined;
  close(): Promise<void>;
}

/**
 * Starts an aedes MQTT broker (MQTT 3.1.1) on a TCP port, for the demo and
 * tests: no install, no persistence beyond memory. Because it is the broker,
 * it knows who wrote: each client PUBLISH on a command topic is reported as
 * a CommandObservation {protocol 'mqtt', operation 'write', from, address:
 * topic, tag} before it is forwarded, so the twin can judge the writer.
 */
export async function startEmbeddedBroker(options: EmbeddedBrokerOptions = {}): Promise<EmbeddedBroker> {
  const host = options.host ?? '127.0.0.1';
  const bindings = buildMqttBindings(options.tags ?? []);
  const writers = new Map<string, string>();
  const source = () => `mqtt-broker:${host}:${port}`;
  let port = options.port ?? 0;
  const aedes = await Aedes.createBroker({
    // Runs for every client PUBLISH before it is stored or forwarded; Wills and broker publishes do not pass here.
    authorizePublish: (client: Client | null, packet, callback) => {
      if (packet.topic.startsWith('$SYS/')) return callback(new Error('$SYS topics are reserved'));
      if (client && isCommandTopic(packet.topic)) {
        const address = remoteAddress(client);
        const writer: CommandWriter = { clientId: client.id, ...(address === undefined ? {} : { address }) };
        if (writers.size > 10_000) writers.clear();
        writers.set(packet.topic, client.id);
        if (options.onCommand) {
          const from = options.from === 'address' && address !== undefined ? address : client.id;
          const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
          for (const c of describeCommands(bindings, packet.topic, payload, from, source(), new Date())) {
            try {
              options.onCommand(c, writer);
            } catch {
              // A failing observer must not block the broker.
            }
          }
        }
      }
      callback(null);
    },
  });
  const server: Server = createServer((socket) => {
    // MQTT packets are small; Nagle's algorithm would hold them back waiting for ACKs (Mosquitto sets TCP_NODELAY too).
    socket.setNoDelay(true);
    aedes.handle(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => reject(new MqttError('broker-failed', `cannot listen on ${host}:${port}: ${err.message}`, { cause: err })));
    server.listen(port, host, () => resolve());
  });
  const addr = server.address();
  port = typeof addr === 'object' && addr ? addr.port : port;
  return {
    url: `mqtt://${host}:${port}`,
    host,
    port,
    aedes,
    lastWriter: (topic) => writers.get(topic),
    close: () =>
      new Promise<void>((resolve) => {
        aedes.close(() => server.close(() => resolve()));
      }),
  };
}

function remoteAddress(client: Client): string | undefined {
  const conn = client.conn as Partial<Socket>;
  return typeof conn.remoteAddress === 'string' ? conn.remoteAddress : undefined;
}
