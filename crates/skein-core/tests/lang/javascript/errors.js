function ok(a) { return a; }
//       ^ defines: function errors.js#ok
//                      ^ defined: 1

function broken(x {
  return x +;
}

const after = ok(1);
//    ^ defines: variable errors.js#after
//            ^ defined: 1

class Half {
  method() { return }}}
  // <- defines: method errors.js#Half.method

let tail = after;
//  ^ defines: variable errors.js#tail
//         ^ defined: 9
