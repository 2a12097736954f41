const fs = require('fs');
//    ^ import: fs default
const { readFile, join: joinPath } = require("path");
//      ^ import: path readFile
//                      ^ import: path join
//                ^ member: path path
var util = require('./util');
//  ^ import: ./util default
const notRequire = load('x');
//    ^ defines: variable commonjs.cjs#notRequire
//    ^ exported: no

function read(file) {
//       ^ exported: yes
  return readFile(joinPath(file), fs, util);
//       ^ defined: 3
//                ^ defined: 3
//                                ^ defined: 1
//                                    ^ defined: 7
}

function internal() {}
//       ^ exported: yes

exports.read = read;
//      ^ member: exports
//             ^ defined: 13
module.exports.write = function (data) {
//             ^ defines: function commonjs.cjs#write
//             ^ exported: yes
//                               ^ defines: parameter commonjs.cjs#write.data
  return data;
};
exports.VERSION = '1.0';
//      ^ defines: variable commonjs.cjs#VERSION
//      ^ exported: yes
module.exports = { read, internalToo: internal };
//                 ^ defined: 13
//                                    ^ defined: 22

// An ES5 class: a constructor function, prototype methods, static members.
function Runner(suite) {
  this.suite = suite;
//     ^ defines: field commonjs.cjs#Runner.suite:42
//     ^ owner: Runner
}
Runner.prototype.run = function (fn) {
//               ^ defines: method commonjs.cjs#Runner.run
//               ^ owner: Runner
  return this.suite;
//            ^ member: self
};
Runner.constants = {};
//     ^ defines: property commonjs.cjs#Runner.constants
//     ^ owner: Runner
const { format } = require('util'), join2 = require('path').join;
//                                  ^ import: path join
var color = (exports.color = function (type, str) { return str; });
//                   ^ defines: function commonjs.cjs#color:57
//                   ^ exported: yes
