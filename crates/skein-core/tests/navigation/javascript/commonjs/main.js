const lib = require('./lib');
const { parse, render } = require('./lib.js');
lib.parse('x');
//  ^ def: lib.js:1
parse('y');
// <- def: lib.js:1
render(1);
// <- def: lib.js:4
const path = require('path');
path.join('a');
//   ^ def: none
