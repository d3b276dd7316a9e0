import { z } from 'zod';
import { Description, Name } from './common.js';
import { Domain, NodeSettings } from './domains.js';
import { Conduit, Zone } from './network.js';
import { Asset } from './assets.js';
import { Service } from './services.js';
import { Account, Trust } from './access.js';
import { ProcessUnit } from './units.js';
import { Tag } from './tags.js';
import { Controller } from './controllers.js';
import { Detection } from './detection.js';

export const Process = z.strictObject({
  units: z.array(ProcessUnit).default([]),
  tags: z.array(Tag).default([]),
  controllers: z.array(Controller).default([]),
});

/**
 * A twin model: one domain's view of a cyber-physical system and the service
 * chain around it. Files may be split; `include` lists more files or folders,
 * relative to the including file, whose collections are concatenated.
 */
export const TwinModel = z.strictObject({
  twinward: z.literal(1, { message: 'expected the model language version: twinward: 1' }),
  name: Name,
  description: Description.optional(),
  include: z.array(z.string().min(1)).optional(),
  node: NodeSettings,
  domains: z.array(Domain).min(1, { message: 'a model needs at least one domain' }),
  zones: z.array(Zone).default([]),
  conduits: z.array(Conduit).default([]),
  assets: z.array(Asset).default([]),
  services: z.array(Service).default([]),
  accounts: z.array(Account).default([]),
  trust: z.array(Trust).default([]),
  process: Process.default({ units: [], tags: [], controllers: [] }),
  detection: Detection.default({ groups: [], off: [] }).describe('Learned detector groups and detector switches'),
});

export type TwinModel = z.infer<typeof TwinModel>;
/** The model as written by users, before defaults are applied. */
export type TwinModelInput = z.input<typeof TwinModel>;
