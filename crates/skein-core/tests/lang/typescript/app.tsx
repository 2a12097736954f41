import { useState } from 'react';
//       ^ import: react useState
import type { Props } from './types';

export function Counter({ start }: Props) {
//              ^ defines: function app.tsx#Counter
//              ^ exported: yes
//                        ^ defines: parameter app.tsx#Counter.start
//                                 ^ defined: 3
  const [count, setCount] = useState<number>(start);
//       ^ defines: variable app.tsx#Counter.count
//                          ^ defined: 1
//                                           ^ defined: 5
  return <button onClick={() => setCount(count + 1)}>{count}</button>;
//        ^ nothing
//               ^ nothing
//                              ^ defined: 10
//                                       ^ defined: 10
}

export const App = () => <main><Counter start={1} /></main>;
//           ^ defines: function app.tsx#App
//                        ^ nothing
//                              ^ defined: 5
//                                      ^ nothing
const Ui = { Panel: Counter };
export const Wrapped = () => <Ui.Panel start={2} />;
//                            ^ defined: 26
//                               ^ member: Ui
//                                     ^ nothing
