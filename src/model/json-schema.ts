import { z } from 'zod';
import { TwinModel } from './schema/index.js';

/**
 * The model language as JSON Schema (draft 2020-12), generated from the same
 * zod schema that validates, so editors and the validator never disagree.
 * Uses the input shape: fields with defaults are optional to write.
 */
export function modelJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(TwinModel, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://twinward.dev/schema/twin-model-1.json',
    title: 'Twinward twin model',
    description: 'A domain\'s cyber-physical system: owners, IEC 62443 zones and conduits, assets, services, access and the physical process.',
  };
}
