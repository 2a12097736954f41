// Two crates in one project, each with its own `util::helper`: a path
// never leaves its crate, so references to one are never the other's.
mod util;

pub fn run() -> u32 {
    util::helper() + crate::util::helper()
//        ^ def: app/src/util.rs:1
}
