pub struct Counter {
    count: u32,
}

impl Counter {
//   ^ defined: 1
    /// Makes a counter.
    pub fn new() -> Self {
//         ^ defines: method impls.rs#Counter.new
//         ^ exported: yes
//         ^ doc: Makes a counter.
        Counter { count: 0 }
//      ^ defined: 1
//                ^ nothing
    }

    fn bump(&mut self, by: u32) -> u32 {
//     ^ defines: method impls.rs#Counter.bump
//     ^ exported: no
//                     ^ defines: parameter impls.rs#Counter.bump.by
        self.count += by;
//                    ^ defined: 17
        new()
//      ^ defined: 50
    }
}

impl std::fmt::Display for Counter {
//             ^ member: fmt
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
//     ^ defines: method impls.rs#Counter.fmt
        write!(f, "{}", self.count)
//             ^ defined: 30
    }
}

impl<T: Clone> From<T> for Wrapper<T> {
//   ^ defines: type impls.rs#Wrapper.T
//                                 ^ defined: 37
    fn from(value: T) -> Self {
//     ^ defines: method impls.rs#Wrapper.from
//          ^ defines: parameter impls.rs#Wrapper.from.value
        Wrapper(value)
//      ^ defined: 48
    }
}

struct Wrapper<T>(T);

fn new() -> u32 {
// ^ defines: function impls.rs#new
    Counter::new().bump(1)
//  ^ defined: 1
//           ^ member: Counter
}
