export function parse(input: string, strict?: boolean, ...rest: number[]): number {
//              ^ defines: function functions.ts#parse
//                    ^ defines: parameter functions.ts#parse.input
//                                   ^ defines: parameter functions.ts#parse.strict
//                                                        ^ defines: parameter functions.ts#parse.rest
  return strict ? rest.length : input.length;
//       ^ defined: 1
//                ^ defined: 1
//                              ^ defined: 1
}

function overload(a: string): string;
//       ^ defines: function functions.ts#overload
//                ^ defines: parameter functions.ts#overload.a
function overload(a: any): any { return a; }
//       ^ defines: function functions.ts#overload:14
//                                      ^ defined: 15

const pick = <T, K extends keyof T>({ key, obj }: { key: K; obj: T }, fallback = key): T[K] => obj[key];
//    ^ defines: function functions.ts#pick
//            ^ defines: type functions.ts#pick.T
//                                    ^ defines: parameter functions.ts#pick.key
//                                         ^ defines: parameter functions.ts#pick.obj
//                                                                    ^ defines: parameter functions.ts#pick.fallback
//                                                                               ^ defined: 19
//                                                                                             ^ defined: 19

type Handler = (event: string, done: () => void) => void;
//              ^ defines: parameter functions.ts#Handler.event
let handle: Handler = (event, done) => done();
//          ^ defined: 28
//                                     ^ defined: 30

function guard(value: unknown): value is string { return typeof value === 'string'; }
//                                                              ^ defined: 34
