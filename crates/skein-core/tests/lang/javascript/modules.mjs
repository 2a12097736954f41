import React from 'react';
//     ^ import: react default
import { useState, useEffect as effect } from "react";
//       ^ import: react useState
//                              ^ import: react useEffect
//                 ^ member: path react
import * as path from 'node:path';
//          ^ import: node:path *
import './side-effect.css';

export const answer = 42, other = answer;
//           ^ defines: variable modules.mjs#answer
//           ^ exported: yes
//                        ^ exported: yes
//                                ^ defined: 11
export let mutable;
//         ^ exported: yes
export default function main() {
//                      ^ defines: function modules.mjs#main
//                      ^ exported: yes
  const [state] = useState(path.join('a', 'b'));
//                ^ defined: 3
//                         ^ defined: 7
//                              ^ member: path
  effect(() => state);
  // <- defined: 3
//             ^ defined: 21
  return React;
//       ^ defined: 1
}

function local() {}
//       ^ exported: yes
const hidden = 1;
//    ^ exported: no
class Thing {}
//    ^ exported: yes

export { local, Thing as Renamed };
//       ^ defined: 32
//              ^ defined: 36
//                       ^ nothing
export { remote } from './remote.mjs';
//       ^ member: path ./remote.mjs
export * as everything from './all.mjs';
//          ^ nothing
