import { checkModel, formatProblem } from '../../model/index.js';
import { nodeModelFiles } from '../model-files.js';
import { EXIT, type Output } from '../output.js';

/** `twinward validate <file|dir>`: every problem, one per line; exit 1 if any. */
export async function validateCommand(entry: string, opts: { quiet?: boolean }, io: Output): Promise<number> {
  const { loaded, problems } = await checkModel(entry, nodeModelFiles);
  for (const p of problems) io.out(formatProblem(p));
  if (!loaded) {
    io.err(`${entry}: ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
    return EXIT.invalid;
  }
  if (!opts.quiet) {
    const m = loaded.model;
    io.err(
      `${entry}: valid (${loaded.files.length} file${loaded.files.length === 1 ? '' : 's'}; ${m.domains.length} domains, ${m.zones.length} zones, ` +
        `${m.conduits.length} conduits, ${m.assets.length} assets, ${m.services.length} services, ${m.process.units.length} process units, ` +
        `${m.process.tags.length} tags, ${m.process.controllers.length} controllers)`,
    );
  }
  return EXIT.ok;
}
