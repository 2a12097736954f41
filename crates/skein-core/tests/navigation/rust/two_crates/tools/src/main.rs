mod util;

fn main() {
    util::helper();
//        ^ def: tools/src/util.rs:1
}
