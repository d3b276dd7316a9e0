import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TechniqueTable, type Technique } from '../detect/attack-techniques.js';
import { packageRoot } from './paths.js';

/** The ATT&CK for ICS technique table shipped in data/ (with MITRE's notice in data/ATTACK-LICENSE.txt). */
export function loadTechniques(): TechniqueTable {
  const doc = JSON.parse(readFileSync(join(packageRoot, 'data', 'attack-ics-techniques.json'), 'utf8')) as { version: string; techniques: Technique[] };
  return new TechniqueTable(doc);
}
