export function helper(x) {
  return x + 1;
}
export const LIMIT = 10;
export default function main() {}
function internal() {}
export { internal as exposed };
export class Store {
  get(key) { return key; }
}
