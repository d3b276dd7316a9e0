import { modelJsonSchema } from '../../model/index.js';
import { EXIT, type Output } from '../output.js';

/** `twinward schema`: the model language's JSON Schema, for editors. */
export function schemaCommand(io: Output): number {
  io.out(JSON.stringify(modelJsonSchema(), null, 2));
  return EXIT.ok;
}
