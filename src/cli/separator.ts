import { EXIT, ExitError } from './output.js';

/** A CSV separator option: `,` `;` tab, or their names; `flag` names the option in the error. */
export function parseSeparator(v: string | undefined, flag: string): ',' | ';' | '\t' | undefined {
  if (v === undefined) return undefined;
  const s = v.toLowerCase();
  if (s === ',' || s === 'comma') return ',';
  if (s === ';' || s === 'semicolon') return ';';
  if (s === '\t' || s === 'tab' || s === '\\t') return '\t';
  throw new ExitError(EXIT.usage, `${flag}: expected comma, semicolon or tab; got ${JSON.stringify(v)}`);
}
