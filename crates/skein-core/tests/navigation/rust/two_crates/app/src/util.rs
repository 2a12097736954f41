pub fn helper() -> u32 {
//     ^ refs: app/src/lib.rs:6, app/src/lib.rs:6
    1
}
