/**
 * Adds two numbers.
 */
export function add(a, b = 1) {
//              ^ defines: function functions.js#add
//              ^ exported: yes
//              ^ doc: Adds two numbers.
//              ^ enclosing: 4-15
//                  ^ defines: parameter functions.js#add.a
//                     ^ defines: parameter functions.js#add.b
  return a + b + later();
//       ^ defined: 4
//           ^ defined: 4
//               ^ defined: 34
}

function helper({ x, y: why = 2, ...others }, [first, , third = 0, ...tail]) {
//       ^ defines: function functions.js#helper
//       ^ exported: no
//                ^ defines: parameter functions.js#helper.x
//                      ^ defines: parameter functions.js#helper.why
//                   ^ nothing
//                                  ^ defines: parameter functions.js#helper.others
//                                             ^ defines: parameter functions.js#helper.first
//                                                      ^ defines: parameter functions.js#helper.third
//                                                                    ^ defines: parameter functions.js#helper.tail
  return x + why + first + third + others.length + tail.length;
//           ^ defined: 17
//                                 ^ defined: 17
//                                        ^ member: others
}

// A plain comment is not documentation.
function later() { return helper; }
//       ^ defines: function functions.js#later
//       ^ doc: none
//                        ^ defined: 17

const double = (n) => n * 2;
//    ^ defines: function functions.js#double
//              ^ defines: parameter functions.js#double.n
//                    ^ defined: 39
const triple = n => double(n) + n;
//    ^ defines: function functions.js#triple
//             ^ defines: parameter functions.js#triple.n
//                  ^ defined: 39
//                         ^ defined: 43
//                              ^ defined: 43

/** Makes a counter. */
const makeCounter = function () {
//    ^ defines: function functions.js#makeCounter
//    ^ doc: Makes a counter.
  let count = 0;
//    ^ defines: variable functions.js#makeCounter.count
  return function increment(step) {
//                ^ nothing
//                          ^ defines: parameter functions.js#makeCounter.step
    count = count + step;
//  ^ defined: 54
//          ^ defined: 54
//                  ^ defined: 56
    return count;
  };
};

function* ids(start) {
//        ^ defines: function functions.js#ids
  yield start;
//      ^ defined: 67
}

function outer() {
  function inner() { return outer(); }
//         ^ defines: function functions.js#outer.inner
//                          ^ defined: 73
  return inner();
//       ^ defined: 74
}

unknownGlobal(add, triple, ids);
// <- defined: none
//            ^ defined: 4
//                 ^ defined: 43
