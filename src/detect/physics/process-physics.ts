/**
 * The simulator's physics, reused so that the residual generator predicts
 * with the same equations the twin's process model runs (docs in each
 * source file). src/process/index.ts does not export these pure functions
 * yet; this file is the one place that reaches into the folder, so
 * switching to the index is a one-file change.
 */
export { pumpOperatingPoint, SHUTOFF_RATIO, type PumpRating } from '../../process/physics/pump.js';
export { valveFlowFraction, moveValve, type ValveCharacteristic } from '../../process/physics/valve.js';
export { dosedConcentration, isChlorine } from '../../process/physics/dosing.js';
export { headToPascal, pascalFrom, RHO, G, HOUR } from '../../process/physics/water.js';
export { converter } from '../../process/plant/units.js';
export { canonicalQuantity, type Quantity } from '../../process/index.js';
export { buildTopology, isWaterUnit, type Topology, type WaterUnit } from '../../process/physics/topology.js';
