export * from './schema/index.js';
export { checkModel, loadModel, hashModel, type LoadedModel } from './load.js';
export { modelJsonSchema } from './json-schema.js';
export { ModelError, formatProblem, formatPath, type ModelProblem } from './problems.js';
export { memoryModelFiles, isModelFileName, type ModelFiles } from './files.js';
export { describeIssues, type PathProblem } from './schema-issues.js';
export { groupTags } from './check/detection.js';
export { parseSource, locate, type SourceFile, type Segment } from './source.js';
