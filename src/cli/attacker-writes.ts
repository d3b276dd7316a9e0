import { Socket } from 'node:net';
import { join } from 'node:path';
import { ModbusTCPClient } from 'jsmodbus';
import mqtt from 'mqtt';
import { AttributeIds, DataType, MessageSecurityMode, OPCUAClient, SecurityPolicy } from 'node-opcua';
import type { Logger } from '../common/logger.js';
import type { Binding, Tag } from '../model/index.js';
import type { PlantSimulator } from '../process/index.js';
import { encodeRegisters, type ModbusDeviceServer } from '../sync/modbus/index.js';
import { encodeSparkplug, JSON_SET_SUFFIX, parseSparkplugTopic, sparkplugTopic } from '../sync/mqtt/index.js';
import { certificateManager } from '../sync/opcua/pki.js';

type Write = { tag: string; value: number; origin: { protocol: string; host: string }; injection: string };

export interface AttackSurface {
  sim: PlantSimulator;
  tags: ReadonlyMap<string, Tag>;
  mqttUrl: string;
  modbus: readonly ModbusDeviceServer[];
  opcuaEndpoint: string | null;
  dataDir: string;
  log: Logger;
}

/**
 * Sends a scenario's unauthorized writes over the wire, the way an attacker
 * on the network would, using the protocol the scenario names: a Modbus
 * write to the device server, an MQTT command (Sparkplug DCMD or JSON
 * `<topic>/set`) through the broker under the attacker's host as client id,
 * or an OPC UA write. The servers report each to the twin like a network
 * sensor would. A tag with no binding for that protocol is written into the
 * plant directly (and the twin does not see it: that is the point of testing
 * what it can see).
 */
export function attackerWrites(s: AttackSurface): (w: Write) => void {
  const send = async (w: Write): Promise<boolean> => {
    const tag = s.tags.get(w.tag);
    if (!tag) return false;
    const bindings = tag.bindings;
    switch (w.origin.protocol) {
      case 'modbus-tcp': {
        const b = bindings.find((x): x is Extract<Binding, { protocol: 'modbus' }> => x.protocol === 'modbus' && (x.table === 'holding' || x.table === 'coil'));
        const server = s.modbus.find((x) => x.asset === tag.asset);
        if (!b || !server) return false;
        await modbusWrite(server.port, b, w.value);
        return true;
      }
      case 'mqtt': {
        const b = bindings.find((x): x is Extract<Binding, { protocol: 'mqtt' }> => x.protocol === 'mqtt');
        if (!b) return false;
        await mqttWrite(s.mqttUrl, w.origin.host, b, tag.id, w.value);
        return true;
      }
      case 'opc-ua': {
        const b = bindings.find((x): x is Extract<Binding, { protocol: 'opcua' }> => x.protocol === 'opcua');
        if (!b || !s.opcuaEndpoint) return false;
        await opcuaWrite(s.opcuaEndpoint, join(s.dataDir, 'attacker'), b.nodeId, w.value);
        return true;
      }
      default:
        return false;
    }
  };
  return (w) => {
    send(w).then(
      (sent) => {
        if (!sent) s.sim.write(w.tag, w.value, { protocol: 'internal', host: w.origin.host });
      },
      (err: unknown) => s.log.warn({ err, injection: w.injection }, 'scenario write failed'),
    );
  };
}

async function modbusWrite(port: number, b: Extract<Binding, { protocol: 'modbus' }>, value: number): Promise<void> {
  const socket = new Socket();
  const client = new ModbusTCPClient(socket, b.unitId, 2000);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject).connect({ host: '127.0.0.1', port }));
  try {
    if (b.table === 'coil') await client.writeSingleCoil(b.address, value !== 0);
    else await client.writeMultipleRegisters(b.address, encodeRegisters(value, b.dataType, b.scale).words);
  } finally {
    socket.destroy();
  }
}

async function mqttWrite(url: string, clientId: string, b: Extract<Binding, { protocol: 'mqtt' }>, tagId: string, value: number): Promise<void> {
  const client = await mqtt.connectAsync(url, { clientId, reconnectPeriod: 0 });
  try {
    const sp = b.encoding === 'sparkplug-b' ? parseSparkplugTopic(b.topic) : undefined;
    if (sp && sp.type !== 'STATE' && 'device' in sp && sp.device !== undefined) {
      const topic = sparkplugTopic('DCMD', sp.group, sp.edgeNode, sp.device);
      await client.publishAsync(topic, Buffer.from(encodeSparkplug({ timestamp: Date.now(), metrics: [{ name: b.metric ?? tagId, value }] })), { qos: 1 });
    } else {
      await client.publishAsync(`${b.topic}${JSON_SET_SUFFIX}`, JSON.stringify({ value }), { qos: 1 });
    }
  } finally {
    await client.endAsync();
  }
}

async function opcuaWrite(endpoint: string, pkiDir: string, nodeId: string, value: number): Promise<void> {
  const client = OPCUAClient.create({
    endpointMustExist: false, securityMode: MessageSecurityMode.None, securityPolicy: SecurityPolicy.None,
    clientCertificateManager: certificateManager(pkiDir, 'client', true), connectionStrategy: { maxRetry: 1 },
  });
  await client.connect(endpoint);
  try {
    const session = await client.createSession();
    await session.write({ nodeId, attributeId: AttributeIds.Value, value: { value: { dataType: DataType.Double, value } } });
    await session.close();
  } finally {
    await client.disconnect();
  }
}
