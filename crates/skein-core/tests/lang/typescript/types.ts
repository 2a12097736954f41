/** A shape. */
export interface Shape<T> {
//               ^ defines: interface types.ts#Shape
//               ^ exported: yes
//               ^ doc: A shape.
//                     ^ defines: type types.ts#Shape.T
  /** Its area. */
  area(scale: number): T;
  // <- defines: method types.ts#Shape.area
  // <- doc: Its area.
//     ^ defines: parameter types.ts#Shape.area.scale
//                     ^ defined: 2
  name?: string;
  // <- defines: property types.ts#Shape.name
  next: Shape<T> | null;
//      ^ defined: 2
}

type Pair<A, B = A> = [A, B];
//   ^ defines: type types.ts#Pair
//   ^ exported: no
//        ^ defines: type types.ts#Pair.A
//               ^ defined: 19
//                        ^ defined: 19

export enum Color { Red, Green = Red + 1 }
//          ^ defines: enum types.ts#Color
//          ^ exported: yes
//                  ^ defines: constant types.ts#Color.Red
//                       ^ defines: constant types.ts#Color.Green
//                               ^ defined: 26

const Red = Color.Red;
//    ^ defines: variable types.ts#Red
//          ^ defined: 26
//                ^ member: Color

function area<S extends Shape<number>>(s: S, p: Pair<number>): number {
//            ^ defines: type types.ts#area.S
//                      ^ defined: 2
//                                        ^ defined: 38
//                                              ^ defined: 19
  return s.area(1) + p[0];
//       ^ defined: 38
//         ^ member: s
}

let early: Later;
//         ^ defined: 50
interface Later { value: Color.Red }
//                       ^ defined: 26
//                             ^ member: Color

// A type and a value of one name, as lib.dom.d.ts declares its classes: a
// type position means the interface, an expression the variable.
interface Widget { size: number }
//        ^ defines: interface types.ts#Widget
declare var Widget: { prototype: Widget; new (): Widget };
//          ^ defines: variable types.ts#Widget:57
//                               ^ defined: 56
//                                               ^ defined: 56
function widget(w: Widget | null): Widget {
//                 ^ defined: 56
//                                 ^ defined: 56
  return w ?? new Widget();
//                ^ defined: 58
}
