pub fn helper() -> u32 {
    super::config::Config::new().amount()
//                         ^ def: src/config.rs:6
//                 ^ def: src/config.rs:1
}

pub fn twice(x: u32) -> u32 {
    x * 2
}
