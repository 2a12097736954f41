import main, { helper, LIMIT as limit, exposed } from './util.js';
//             ^ def: util.js:1
import * as util from './util';
helper(limit);
// <- def: util.js:1
// <- refs: app.js:1, app.js:4, app.js:12, app.js:16, app.js:19
//     ^ def: util.js:4
main();
// <- def: util.js:5
exposed();
// <- def: util.js:6
util.helper(2);
//   ^ def: util.js:1
new util.Store();
//       ^ def: util.js:8
console.log(helper);
// <- def: none
//          ^ def: util.js:1
helper;
import { missing } from './util';
missing;
// <- def: none
import React from 'react';
React;
// <- def: none
