#!/usr/bin/env node
// Extracts the technique table Twinward ships (id, name, tactics, deprecated)
// from the MITRE ATT&CK for ICS STIX 2.1 bundle. Rerun when the bundle changes:
//   node scripts/extract-attack-ics.mjs ../shared/data/attack-ics/ics-attack.json > data/attack-ics-techniques.json
import { readFileSync } from 'node:fs';

const bundle = JSON.parse(readFileSync(process.argv[2] ?? '../shared/data/attack-ics/ics-attack.json', 'utf8'));
const version = bundle.objects.find((o) => o.type === 'x-mitre-collection')?.x_mitre_version ?? null;
const techniques = bundle.objects
  .filter((o) => o.type === 'attack-pattern' && !o.revoked)
  // Some objects cite ATT&CK under another source name (e.g. mitre-ics-attack); take the T-id wherever it is.
  .map((o) => ({ o, ref: (o.external_references ?? []).find((r) => /^T\d{4}(\.\d{3})?$/.test(r.external_id ?? '')) }))
  .filter(({ ref }) => ref)
  .map(({ o, ref }) => ({
    id: ref.external_id,
    name: o.name,
    tactics: (o.kill_chain_phases ?? []).filter((p) => p.kill_chain_name === 'mitre-ics-attack').map((p) => p.phase_name),
    deprecated: Boolean(o.x_mitre_deprecated),
  }))
  .sort((a, b) => a.id.localeCompare(b.id));
const notice = '© 2025 The MITRE Corporation. This work is reproduced and distributed with the permission of The MITRE Corporation. License: data/ATTACK-LICENSE.txt.';
process.stdout.write(JSON.stringify({ notice, source: 'ATT&CK for ICS', version, techniques }, null, 1) + '\n');
