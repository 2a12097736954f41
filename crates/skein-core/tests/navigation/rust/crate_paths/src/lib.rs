mod util;
pub mod config;
pub use util::helper;

use crate::config::Config;

pub fn entry() -> u32 {
    let config = Config::new();
//               ^ def: src/config.rs:1
//                       ^ def: src/config.rs:6
    config.amount()
//         ^ def: src/config.rs:9
        + helper()
//        ^ def: src/util.rs:1
        + util::twice(2)
//              ^ def: src/util.rs:7
//        ^ def: src/lib.rs:1
        + std::cmp::max(1, 2)
//                  ^ def: none
}

mod config_ext;

pub fn described() -> u32 {
    Config::new_described() + Config::new().doubled()
//          ^ def: src/config_ext.rs:4
}
mod inline;
