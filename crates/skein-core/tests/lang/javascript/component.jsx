import { Button } from './Button';
//       ^ import: ./Button Button

export function Toolbar({ items, onPick }) {
//              ^ defines: function component.jsx#Toolbar
//                        ^ defines: parameter component.jsx#Toolbar.items
  const list = items.map((item) => <li key={item.id}>{item.label}</li>);
//                                          ^ defined: 7
//                                  ^ nothing
//                                     ^ nothing
//             ^ defined: 4
  return <div className="bar">{list}<Button onClick={onPick} /></div>;
//        ^ nothing
//                             ^ defined: 7
//                                   ^ defined: 1
//                                                   ^ defined: 4
//                                          ^ nothing
}

const Local = () => <Toolbar items={[]} />;
//    ^ defines: function component.jsx#Local
//                   ^ defined: 4
const ui = { Panel: Toolbar };
export const Nested = () => <ui.Panel.Body title="x"></ui.Panel.Body>;
//                           ^ defined: 23
//                              ^ member: ui
//                                    ^ member: Panel
//                                         ^ nothing
//                                                              ^ member: Panel
