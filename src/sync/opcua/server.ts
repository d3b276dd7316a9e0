import { DataType, MessageSecurityMode, nodesets, OPCUAServer, RegisterServerMethod, SecurityPolicy, StatusCodes, Variant } from 'node-opcua';
import type { PlantIO } from '../../process/plant-io.js';
import type { CommandObservation } from '../../twin/observations.js';
import { buildPlantAddressSpace, type PlantVariable } from './address-space.js';
import { OpcUaError } from './errors.js';
import { freePort } from './free-port.js';
import { opcuaBindings } from './node-id.js';
import { certificateManager } from './pki.js';
import { hookWrites } from './write-hook.js';

export interface OpcUaPlantServerOptions {
  plant: PlantIO;
  /** The PKI lives in `<dataDir>/opcua-pki/{server,user}`. */
  dataDir: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default: a free port, kept across restarts of this object. */
  port?: number;
  /** Default [None]: fine on loopback; offer Sign/SignAndEncrypt for anything else. */
  securityModes?: MessageSecurityMode[];
  securityPolicies?: SecurityPolicy[];
  /** Base URI of the namespaces the model's indices need, default `urn:twinward:simulator`. */
  namespaceUri?: string;
  /** Every write attempt to a plant variable. Must not throw; errors are swallowed. */
  onCommand?: (observation: CommandObservation) => void;
}

/**
 * The simulator side of OPC UA: one OPCUAServer with a folder per asset and
 * a Variable per OPC UA-bound tag at the model's NodeId, updated from the
 * PlantIO's samples (source timestamp = sample time), writes of actuators
 * and setpoints forwarded to PlantIO.write (write-hook.ts). start/stop may
 * be repeated: each start builds a fresh node-opcua server on the same port.
 */
export class OpcUaPlantServer {
  readonly #o: OpcUaPlantServerOptions;
  readonly #counters = { starts: 0, samples: 0, writes: 0, reportErrors: 0 };
  #server: OPCUAServer | undefined;
  #byTag = new Map<string, PlantVariable[]>();
  #unsubscribe: (() => void) | undefined;
  #port: number;
  #skipped: { tag: string; nodeId: string; reason: string }[] = [];

  constructor(options: OpcUaPlantServerOptions) {
    if (!options.dataDir) throw new OpcUaError('bad-option', 'an OPC UA server needs a dataDir for its PKI folder');
    this.#o = options;
    this.#port = options.port ?? 0;
  }

  get port(): number {
    return this.#port;
  }

  get endpointUrl(): string {
    return `opc.tcp://${this.#o.host ?? '127.0.0.1'}:${this.#port}`;
  }

  /** Bindings not served (namespace 0, duplicate NodeIds...), with reasons. */
  get skipped(): readonly { tag: string; nodeId: string; reason: string }[] {
    return this.#skipped;
  }

  counters(): Record<string, number> {
    return { ...this.#counters };
  }

  async start(): Promise<void> {
    if (this.#server) return;
    const host = this.#o.host ?? '127.0.0.1';
    if (this.#port === 0) this.#port = await freePort(host);
    const server = new OPCUAServer({
      port: this.#port,
      host,
      hostname: host,
      serverCertificateManager: certificateManager(this.#o.dataDir, 'server', true),
      userCertificateManager: certificateManager(this.#o.dataDir, 'user', true),
      securityModes: this.#o.securityModes ?? [MessageSecurityMode.None],
      securityPolicies: this.#o.securityPolicies ?? [SecurityPolicy.None],
      allowAnonymous: true,
      nodeset_filename: [nodesets.standard],
      registerServerMethod: RegisterServerMethod.HIDDEN,
      buildInfo: { productName: 'Twinward plant simulator', productUri: 'urn:twinward:simulator', manufacturerName: 'Twinward' },
    });
    try {
      await server.initialize();
      const space = server.engine.addressSpace;
      if (!space) throw new Error('node-opcua built no address space');
      const built = buildPlantAddressSpace(space, opcuaBindings(this.#o.plant.tags), this.#o.namespaceUri ?? 'urn:twinward:simulator', (t) => this.#o.plant.value(t));
      this.#skipped = built.skipped;
      this.#byTag = new Map();
      for (const pv of built.variables) {
        this.#byTag.set(pv.tag.id, [...(this.#byTag.get(pv.tag.id) ?? []), pv]);
        hookWrites(pv, this.#o.plant, (o) => this.#report(o));
      }
      await server.start();
    } catch (err) {
      await server.shutdown(0).catch(() => {});
      throw new OpcUaError('start-failed', `OPC UA server on ${host}:${this.#port} did not start: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    this.#server = server;
    this.#counters.starts++;
    this.#unsubscribe = this.#o.plant.onSamples((samples) => {
      for (const s of samples) {
        for (const pv of this.#byTag.get(s.tag) ?? []) {
          this.#counters.samples++;
          pv.variable.setValueFromSource(new Variant({ dataType: DataType.Double, value: s.value }), StatusCodes.Good, new Date(s.time));
        }
      }
    });
  }

  /** Shuts the server down at once (clients see the connection drop). */
  async stop(): Promise<void> {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    const server = this.#server;
    this.#server = undefined;
    if (server) await server.shutdown(0);
  }

  #report(o: CommandObservation): void {
    if (o.operation === 'write') this.#counters.writes++;
    try {
      this.#o.onCommand?.(o);
    } catch {
      this.#counters.reportErrors++;
    }
  }
}
