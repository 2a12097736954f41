export { default as Button } from './button.js';
