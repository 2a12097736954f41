use std::collections::HashMap;
//                    ^ import: std::collections HashMap
//       ^ member: std
use std::io::{self, Read, Write as W};
//       ^ import: std io
//                  ^ import: std::io Read
//                                 ^ import: std::io Write
use crate::model::{user::User, Role};
//                       ^ import: crate::model::user User
//                             ^ import: crate::model Role
use serde_json as json;
//                ^ import: serde_json serde_json
use anyhow;
//  ^ import: anyhow anyhow
use super::config::Settings as Conf;
//                             ^ import: super::config Settings
use a::{b::{c, d as e}};
//          ^ import: a::b c
//                  ^ import: a::b d

fn run(map: HashMap<String, User>) -> io::Result<Role> {
//          ^ defined: 1
//                          ^ defined: 8
//                                    ^ defined: 4
//                                               ^ defined: 8
    let settings: Conf = json::from_str("{}")?;
//                ^ defined: 15
//                       ^ defined: 11
//                             ^ member: json
    use std::fmt::Debug;
//                ^ import: std::fmt Debug
    let _ = (c, e, anyhow::Error::msg("x"), settings);
//           ^ defined: 17
//              ^ defined: 17
//                 ^ defined: 13
    Ok(Role::Admin)
}

fn other() -> impl Debug {}
//                 ^ defined: none
