import type { Config } from './config';
//            ^ import: ./config Config
import fs = require('fs');
//     ^ import: fs *
import def, { type Opt as Option, helper } from "./lib";
//     ^ import: ./lib default
//                        ^ import: ./lib Opt
//                                ^ import: ./lib helper
import * as ns from '../ns';
//          ^ import: ../ns *

export namespace Geometry {
//               ^ defines: module modules.ts#Geometry
//               ^ exported: yes
  export const origin = 0;
//             ^ defines: variable modules.ts#Geometry.origin
//             ^ exported: yes
  export function dist(a: number): number { return a - origin; }
//                ^ defines: function modules.ts#Geometry.dist
//                                                     ^ defined: 15
  interface Inner {}
//          ^ defines: interface modules.ts#Geometry.Inner
}

declare function external(x: number): void;
//               ^ defines: function modules.ts#external
//                        ^ defines: parameter modules.ts#external.x
export declare const version: string;
//                   ^ defines: variable modules.ts#version
//                   ^ exported: yes

const cfg: Config = def(fs, ns, helper) as Option;
//         ^ defined: 1
//                  ^ defined: 5
//                      ^ defined: 3
//                          ^ defined: 9
//                                         ^ defined: 5
type Alias = Geometry.Inner;
//           ^ defined: 12
//                    ^ member: Geometry

export { cfg, cfg as config };
//       ^ defined: 32
//                   ^ nothing
export type { Alias };
//            ^ defined: 38
