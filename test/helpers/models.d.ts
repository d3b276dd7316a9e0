import { type LoadedModel } from '../../src/model/index.js';
export declare const BASE_MODEL_TEXT: string;
/** The validator's base test model, loaded. */
export declare function baseModel(text?: string): Promise<LoadedModel>;
