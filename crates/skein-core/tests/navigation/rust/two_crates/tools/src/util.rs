pub fn helper() {}
//     ^ refs: tools/src/main.rs:4
