pub struct Config {
    value: u32,
}

impl Config {
    pub fn new() -> Self {
        Config { value: 1 }
    }
    pub fn amount(&self) -> u32 {
        self.value + self.double()
//                        ^ def: src/config.rs:14
//           ^ def: src/config.rs:2
    }
    fn double(&self) -> u32 {
        Self::new().value * 2
//            ^ def: src/config.rs:6
    }
}
