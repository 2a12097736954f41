// A TypeScript definition used from TSX and from JavaScript; a Python
// file that names the same function does not refer to it.
export function area(width: number, height: number): number {
//              ^ refs: src/legacy.js:1, src/legacy.js:2, src/view.tsx:1, src/view.tsx:3
  return width * height;
}
