fn main() {
    let x = 1;
    let x = x + 1;
//          ^ def: src/main.rs:2
    let y = x;
//          ^ def: src/main.rs:3
    let z = match Some(y) {
        Some(v) => v,
//                 ^ def: src/main.rs:8
        None => 0,
    };
    z
}
