mod private {
    pub struct Pair;
    pub enum Kind {
        First,
        Second,
    }
}

use self::private::Pair;
use self::private::Kind::*;
use private::Kind;

pub fn pick() -> Kind {
    let _p = Pair;
//           ^ def: src/inline.rs:2
    match First {
//        ^ def: src/inline.rs:4
        Kind::Second => Second,
//            ^ def: src/inline.rs:5
//                      ^ def: src/inline.rs:5
        other => other,
    }
}
