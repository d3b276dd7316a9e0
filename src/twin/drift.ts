import type { Tag } from '../model/index.js';
import { makeEvent, type AssetStatus, type NewEvent } from './events.js';
import type { NetworkView } from './network-view.js';
import type { CommandObservation, FlowObservation } from './observations.js';
import { MAX_UNKNOWN_SOURCES, type TwinState } from './state.js';

/** What the drift decisions read: the model's lookups and the live state. */
export interface DriftContext {
  state: Readonly<TwinState>;
  network: NetworkView;
  tags: ReadonlyMap<string, Tag>;
  tagsByAsset: ReadonlyMap<string, Tag[]>;
}

/** Modbus Application Protocol v1.1b3 §6: the public function codes a PLC is expected to serve. */
const EXPECTED_MODBUS_FUNCTIONS = new Set([1, 2, 3, 4, 5, 6, 15, 16, 23]);

const time = (t: string | Date | undefined, now: Date) => (t === undefined ? now.toISOString() : new Date(t).toISOString());
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** An unknown source is recorded once; `sourceKey` lets the state remember it across restarts. */
function unknownOnce(ctx: DriftContext, key: string, now: Date, subject: string | null, kind: 'unknown-source' | 'unknown-device', message: string, evidence: Record<string, unknown>, pending: readonly NewEvent[]): NewEvent[] {
  if (key in ctx.state.unknownSources || Object.keys(ctx.state.unknownSources).length >= MAX_UNKNOWN_SOURCES) return [];
  if (pending.some((e) => e.type === 'drift.detected' && e.data.evidence.sourceKey === key)) return [];
  return [makeEvent('drift.detected', now, subject, { kind, message, evidence: { ...evidence, sourceKey: key } })];
}

/** A flow observation, and drift when an end is unknown or no conduit allows it. */
export function decideFlow(ctx: DriftContext, f: FlowObservation, now: Date, pending: readonly NewEvent[] = []): NewEvent[] {
  const at = time(f.time, now);
  const src = ctx.network.asset(f.src);
  const dst = ctx.network.asset(f.dst);
  const verdict = src && dst ? ctx.network.judgeFlow(src, dst, f) : { allowed: false, conduit: null, reason: 'an end is not in the model' };
  const out: NewEvent[] = [
    makeEvent('observation.flow', at, dst?.id ?? f.dst, {
      src: f.src, dst: f.dst, srcPort: num(f.srcPort), dstPort: num(f.dstPort), transport: f.transport ?? null, protocol: f.protocol ?? null,
      bytes: num(f.bytes), packets: num(f.packets), srcAsset: src?.id ?? null, dstAsset: dst?.id ?? null,
      allowed: verdict.allowed, conduit: verdict.conduit, source: f.source,
    }),
  ];
  for (const [addr, asset] of [[f.src, src], [f.dst, dst]] as const) {
    if (!asset) out.push(...unknownOnce(ctx, `ip:${addr}`, now, addr, 'unknown-device', `host ${addr} is not an asset of the model`, { address: addr, seenIn: f.source, peer: addr === f.src ? f.dst : f.src }, [...pending, ...out]));
  }
  if (src && dst && !verdict.allowed) {
    out.push(makeEvent('drift.detected', at, dst.id, {
      kind: 'flow-not-allowed',
      message: `${src.id} (${src.zone}) -> ${dst.id} (${dst.zone}) ${f.protocol ?? f.transport ?? ''}${f.dstPort !== undefined ? `/${f.dstPort}` : ''}: ${verdict.reason}`,
      evidence: { src: f.src, dst: f.dst, srcAsset: src.id, dstAsset: dst.id, srcZone: src.zone, dstZone: dst.zone, dstPort: num(f.dstPort), protocol: f.protocol ?? null, source: f.source },
    }));
  }
  return out;
}

