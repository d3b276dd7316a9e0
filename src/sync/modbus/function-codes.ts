/** Modbus Application Protocol v1.1b3 §6 (public function codes) and §7 (exception codes). */

export const FC = {
  readCoils: 1,
  readDiscreteInputs: 2,
  readHoldingRegisters: 3,
  readInputRegisters: 4,
  writeSingleCoil: 5,
  writeSingleRegister: 6,
  writeMultipleCoils: 15,
  writeMultipleRegisters: 16,
  maskWriteRegister: 22,
  readWriteMultipleRegisters: 23,
} as const;

export const EXCEPTION = {
  illegalFunction: 0x01,
  illegalDataAddress: 0x02,
  illegalDataValue: 0x03,
  serverDeviceFailure: 0x04,
  gatewayTargetFailed: 0x0b,
} as const;

const EXCEPTION_NAMES: Record<number, string> = {
  0x01: 'illegal function',
  0x02: 'illegal data address',
  0x03: 'illegal data value',
  0x04: 'server device failure',
  0x05: 'acknowledge',
  0x06: 'server device busy',
  0x08: 'memory parity error',
  0x0a: 'gateway path unavailable',
  0x0b: 'gateway target device failed to respond',
};

export function exceptionName(code: number): string {
  return EXCEPTION_NAMES[code] ?? `exception 0x${code.toString(16).padStart(2, '0')}`;
}

/** Spec §6 quantity limits per request. */
export const LIMITS = {
  readBits: 2000,
  readRegisters: 125,
  writeBits: 1968,
  writeRegisters: 123,
} as const;

/**
 * How a function code is reported: reads (1-4), writes (5, 6, 15, 16, and
 * 22 mask write / 23 read-write, which change registers too) and anything
 * else (diagnostics 8, device identification 43, vendor codes such as
 * Schneider UMAS 90) as 'other'.
 */
export function operationOf(fc: number): 'read' | 'write' | 'other' {
  if (fc >= 1 && fc <= 4) return 'read';
  if (fc === 5 || fc === 6 || fc === 15 || fc === 16 || fc === 22 || fc === 23) return 'write';
  return 'other';
}

export function exceptionPdu(fc: number, code: number): Buffer {
  return Buffer.from([(fc | 0x80) & 0xff, code]);
}
