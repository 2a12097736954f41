import type { Shape } from './shape';
export default interface Drawable { draw(): void }
//                       ^ defines: interface exports.ts#Drawable
//                       ^ exported: yes
export abstract class Canvas implements Drawable { abstract draw(): void }
//                    ^ bases: Drawable
//                                      ^ defined: 2
export { Shape as Figure } from './shape';
//       ^ member: path ./shape
//                ^ nothing
export * from './colors';
export * as palette from './palette';
//          ^ nothing
const registry = new Map<string, Shape>();
//    ^ type: Map
export = registry;
//       ^ defined: 14
