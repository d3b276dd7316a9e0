export { Bundle, BUNDLE_FORMAT, bundleDigest, seal, type UnsignedBundle } from './bundle.js';
export { DetectorRepository, TrainingError, type BundleSummary, type TrainingErrorCode } from './repository.js';
export { MIN_TRAIN_ROWS, findGroup, groupModel, trainGroup, type TrainingRows } from './train.js';
export { maxAge, rowsFromStore, rowsFromTable } from './sources.js';
export { loadActiveGroups } from './load.js';
export { trainOnSimulation } from './simulated.js';
export { DetectionService, type GroupStatus } from './service.js';
