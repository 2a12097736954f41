import def, * as all from './lib.mjs';
//     ^ import: ./lib.mjs default
//               ^ import: ./lib.mjs *
import { default as Other, named as alias } from './other.mjs';
//       ^ member: path ./other.mjs
//                  ^ import: ./other.mjs default
//                                  ^ import: ./other.mjs named

function helper() {}
//       ^ exported: yes
const value = 1;
//    ^ exported: yes
const kept = 2;
//    ^ exported: yes
const local = 3;
//    ^ exported: no

export { helper as publicHelper, value as default, kept as 'quoted name' };
//       ^ defined: 9
//                 ^ nothing
//                               ^ defined: 11
//                                        ^ nothing
export { kept };
//       ^ defined: 13
export { remote as mirrored, default as remoteDefault, other } from './remote.mjs';
//       ^ member: path ./remote.mjs
//                 ^ nothing
//                           ^ member: path ./remote.mjs
//                                                     ^ member: path ./remote.mjs
export * from './everything.mjs';
export * as bundle from './bundle.mjs';
//          ^ nothing
export default function main() { return local + def + all.x; }
//                      ^ defines: function exports.mjs#main
//                      ^ exported: yes
//                                      ^ defined: 15
//                                              ^ defined: 1
//                                                        ^ member: all

export default function () {}
//     ^ defines: function exports.mjs#default
