fn patterns(input: Option<(i32, i32)>, items: &[Item]) -> i32 {
    let x = 1;
//      ^ defines: variable patterns.rs#patterns.x
    let x = x + 1;
//      ^ defines: variable patterns.rs#patterns.x:3
//          ^ defined: 2
    let (a, mut b) = (x, 2);
//       ^ defines: variable patterns.rs#patterns.a
//              ^ defines: variable patterns.rs#patterns.b
//                    ^ defined: 4
    let Item { id, name: label, .. } = &items[0];
//             ^ defines: variable patterns.rs#patterns.id
//                       ^ defines: variable patterns.rs#patterns.label
//                 ^ nothing
    let Some((p, q)) = input else { return b };
//            ^ defines: variable patterns.rs#patterns.p
//               ^ defines: variable patterns.rs#patterns.q
//                                         ^ defined: 7
    if let Some(found) = items.first() {
//              ^ defines: variable patterns.rs#patterns.found
        found.id + id;
//      ^ defined: 19
//                 ^ defined: 11
    }
    found;
//  ^ defined: none
    let total = match input {
        Some((first, _)) if first > 0 => first,
//            ^ defines: variable patterns.rs#patterns.first
//                          ^ defined: 28
//                                       ^ defined: 28
        Some(other @ (1, _)) => other.0,
//           ^ defines: variable patterns.rs#patterns.other
        None => 0,
//      ^ defined: none
        Some(LIMIT) => LIMIT,
//           ^ defined: 59
    };
    for (i, item) in items.iter().enumerate() {
//       ^ defines: variable patterns.rs#patterns.i
//          ^ defines: variable patterns.rs#patterns.item
        let _ = (i, item.id);
//                  ^ defined: 39
    }
    let add = |m, n: i32| m + n + a;
//      ^ defines: variable patterns.rs#patterns.add
//             ^ defines: parameter patterns.rs#patterns.m
//                ^ defines: parameter patterns.rs#patterns.n
//                        ^ defined: 45
//                                ^ defined: 7
    'outer: loop { break 'outer; }
//   ^ nothing
    add(p, q) + total + label.len() as i32
//  ^ defined: 45
//                      ^ defined: 11
//              ^ defined: 27
}

const LIMIT: (i32, i32) = (0, 0);

struct Item { id: i32, name: String }

fn if_let_bindings(err: u32, a: Option<u32>, b: Option<u32>) -> u32 {
    if let Some(x) = a {
        x
//      ^ defined: 64
    } else if let Some(ref err) = b {
        *err
//       ^ defined: 67
    } else {
        err
//      ^ defined: 63
    }
}
