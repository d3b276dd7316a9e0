import type { Asset, Service, TwinModel } from '../model/index.js';

export type CriticalityName = 'low' | 'medium' | 'high' | 'critical';

/**
 * What a bad outcome costs, in loss units (relative, not money: an owner who
 * knows their figures overrides them). One outage of a service of a given
 * criticality costs `outage[criticality]`; a compromise of an asset costs
 * `outage[criticality]` × (`foothold` + the sum of `data` over the data
 * classes it holds): the incident-response share of any foothold plus the
 * theft of what it stores.
 */
export interface LossModel {
  /** Loss units per outage of a service, by its criticality. */
  outage: Record<CriticalityName, number>;
  /** Share of an outage's weight that any compromise of an asset costs (clean-up, integrity). */
  foothold: number;
  /** Per data class held on a compromised asset: share of its criticality weight lost to theft. */
  data: Partial<Record<Asset['dataClasses'][number], number>>;
}

export const DEFAULT_LOSS: LossModel = {
  outage: { low: 1, medium: 3, high: 10, critical: 30 },
  foothold: 0.1,
  data: { phi: 1, pii: 0.5, financial: 0.5, 'intellectual-property': 0.3, credentials: 0.2 },
};

/** Defaults with the caller's overrides applied field by field. */
export function lossModel(overrides: Partial<LossModel> = {}): LossModel {
  return {
    outage: { ...DEFAULT_LOSS.outage, ...overrides.outage },
    foothold: overrides.foothold ?? DEFAULT_LOSS.foothold,
    data: { ...DEFAULT_LOSS.data, ...overrides.data },
  };
}

/** Loss units of one outage of the service. */
export function serviceLoss(loss: LossModel, s: Pick<Service, 'criticality'>): number {
  return loss.outage[s.criticality];
}

/** Loss units of one compromise of the asset (foothold plus data theft). */
export function assetLoss(loss: LossModel, a: Pick<Asset, 'criticality' | 'dataClasses'>): number {
  const data = a.dataClasses.reduce((sum, c) => sum + (loss.data[c] ?? 0), 0);
  return loss.outage[a.criticality] * (loss.foothold + data);
}

/** Per domain: the loss if every one of its services were down and every one of its assets taken. */
export function maximumLoss(loss: LossModel, model: TwinModel): Map<string, number> {
  const max = new Map(model.domains.map((d) => [d.id, 0]));
  for (const s of model.services) max.set(s.domain, (max.get(s.domain) ?? 0) + serviceLoss(loss, s));
  for (const a of model.assets) max.set(a.domain, (max.get(a.domain) ?? 0) + assetLoss(loss, a));
  return max;
}
