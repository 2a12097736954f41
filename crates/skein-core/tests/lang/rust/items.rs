mod network;
//  ^ defines: module items.rs#network

/// A point in space.
/// Second line.
#[derive(Debug, Clone)]
pub struct Point<T> {
//         ^ defines: struct items.rs#Point
//         ^ exported: yes
//         ^ doc: A point in space.\nSecond line.
//               ^ defines: type items.rs#Point.T
    pub x: T,
//      ^ defines: field items.rs#Point.x
//      ^ exported: yes
//         ^ defined: 7
    y: T,
//  ^ exported: no
}

#[derive(Debug)]
//       ^ nothing
enum Shape {
//   ^ defines: enum items.rs#Shape
//   ^ exported: no
    Circle(f64),
//  ^ defines: constant items.rs#Shape.Circle
    Square { side: f64 },
//           ^ defines: field items.rs#Shape.side
}

pub const LIMIT: usize = 10;
//        ^ defines: constant items.rs#LIMIT
//        ^ exported: yes
static mut COUNTER: u32 = 0;
//         ^ defines: constant items.rs#COUNTER
type Grid = Vec<Point<f64>>;
//   ^ defines: type items.rs#Grid
//              ^ defined: 7

pub(crate) trait Area {
//               ^ defines: trait items.rs#Area
//               ^ exported: yes
    /// The area.
    fn area(&self) -> f64;
//     ^ defines: method items.rs#Area.area
//     ^ doc: The area.
    fn twice(&self) -> f64 { self.area() * 2.0 }
//     ^ defines: method items.rs#Area.twice
    type Unit;
//       ^ defines: type items.rs#Area.Unit
}

macro_rules! square {
//           ^ defines: function items.rs#square
    ($x:expr) => { $x * $x };
}

fn uses(g: Grid) -> usize {
// ^ defines: function items.rs#uses
//      ^ defines: parameter items.rs#uses.g
//         ^ defined: 36
    let n = square!(LIMIT) + helper();
//          ^ defined: 53
//                  ^ defined: 31
//                           ^ defined: 71
    n + g.len()
//  ^ defined: 62
//        ^ member: g
}

fn helper() -> usize { 1 }
// ^ doc: none

mod inner {
//  ^ defines: module items.rs#inner
    pub fn deep() -> super::Shape { local() }
//         ^ defines: function items.rs#inner.deep
//                                  ^ defined: 79
    fn local() {}
}

mod pairs {
    pub trait Pair {
        type First;
    }
    impl<A> Pair for (A, A) {
        type First = A;
//           ^ defines: type items.rs#pairs.(A, A).First
//           ^ owner: pairs.(A, A)
    }
    pub type First<T> = <T as Pair>::First;
//           ^ owner: pairs
}

/// Documented, with an attribute between.
#[derive(Debug)]
pub enum Shape {
//       ^ doc: Documented, with an attribute between.
    /// A round one.
    Circle,
//  ^ doc: A round one.
    // A plain comment ends the run above it.
    Square,
//  ^ doc: none
}

/// Outer doc.
// plain comment
fn after_plain_comment() {}
// ^ doc: none

pub struct Fields {
    /// The width.
    pub width: u32,
//      ^ doc: The width.
}
