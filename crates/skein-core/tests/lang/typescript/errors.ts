interface Good { a: number }
//        ^ defines: interface errors.ts#Good

function bad(x: number { return x; }

class Fine {
  method(): Good { return { a: 1 }; }
  // <- defines: method errors.ts#Fine.method
//          ^ defined: 1
}

const z: = 3;
enum Still { One }
//   ^ defines: enum errors.ts#Still
