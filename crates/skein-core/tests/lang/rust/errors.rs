fn ok(a: u32) -> u32 { a }
// ^ defines: function errors.rs#ok
//                     ^ defined: 1

fn broken(x: u32 -> u32 {
    x +
}

struct Still { field: u32 }
//     ^ defines: struct errors.rs#Still

fn after() -> u32 { ok(1) }
// ^ defines: function errors.rs#after
//                  ^ defined: 1
