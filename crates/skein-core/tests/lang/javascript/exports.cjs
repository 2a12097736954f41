const { EventEmitter: Emitter } = require('events');
//                    ^ import: events EventEmitter
const base = require('./base');
//    ^ import: ./base default

module.exports = class Store extends Emitter {
//                     ^ defines: class exports.cjs#Store
//                     ^ exported: yes
//                     ^ bases: Emitter
//                                   ^ defined: 1
  constructor() {
    super();
    this.items = new base.List();
//       ^ defines: field exports.cjs#Store.items
//       ^ owner: Store
//       ^ type: List
//                        ^ member: base
  }
  get(key) { return this.items.get(key) || Store.empty; }
//^ defines: method exports.cjs#Store.get
//                       ^ member: self
//                             ^ member: items
//                                         ^ defined: 6
//                                               ^ member: Store
};

module.exports = function build(options) { return build(options); };
//                        ^ defines: function exports.cjs#build
//                        ^ exported: yes
//                                                ^ defined: 27
exports.alias = base;
//      ^ member: exports
//              ^ defined: 3
module.exports.Other = base.Other;
//             ^ defines: variable exports.cjs#Other
//             ^ exported: yes
//                     ^ defined: 3
//                          ^ member: base
