mod util;
//  ^ defines: module members.rs#util
use crate::model::Account;
//                ^ import: crate::model Account
//         ^ member: path crate
use super::Parent;
//         ^ import: super Parent
use self::util::Helper;
//              ^ import: self::util Helper
//        ^ member: path self
pub use crate::shapes::Circle;
//                     ^ import: crate::shapes Circle
use shapes::{self, Square};
//  ^ import: shapes shapes
//                 ^ import: shapes Square
use prelude::all::*;
//           ^ member: prelude

pub trait Named: Parent + shapes::Shape + Into<String> {
//        ^ bases: Parent, Shape, Into
    fn name(&self) -> String;
}

pub struct Counter {
    count: u32,
//  ^ owner: Counter
//  ^ type: none
    account: Account,
//  ^ type: Account
    shape: &'static shapes::Circle,
//  ^ type: Circle
    items: Vec<Helper>,
//  ^ type: Vec
}

impl Counter {
    pub fn new(account: &Account) -> Self {
//         ^ owner: Counter
//             ^ type: Account
        Counter { count: 0, account: account.clone(), shape: &CIRCLE, items: Vec::new() }
//                                           ^ member: account
//                                                                                ^ member: Vec
    }

    fn bump(&mut self, mut by: u32, other: &mut Counter) -> u32 {
//                         ^ type: none
//                                  ^ type: Counter
        self.count += by;
//           ^ member: self
        self.account.owner().name();
//           ^ member: self
//                   ^ member: account
//                           ^ member: unknown
        let fresh = Self::new(&self.account);
//          ^ type: none
//                        ^ member: self
        Self::DEFAULT
//            ^ member: self
    }
}

fn run(helper: util::Helper, parent: Parent) -> Result<(), Error> {
//     ^ type: Helper
//                   ^ member: util
//                           ^ type: Parent
    let a: Counter = make();
//      ^ type: Counter
    let mut b: &mut Counter = &mut make();
//          ^ type: Counter
    let c = Counter { count: 1, ..make() };
//      ^ type: Counter
    let d = Counter::new(&helper.account);
//      ^ type: Counter
//                   ^ member: Counter
//                               ^ member: helper
    let e = util::Helper::open("x")?;
//      ^ type: Helper
//                ^ member: util
//                        ^ member: Helper
    let f = make_counter();
//      ^ type: none
    let g = Vec::<u8>::new();
//      ^ type: none
//                     ^ member: unknown
    crate::model::load(a, b);
//         ^ member: path crate
//                ^ member: model
    super::reset();
//         ^ member: path super
    self::util::go();
//        ^ member: path self
//              ^ member: util
    match parent.kind {
//               ^ member: parent
        shapes::Kind::Round => d.bump(1, &mut a),
//              ^ member: shapes
//                    ^ member: Kind
//                               ^ member: d
        _ => 0,
    };
    Ok(())
}

pub use self::util::{Helper as Public, Other};
//            ^ member: path self
//                   ^ member: path self::util
//                             ^ import: self::util Helper
//                                     ^ import: self::util Other
