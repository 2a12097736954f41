export { parseConfig } from './config.js';
export type { Options } from './config.js';
