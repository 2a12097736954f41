import { area } from './shape';

export const Size = () => <span>{area(2, 3)}</span>;
//                               ^ def: src/shape.ts:3
