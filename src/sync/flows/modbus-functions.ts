/**
 * Modbus function codes by the names Zeek's modbus.log uses
 * (base/protocols/modbus/consts.zeek), with what each does to the device.
 * Public codes per the Modbus Application Protocol Specification V1.1b3 §6
 * (section in each comment); the rest are legacy or vendor codes Zeek also
 * names (Modicon programming, Schneider Unity), classed `other` because they
 * reprogram or probe rather than read or write process data.
 */
export type Operation = 'read' | 'write' | 'other';

const FUNCTIONS: Readonly<Record<string, readonly [code: number, op: Operation]>> = {
  READ_COILS: [1, 'read'], // §6.1
  READ_DISCRETE_INPUTS: [2, 'read'], // §6.2
  READ_HOLDING_REGISTERS: [3, 'read'], // §6.3
  READ_INPUT_REGISTERS: [4, 'read'], // §6.4
  WRITE_SINGLE_COIL: [5, 'write'], // §6.5
  WRITE_SINGLE_REGISTER: [6, 'write'], // §6.6
  READ_EXCEPTION_STATUS: [7, 'read'], // §6.7 (serial line only)
  DIAGNOSTICS: [8, 'other'], // §6.8: sub-functions can restart or silence the device
  PROGRAM_484: [9, 'other'],
  POLL_484: [10, 'other'],
  GET_COMM_EVENT_COUNTER: [11, 'read'], // §6.9
  GET_COMM_EVENT_LOG: [12, 'read'], // §6.10
  PROGRAM_584_984: [13, 'other'],
  POLL_584_984: [14, 'other'],
  WRITE_MULTIPLE_COILS: [15, 'write'], // §6.11
  WRITE_MULTIPLE_REGISTERS: [16, 'write'], // §6.12
  REPORT_SLAVE_ID: [17, 'other'], // §6.13 "Report Server ID": device fingerprinting
  PROGRAM_884_U84: [18, 'other'],
  RESET_COMM_LINK_884_U84: [19, 'other'],
  READ_FILE_RECORD: [20, 'read'], // §6.14
  WRITE_FILE_RECORD: [21, 'write'], // §6.15
  MASK_WRITE_REGISTER: [22, 'write'], // §6.16
  READ_WRITE_MULTIPLE_REGISTERS: [23, 'write'], // §6.17: it writes, so it counts as a write
  READ_FIFO_QUEUE: [24, 'read'], // §6.18
  PROGRAM_CONCEPT: [40, 'other'],
  MULTIPLE_FUNCTION_CODES: [41, 'other'],
  ENCAP_INTERFACE_TRANSPORT: [43, 'other'], // §6.19-6.21 (MEI; 43/14 Read Device Identification)
  PROGRAM_UNITY: [90, 'other'], // Schneider UMAS: PLC programming, start/stop
  OBJECT_MESSAGING: [91, 'other'],
  FIRMWARE_REPLACEMENT: [125, 'other'],
  PROGRAM_584_984_2: [126, 'other'],
  REPORT_LOCAL_ADDRESS: [127, 'other'],
};

const BY_CODE = new Map(Object.values(FUNCTIONS).map(([code, op]) => [code, op]));

export interface ModbusFunction {
  code: number;
  operation: Operation;
  /** Zeek appends `_EXCEPTION` to the function of an exception response (function code | 0x80, spec §7). */
  exception: boolean;
}

/**
 * Reads Zeek's `func`: a name above, the name with `_EXCEPTION`, Zeek's
 * `unknown-<n>` for codes it does not name, or a bare number. Returns
 * undefined when it is none of these or the code is outside 1-127.
 */
export function modbusFunction(func: string): ModbusFunction | undefined {
  const exception = func.endsWith('_EXCEPTION');
  const name = exception ? func.slice(0, -'_EXCEPTION'.length) : func;
  const known = FUNCTIONS[name];
  if (known && Object.hasOwn(FUNCTIONS, name)) return { code: known[0], operation: known[1], exception };
  const m = /^(?:unknown-)?(\d{1,3})$/.exec(name);
  if (!m) return undefined;
  let code = Number(m[1]);
  const isException = exception || code >= 0x80;
  if (code >= 0x80) code -= 0x80;
  if (code < 1 || code > 127) return undefined;
  return { code, operation: BY_CODE.get(code) ?? 'other', exception: isException };
}
