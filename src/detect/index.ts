export { scoreWith, medianWindow, type DetectorFactory, type FittedDetector, type Scored, type RowScore, type RowScorer, type SavedDetector } from './detector.js';
export { DetectError, type DetectErrorCode } from './errors.js';
export { checkRows, type Rows } from './rows.js';
export { fitStandardizer, standardizeRow, type Standardizer } from './standardize.js';
export { fitPcaModel, pcaStatistics, type PcaModel, type PcaStatistics } from './pca-model.js';
export { fitPca, scorePca, pcaDetector, pcaFitted, pcaScorer, PCA_DEFAULTS, type PcaFit, type PcaOptions } from './pca.js';
export { regressionDetector, regressionFitted, type RegressionOptions, type RegressionFit } from './regression.js';
export { empiricalLimit, blockedFolds } from './thresholds.js';
export { rollingMedian } from './smoothing.js';
export { DETECTORS, DEFAULT_DETECTOR, makeDetector, restoreDetector, registerDetector, type DetectorEntry } from './registry.js';
export { countConfusion, sumConfusion, emptyConfusion, type Confusion } from './eval/confusion.js';
export { skabScores, type SkabScores } from './eval/metrics.js';
export { findEvents, scoreEvents, type LabelledEvent } from './eval/events.js';
export { SKAB_LEADERBOARD } from './eval/leaderboard.js';
export {
  evaluateSkab,
  rankAgainstLeaderboard,
  splitChronologically,
  SKAB_TRAIN_ROWS,
  type FileResult,
  type SkabEvaluation,
  type SplitFile,
} from './eval/skab.js';
export { GroupRule, REARM_ROWS, type GroupModel } from './group-rule.js';
export { resample, RowClock, rowMaxAges, MAX_AGE_PERIODS, type TimedValue } from './resample.js';
export { detectorFamily, switchedOff } from './switches.js';
