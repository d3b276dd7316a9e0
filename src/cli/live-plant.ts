import { join } from 'node:path';
import type { Logger } from '../common/logger.js';
import type { LoadedModel } from '../model/index.js';
import { PlantSimulator, runRealtime, type RealtimeRun, type Scenario } from '../process/index.js';
import { ModbusConnector, startModbusServers, type ModbusDeviceServer } from '../sync/modbus/index.js';
import { MqttConnector, MqttPublisher, startEmbeddedBroker, type EmbeddedBroker } from '../sync/mqtt/index.js';
import { NodeSink } from '../sync/node-sink.js';
import { OpcUaConnector, OpcUaPlantServer } from '../sync/opcua/index.js';
import type { Connector } from '../sync/types.js';
import type { TwinNode } from '../twin/index.js';
import type { CommandObservation } from '../twin/observations.js';
import { attackerWrites } from './attacker-writes.js';

export interface LivePlantOptions {
  model: LoadedModel;
  node: TwinNode;
  dataDir: string;
  logger: Logger;
  scenario?: Scenario;
  seed?: number;
  /** Simulated seconds per wall-clock second. */
  speed?: number;
  mqttPort: number;
  modbusBasePort: number;
  opcuaPort: number;
}

export interface LivePlant {
  connectors: Connector[];
  endpoints: { mqtt: string; modbus: string[]; opcua: string | null };
  sim: PlantSimulator;
  stop(): Promise<void>;
}

/**
 * The demo's physical counterpart and the twin's links to it: the plant
 * simulator serving its tags over an embedded MQTT broker (JSON and
 * Sparkplug B), Modbus TCP device servers and an OPC UA server, and the
 * twin's connectors subscribed to / polling them. Commands the servers
 * receive (writes, unexpected functions) go to the twin as observations,
 * the way a network sensor would report them; the connector's own reads do not.
 */
export async function startLivePlant(o: LivePlantOptions): Promise<LivePlant> {
  const tags = o.model.model.process.tags;
  const sink = new NodeSink(o.node, o.logger);
  const observe = (c: CommandObservation) => {
    if (c.operation === 'read') return;
    sink.observe([c]).catch((err) => o.logger.warn({ err }, 'could not record a command'));
  };
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((err) => o.logger.warn({ err }, 'stopping the live plant'));
  };
  try {
    // Scenario writes go over the wire once the Modbus servers are up (injections start later than that).
    let sendWrite: ReturnType<typeof attackerWrites> | undefined;
    const sim: PlantSimulator = new PlantSimulator(o.model.model, {
      seed: o.seed ?? o.scenario?.seed ?? 1,
      start: Date.now(),
      ...(o.scenario ? { scenario: o.scenario } : {}),
      sendWrite: (w) => (sendWrite ? sendWrite(w) : sim.write(w.tag, w.value, { protocol: 'internal', host: w.origin.host })),
    });

    const broker: EmbeddedBroker = await startEmbeddedBroker({ port: o.mqttPort, tags, onCommand: observe });
    stops.push(() => broker.close());
    const publisher = new MqttPublisher({ url: broker.url, plant: sim, clientId: 'twinward-plant', writer: (t) => broker.lastWriter(t), logger: o.logger });
    await publisher.start();
    stops.push(() => publisher.stop());

    const servers: ModbusDeviceServer[] = await startModbusServers({ plant: sim, basePort: o.modbusBasePort, onCommand: observe });
    stops.push(async () => void (await Promise.all(servers.map((s) => s.stop()))));

    const hasOpcUa = tags.some((t) => t.bindings.some((b) => b.protocol === 'opcua'));
    let opcua: OpcUaPlantServer | undefined;
    if (hasOpcUa) {
      opcua = new OpcUaPlantServer({ plant: sim, dataDir: join(o.dataDir, 'plant'), port: o.opcuaPort, onCommand: observe });
      await opcua.start();
      stops.push(() => opcua!.stop());
    }

    sendWrite = attackerWrites({
      sim, tags: o.node.twin.tags, mqttUrl: broker.url, modbus: servers, opcuaEndpoint: opcua?.endpointUrl ?? null, dataDir: join(o.dataDir, 'plant'), log: o.logger,
    });

    const connectors: Connector[] = [
      new MqttConnector({ url: broker.url, clientId: `twinward-${o.model.model.node.domain}`, tags, sink, logger: o.logger }),
      ...(servers.length > 0
        ? [new ModbusConnector({ tags, targets: servers.map((s) => ({ asset: s.asset, host: '127.0.0.1', port: s.port })), sink })]
        : []),
      ...(opcua ? [new OpcUaConnector({ endpointUrl: opcua.endpointUrl, tags, sink, dataDir: o.dataDir })] : []),
    ];
    for (const c of connectors) {
      await c.start();
      stops.push(() => c.stop());
    }
    sink.watchStale(1000, 3);
    stops.push(async () => sink.stopWatching());

    const run: RealtimeRun = runRealtime(sim, { speed: o.speed ?? 1 });
    run.done.catch((err) => o.logger.error({ err }, 'the plant simulator stopped'));
    stops.push(async () => run.stop());

    return {
      connectors,
      sim,
      endpoints: { mqtt: broker.url, modbus: servers.map((s) => `${s.asset} modbus-tcp://127.0.0.1:${s.port}`), opcua: opcua?.endpointUrl ?? null },
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