/** A command observation; drift on a write from a host the model does not allow, or an unexpected function. */
export function decideCommand(ctx: DriftContext, c: CommandObservation, now: Date): NewEvent[] {
  const at = time(c.time, now);
  const from = ctx.network.asset(c.from);
  const to = c.to !== undefined ? ctx.network.asset(c.to) : undefined;
  const tag = c.tag !== undefined ? ctx.tags.get(c.tag) : undefined;
  const writers = tag?.writableBy ?? [];
  const authorized = c.operation !== 'write' || (tag !== undefined && from !== undefined && writers.includes(from.id));
  const out: NewEvent[] = [
    makeEvent('observation.command', at, tag?.id ?? to?.id ?? c.to ?? null, {
      protocol: c.protocol, operation: c.operation, functionCode: num(c.functionCode), from: c.from, fromAsset: from?.id ?? null,
      to: c.to ?? null, toAsset: to?.id ?? null, tag: tag?.id ?? c.tag ?? null, address: c.address ?? null, value: c.value ?? null, authorized, source: c.source,
    }),
  ];
  if (!authorized) {
    const who = from ? `${from.id} (${c.from})` : `unknown host ${c.from}`;
    const what = tag ? `tag ${tag.id}` : `${c.address ?? 'an address'} bound to no writable tag`;
    out.push(makeEvent('drift.detected', at, tag?.id ?? to?.id ?? null, {
      kind: 'unauthorized-write',
      message: `${c.protocol} write to ${what}${to ? ` on ${to.id}` : ''} from ${who}; allowed writers: ${writers.length ? writers.join(', ') : 'none'}`,
      evidence: { from: c.from, fromAsset: from?.id ?? null, to: c.to ?? null, tag: tag?.id ?? null, address: c.address ?? null, value: c.value ?? null, functionCode: num(c.functionCode), allowedWriters: writers, source: c.source },
    }));
  }
  if (c.protocol === 'modbus-tcp' && c.functionCode !== undefined && !EXPECTED_MODBUS_FUNCTIONS.has(c.functionCode)) {
    out.push(makeEvent('drift.detected', at, to?.id ?? null, {
      kind: 'unexpected-function',
      message: `Modbus function ${c.functionCode} sent to ${to?.id ?? c.to ?? 'a device'} from ${from?.id ?? c.from}; the model expects only reads and writes`,
      evidence: { functionCode: c.functionCode, from: c.from, to: c.to ?? null, source: c.source },
    }));
  }
  return out;
}

/**
 * Tags with no reading for `factor` sample periods become stale; an asset
 * whose reporting tags are all stale is lost. Requires readings' times to be
 * on the same clock as `now`.
 */
export function decideStale(ctx: DriftContext, now: Date, factor = 3): NewEvent[] {
  const out: NewEvent[] = [];
  const staleNow = new Set(Object.keys(ctx.state.stale));
  for (const [id, value] of Object.entries(ctx.state.tags)) {
    const tag = ctx.tags.get(id);
    if (!tag || staleNow.has(id)) continue;
    const age = now.getTime() - Date.parse(value.time);
    if (age > factor * tag.samplePeriod * 1000) {
      staleNow.add(id);
      out.push(makeEvent('drift.detected', now, id, {
        kind: 'stale-tag',
        message: `no reading of ${id} for ${Math.round(age / 1000)} s (sample period ${tag.samplePeriod} s)`,
        evidence: { lastReading: value.time, lastValue: value.value, samplePeriod: tag.samplePeriod, factor },
      }));
    }
  }
  for (const [asset, tags] of ctx.tagsByAsset) {
    const reporting = tags.filter((t) => t.id in ctx.state.tags);
    const status = ctx.state.assets[asset]?.status;
    if (reporting.length > 0 && reporting.every((t) => staleNow.has(t.id)) && status === 'online') {
      out.push(makeEvent('asset.status', now, asset, { status: 'lost', previous: status, reason: `all ${reporting.length} reporting tags are stale` }));
    }
  }
  return out;
}

export function decideUnknownSource(ctx: DriftContext, source: string, detail: string, now: Date, pending: readonly NewEvent[] = []): NewEvent[] {
  return unknownOnce(ctx, `source:${source}`, now, null, 'unknown-source', `${source}: ${detail}`, { source, detail }, pending);
}

export function decideOutOfRange(tag: Tag, value: number, time: string, source: string, state: Readonly<TwinState>): NewEvent[] {
  if (tag.id in state.outOfRange) return [];
  return [makeEvent('drift.detected', time, tag.id, {
    kind: 'out-of-range',
    message: `${tag.id} reads ${value} ${tag.unit}, outside the instrument range [${tag.range.min}, ${tag.range.max}]`,
    evidence: { value, range: tag.range, source },
  })];
}

export function decideDeviceStatus(state: Readonly<TwinState>, asset: string, online: boolean, reason: string, now: Date): NewEvent[] {
  const current = state.assets[asset];
  if (!current) return [];
  const status: AssetStatus = online ? 'online' : 'offline';
  return current.status === status ? [] : [makeEvent('asset.status', now, asset, { status, previous: current.status, reason })];
}

export function decideConnectorStatus(state: Readonly<TwinState>, connector: string, next: string, detail: string | undefined, now: Date): NewEvent[] {
  const current = state.connectors[connector];
  if (current?.state === next) return [];
  return [makeEvent('connector.status', now, null, { connector, state: next, previous: current?.state ?? null, detail: detail ?? null })];
}
