/**
 * What connectors see besides readings. Fields come from the wire and are
 * untrusted: the runtime maps them onto the model and records what does not
 * fit as drift, it never assumes they are consistent.
 */

/** One network flow (NetFlow/IPFIX-like, or a Zeek conn.log record). */
export interface FlowObservation {
  kind: 'flow';
  time?: string | Date;
  src: string;
  dst: string;
  srcPort?: number;
  dstPort?: number;
  transport?: 'tcp' | 'udp' | 'icmp';
  /** Application protocol when known (Zeek `service`), in the model's Protocol words: modbus-tcp, opc-ua, mqtt... */
  protocol?: string;
  bytes?: number;
  packets?: number;
  /** Which connector saw it: `flows:zeek:conn.log`. */
  source: string;
}

/** One OT protocol command seen on the wire or received by a server. */
export interface CommandObservation {
  kind: 'command';
  time?: string | Date;
  protocol: 'modbus-tcp' | 'opc-ua' | 'mqtt';
  operation: 'read' | 'write' | 'other';
  /** Protocol function code when there is one (Modbus 1-127). */
  functionCode?: number;
  /** The host that sent it: an IP address or, for MQTT, a client id. */
  from: string;
  /** The device it was sent to, if known: an IP address or asset id. */
  to?: string;
  /** The tag it touches, when the address maps onto one. */
  tag?: string;
  /** Protocol address as seen: `holding:40`, `ns=2;s=Intake.Level`, a topic. */
  address?: string;
  value?: unknown;
  source: string;
}

export type Observation = FlowObservation | CommandObservation;
