export * from './a.js';
export { gamma as delta } from './b.js';
export * as bee from './b.js';
