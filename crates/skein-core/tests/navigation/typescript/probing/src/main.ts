import { parseConfig, type Options } from './lib/index.js';
import { parseConfig as parse2 } from './lib';
const options: Options = parseConfig('x');
//             ^ def: src/lib/config.ts:1
//                       ^ def: src/lib/config.ts:4
parse2('y');
// <- def: src/lib/config.ts:4
// <- refs: src/lib/index.ts:1, src/main.ts:1, src/main.ts:2, src/main.ts:2, src/main.ts:3, src/main.ts:6
