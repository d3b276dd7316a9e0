/**
 * ATT&CK for ICS techniques, as shipped in data/attack-ics-techniques.json
 * (extracted from MITRE's STIX bundle by scripts/extract-attack-ics.mjs). The
 * table is passed in, so this folder stays free of file I/O.
 */
export interface Technique {
  id: string;
  name: string;
  tactics: string[];
  deprecated: boolean;
}

export class TechniqueTable {
  readonly #byId: Map<string, Technique>;
  readonly version: string | null;

  constructor(doc: { version?: string | null; techniques: Technique[] }) {
    this.#byId = new Map(doc.techniques.map((t) => [t.id, t]));
    this.version = doc.version ?? null;
  }

  get size(): number {
    return this.#byId.size;
  }

  get(id: string): Technique | undefined {
    return this.#byId.get(id);
  }

  /** `{id, name}` for each id; throws on an id the table lacks, so a typo cannot ship an alert with a made-up technique. */
  refs(ids: readonly string[]): { id: string; name: string }[] {
    return ids.map((id) => {
      const t = this.#byId.get(id);
      if (!t || t.deprecated) throw new RangeError(`${id} is not an active ATT&CK for ICS technique`);
      return { id: t.id, name: t.name };
    });
  }
}
