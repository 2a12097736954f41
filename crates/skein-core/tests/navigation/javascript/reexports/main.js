import { alpha, delta, bee } from './lib';
alpha();
// <- def: lib/a.js:1
// <- refs: main.js:1, main.js:2
delta;
// <- def: lib/b.js:1
bee.gamma;
//  ^ def: lib/b.js:1
