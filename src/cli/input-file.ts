import { readFile } from 'node:fs/promises';
import { EXIT, ExitError } from './output.js';

/**
 * The text of an input file a command was given, or one line naming it:
 * "cannot read the scenario x.yaml: no such file". `what` says which input
 * ("the scenario", "the change set"); a file that cannot be read exits with
 * `exit` (default usage, 2: the command line named it).
 */
export async function readInputFile(file: string, what: string, exit: number = EXIT.usage): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new ExitError(exit, `cannot read ${what} ${file}: ${reason}`);
  }
}
