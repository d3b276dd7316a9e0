import { DataType, StatusCodes, Variant, type IAddressSpace, type UAVariable } from 'node-opcua';
import type { Tag } from '../../model/index.js';
import { parseNodeId, type OpcUaBound } from './node-id.js';

/** A model tag served as an OPC UA Variable. */
export interface PlantVariable {
  tag: Tag;
  /** The model's NodeId string, as clients address it. */
  nodeId: string;
  variable: UAVariable;
  /** Actuators and setpoints accept writes; sensors and status tags are read-only. */
  writable: boolean;
}

export interface BuiltAddressSpace {
  variables: PlantVariable[];
  /** Bindings the simulator cannot serve, and why. */
  skipped: { tag: string; nodeId: string; reason: string }[];
}

/**
 * Adds one folder per asset under Objects and one Double Variable per
 * OPC UA binding at exactly the model's NodeId. Namespace indices the model
 * uses beyond the server's own (1) are created by registering
 * `<namespaceUri>:ns<index>` until the index exists (see node-id.ts).
 * Namespace 0 belongs to the standard and is not served. Values start from
 * `initial` with quality Good, or BadWaitingForInitialData when unknown.
 */
export function buildPlantAddressSpace(space: IAddressSpace, bound: readonly OpcUaBound[], namespaceUri: string, initial: (tag: string) => number | undefined): BuiltAddressSpace {
  const own = space.getOwnNamespace();
  const folders = new Map<string, ReturnType<typeof own.addFolder>>();
  const taken = new Set<string>();
  const out: BuiltAddressSpace = { variables: [], skipped: [] };
  for (const { tag, nodeId } of bound) {
    const parsed = parseNodeId(nodeId);
    if (!parsed) {
      out.skipped.push({ tag: tag.id, nodeId, reason: 'not a NodeId' });
      continue;
    }
    if (parsed.namespace === 0) {
      out.skipped.push({ tag: tag.id, nodeId, reason: 'namespace 0 is the OPC UA standard namespace' });
      continue;
    }
    const canonical = `ns=${parsed.namespace};${parsed.type}=${parsed.id}`;
    if (taken.has(canonical)) {
      out.skipped.push({ tag: tag.id, nodeId, reason: 'another tag already uses this NodeId' });
      continue;
    }
    while (space.getNamespaceArray().length <= parsed.namespace) space.registerNamespace(`${namespaceUri}:ns${space.getNamespaceArray().length}`);
    let folder = folders.get(tag.asset);
    if (!folder) folders.set(tag.asset, (folder = own.addFolder(space.rootFolder.objects, { browseName: tag.asset })));
    const writable = tag.kind === 'actuator' || tag.kind === 'setpoint';
    const access = writable ? 'CurrentRead | CurrentWrite' : 'CurrentRead';
    let variable: UAVariable;
    try {
      variable = space.getNamespace(parsed.namespace).addVariable({
        organizedBy: folder,
        nodeId: canonical,
        browseName: tag.id,
        displayName: tag.name ?? tag.id,
        description: `${tag.quantity} in ${tag.unit} (${tag.kind})`,
        dataType: 'Double',
        accessLevel: access,
        userAccessLevel: access,
        minimumSamplingInterval: 0,
      });
    } catch (err) {
      out.skipped.push({ tag: tag.id, nodeId, reason: err instanceof Error ? err.message : String(err) });
      continue;
    }
    taken.add(canonical);
    const v = initial(tag.id);
    if (v === undefined) variable.setValueFromSource(new Variant({ dataType: DataType.Double, value: 0 }), StatusCodes.BadWaitingForInitialData);
    else variable.setValueFromSource(new Variant({ dataType: DataType.Double, value: v }), StatusCodes.Good, new Date());
    out.variables.push({ tag, nodeId, variable, writable });
  }
  return out;
}
