import { postJson } from './client';
import type { AttackPath, HardeningPlan } from './types';

/** Body of POST /api/attack/whatif: a change set (object or YAML/JSON text) and/or a list of changes, and the analysis options. */
export interface WhatIfQuery {
  changeSet?: string | Record<string, unknown>;
  /** `{ patch: {...} }`, `{ closeFlow: {...} }`... or a hardening plan's `{ kind, target }`. */
  changes?: Record<string, unknown>[];
  name?: string;
  entries?: string[];
  goals?: string[];
  k?: number;
  impact?: boolean;
  risk?: boolean;
  runs?: number;
  seed?: number;
}

export interface WhatIfGoalState {
  reachable: boolean;
  probability?: number;
  hours?: number;
  cheapestHours?: number;
  path?: string;
}

export interface WhatIfPathChange {
  path: AttackPath;
  /** The steps that fire on one side only. */
  steps: string[];
}

export interface WhatIfGoal {
  goal: string;
  owners: string[];
  before: WhatIfGoalState;
  after: WhatIfGoalState;
  /** cut, opened, more likely, less likely, faster, slower, other paths, same, not in the changed model. */
  change: string;
  gone: WhatIfPathChange[];
  appeared: WhatIfPathChange[];
}

interface Pair {
  before: number;
  after: number;
}

export interface WhatIfOwner {
  domain: string;
  name?: string;
  goals: { total: number; before: number; after: number };
  exposed: Pair;
  changes: number;
  risk?: { expectedLoss: Pair; posture: Pair };
}

/** POST /api/attack/whatif: the difference a change set makes, on a fork of the node's model. */
export interface WhatIfReport {
  model: string;
  name: string;
  description?: string;
  entries: string[];
  changes: { index: number; kind: string; summary: string; owner?: string; effect: string }[];
  summary: { goals: number; before: number; after: number };
  goals: WhatIfGoal[];
  owners: WhatIfOwner[];
  hardening: { before?: HardeningPlan; after?: HardeningPlan };
  controllers: { asset: string; domain?: string; before: number; after: number; impact?: { summary: string } }[];
  risk?: { runs: number; seed: number; horizonHours: number; totalExpectedLoss: Pair; services: { service: string; domain: string; probability: Pair; expectedLoss: Pair }[] };
  notes: string[];
  timings: { total: number };
}

/** What-if on the node's model: POST /api/attack/whatif (the model in force is never changed). */
export function runWhatIf(query: WhatIfQuery): Promise<WhatIfReport> {
  return postJson<WhatIfReport>('/api/attack/whatif', query);
}
