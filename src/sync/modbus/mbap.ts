/**
 * Modbus TCP framing, per "MODBUS Messaging on TCP/IP Implementation Guide
 * V1.0b" §3.1.3: a 7-byte MBAP header (transaction id, protocol id = 0,
 * length = unit id + PDU bytes, unit id) followed by the PDU. A PDU is at
 * most 253 bytes (Modbus Application Protocol v1.1b3 §4.1), so the length
 * field is 2..254. The bytes come from the network: anything else is a
 * malformed stream, and the caller should close the connection since frame
 * boundaries can no longer be trusted.
 */

export interface MbapFrame {
  transactionId: number;
  unitId: number;
  /** Function code followed by its data. */
  pdu: Buffer;
}

export const MAX_PDU = 253;
const HEADER = 7;

/** Splits a TCP byte stream into frames; keeps partial frames until more bytes arrive. */
export class FrameReader {
  #buffer: Buffer = Buffer.alloc(0);

  /** Frames completed by `chunk`; `error` set means the stream is malformed and should be dropped. */
  push(chunk: Buffer): { frames: MbapFrame[]; error?: string } {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    const frames: MbapFrame[] = [];
    while (this.#buffer.length >= HEADER) {
      const protocolId = this.#buffer.readUInt16BE(2);
      const length = this.#buffer.readUInt16BE(4);
      if (protocolId !== 0) return { frames, error: `protocol id ${protocolId} is not Modbus (0)` };
      if (length < 2 || length > MAX_PDU + 1) return { frames, error: `MBAP length ${length} is outside 2..${MAX_PDU + 1}` };
      if (this.#buffer.length < 6 + length) break;
      frames.push({
        transactionId: this.#buffer.readUInt16BE(0),
        unitId: this.#buffer.readUInt8(6),
        pdu: Buffer.from(this.#buffer.subarray(HEADER, 6 + length)),
      });
      this.#buffer = this.#buffer.subarray(6 + length);
    }
    return { frames };
  }
}

/** An MBAP frame around a response PDU. */
export function encodeFrame(transactionId: number, unitId: number, pdu: Buffer): Buffer {
  const out = Buffer.alloc(HEADER + pdu.length);
  out.writeUInt16BE(transactionId & 0xffff, 0);
  out.writeUInt16BE(0, 2);
  out.writeUInt16BE(pdu.length + 1, 4);
  out.writeUInt8(unitId & 0xff, 6);
  pdu.copy(out, HEADER);
  return out;
}
