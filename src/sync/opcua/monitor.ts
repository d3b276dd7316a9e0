import { AttributeIds, TimestampsToReturn, type ClientMonitoredItemGroup, type ClientSubscription, type DataValue } from 'node-opcua';
import type { Reading } from '../../twin/index.js';
import type { OpcUaBound } from './node-id.js';
import { qualityOf } from './quality.js';

/** What monitoring reports back to the connector. */
export interface MonitorEvents {
  readings(batch: Reading[]): void;
  unknown(nodeId: string, detail: string): void;
  malformed(): void;
  /** The server refused or dropped a whole group of items. */
  failed(message: string): void;
}

/**
 * Creates one monitored-item group per sample period on `subscription`
 * (samplingInterval = the tag's samplePeriod, OPC 10000-4 §5.12.1.2) and
 * turns each data change into a reading: numbers as they are, Booleans as
 * 0/1, anything else passed on for the twin to reject with its reason.
 * Items the server refuses (BadNodeIdUnknown...) are reported as unknown
 * sources; the others keep working.
 */
export async function monitorTags(subscription: ClientSubscription, bound: readonly OpcUaBound[], events: MonitorEvents): Promise<ClientMonitoredItemGroup[]> {
  const byPeriod = new Map<number, OpcUaBound[]>();
  for (const b of bound) byPeriod.set(b.tag.samplePeriod, [...(byPeriod.get(b.tag.samplePeriod) ?? []), b]);
  const groups: ClientMonitoredItemGroup[] = [];
  for (const [period, list] of byPeriod) {
    const group = await subscription.monitorItems(
      list.map((b) => ({ nodeId: b.nodeId, attributeId: AttributeIds.Value })),
      { samplingInterval: period * 1000, queueSize: 10, discardOldest: true },
      TimestampsToReturn.Both,
    );
    group.monitoredItems.forEach((item, i) => {
      const b = list[i];
      if (b && !item.statusCode.isGood()) events.unknown(b.nodeId, `${item.statusCode.name} for tag ${b.tag.id}`);
    });
    group.on('err', (message: string) => events.failed(message));
    group.on('changed', (_item, dataValue: DataValue, index: number) => {
      const b = list[index];
      if (!b) return events.malformed();
      events.readings([toReading(b, dataValue)]);
    });
    groups.push(group);
  }
  return groups;
}

export function toReading(b: OpcUaBound, dv: DataValue): Reading {
  const raw: unknown = dv.value?.value;
  const value = typeof raw === 'boolean' ? Number(raw) : raw;
  return {
    tag: b.tag.id,
    value,
    time: dv.sourceTimestamp ?? dv.serverTimestamp ?? new Date(),
    quality: qualityOf(dv.statusCode?.value ?? 0),
    source: `opcua:${b.nodeId}`,
  };
}
