export { buildApp, type AppOptions } from './app.js';
export type { ApiContext } from './context.js';
export type { App } from './app-types.js';
