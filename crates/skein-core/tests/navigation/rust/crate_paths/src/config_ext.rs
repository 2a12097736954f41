use crate::config::Config;

impl Config {
    pub fn new_described() -> u32 {
        let c = Config::new();
        c.value + c.amount()
//        ^ def: src/config.rs:2
//                  ^ def: src/config.rs:9
    }

    pub fn doubled(&self) -> u32 {
        self.value + self.amount()
//           ^ def: src/config.rs:2
//                        ^ def: src/config.rs:9
    }
}
