import type { LoadedModel } from '../model/index.js';
import { FlowConnector } from '../sync/flows/index.js';
import { ModbusConnector, type ModbusTarget } from '../sync/modbus/index.js';
import { MqttConnector } from '../sync/mqtt/index.js';
import { OpcUaConnector } from '../sync/opcua/index.js';
import type { Connector, Sink } from '../sync/types.js';
import { EXIT, ExitError } from './output.js';

export interface FieldOptions {
  /** mqtt://host:port of a broker carrying the plant's topics. */
  mqtt?: string;
  mqttClientId?: string;
  /** `asset=host:port` per PLC to poll over Modbus TCP. */
  modbus?: string[];
  /** opc.tcp:// endpoint serving the plant's node ids. */
  opcua?: string;
  /** Flow logs (Zeek conn.log/modbus.log JSON, generic JSON lines) to follow. */
  flows?: string[];
}

/** Parses `asset=host:port`, checking the asset exists; user errors say which flag and what. */
export function parseModbusTarget(spec: string, model: LoadedModel): ModbusTarget {
  const m = /^([a-z0-9][a-z0-9._-]*)=([^:]+):(\d{1,5})$/.exec(spec);
  if (!m) throw new ExitError(EXIT.usage, `--modbus expects asset=host:port, got "${spec}"`);
  const [, asset, host, port] = m;
  if (!model.model.assets.some((a) => a.id === asset)) throw new ExitError(EXIT.usage, `--modbus: the model has no asset "${asset}"`);
  const n = Number(port);
  if (n < 1 || n > 65535) throw new ExitError(EXIT.usage, `--modbus: port ${port} is not 1-65535`);
  return { asset: asset!, host: host!, port: n };
}

/** The connectors `serve` flags ask for, not yet started. */
export function fieldConnectors(o: FieldOptions, model: LoadedModel, sink: Sink, dataDir: string): Connector[] {
  const tags = model.model.process.tags;
  const out: Connector[] = [];
  if (o.mqtt) {
    if (!/^(mqtts?|wss?):\/\//.test(o.mqtt)) throw new ExitError(EXIT.usage, `--mqtt expects mqtt://host:port, got "${o.mqtt}"`);
    out.push(new MqttConnector({ url: o.mqtt, clientId: o.mqttClientId ?? `twinward-${model.model.node.domain}`, tags, sink }));
  }
  if (o.modbus && o.modbus.length > 0) out.push(new ModbusConnector({ tags, targets: o.modbus.map((s) => parseModbusTarget(s, model)), sink }));
  if (o.opcua) {
    if (!o.opcua.startsWith('opc.tcp://')) throw new ExitError(EXIT.usage, `--opcua expects opc.tcp://host:port, got "${o.opcua}"`);
    out.push(new OpcUaConnector({ endpointUrl: o.opcua, tags, sink, dataDir }));
  }
  for (const path of o.flows ?? []) out.push(new FlowConnector(sink, { path, follow: path !== '-' }));
  return out;
}
