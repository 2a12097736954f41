let x = 1;
//  ^ defines: variable scopes.js#x
x = compute(x);
// <- defined: 1
//          ^ defined: 1
//  ^ defined: 8

function compute(value) {
  if (value > 0) {
    let x = value * 2;
//      ^ defines: variable scopes.js#compute.x
    var hoisted = x;
//      ^ defines: variable scopes.js#compute.hoisted
//                ^ defined: 10
  }
  return x + hoisted;
//       ^ defined: 1
//           ^ defined: 12
}

const y = y0 + y;
//    ^ defines: variable scopes.js#y
//        ^ defined: none
//             ^ defined: none

for (let i = 0; i < 3; i++) {
//       ^ defines: variable scopes.js#i
//              ^ defined: 26
  console.log(i);
  // <- defined: none
//        ^ member: console
//            ^ defined: 26
}
i;
// <- defined: none

for (const [key, val] of Object.entries({})) {
//          ^ defines: variable scopes.js#key
//               ^ defines: variable scopes.js#val
  key + val;
  // <- defined: 37
//      ^ defined: 37
}
for (var k in {}) {}
//       ^ defines: variable scopes.js#k
k;
// <- defined: 44

try {
  risky();
} catch (err) {
//       ^ defines: variable scopes.js#err
  report(err);
//       ^ defined: 51
}
err;
// <- defined: none

const { a, b: { c }, ...rest } = source();
//      ^ defines: variable scopes.js#a
//              ^ defines: variable scopes.js#c
//         ^ nothing
//                      ^ defines: variable scopes.js#rest
const [p, [q], r = p] = [1, [2]];
//     ^ defines: variable scopes.js#p
//         ^ defines: variable scopes.js#q
//             ^ defines: variable scopes.js#r

let first = 1, second = first;
//             ^ defines: variable scopes.js#second
//                      ^ defined: 69
[first, second] = [second, first];
 // <- defined: 69
//      ^ defined: 69
//                 ^ defined: 69
({ a: first, c } = { a, c });
//    ^ defined: 69
//           ^ defined: 59

switch (first) {
  case 1:
    const inCase = 1;
//        ^ defines: variable scopes.js#inCase
    inCase;
//  ^ defined: 82
}
inCase;
// <- defined: none

label: for (;;) { break label; }
// <- nothing
//                      ^ nothing
