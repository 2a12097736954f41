import { area } from './shape';
export const total = area(4, 5);
//                   ^ def: src/shape.ts:3
