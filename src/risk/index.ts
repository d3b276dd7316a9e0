export { parseCvssVector, CvssError, type CvssVector, type CvssVersion } from './cvss-vector.js';
export { assessRisk, riskEntries, type AssetRisk, type DomainRisk, type RiskOptions, type RiskReport, type ServiceRisk } from './assess.js';
export { RiskError, type RiskErrorCode } from './errors.js';
export { DEFAULT_LOSS, assetLoss, lossModel, maximumLoss, serviceLoss, type CriticalityName, type LossModel } from './loss-model.js';
export { RISK_CHANGES, RiskHistory, flowKey, flowRoute, widensReachability, type PostureSnapshot, type RiskChange } from './trend.js';
