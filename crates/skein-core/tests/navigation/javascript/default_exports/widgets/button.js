// A default export is found through every way of importing it: directly,
// from a nested folder, and through a barrel that renames it. Importers of
// another module's default (`Panel`) are not references to it.
export default class Button {}
//                   ^ refs: app.js:1, app.js:3, dir/nested.js:1, dir/nested.js:2, screen.js:1, screen.js:2, widgets/index.js:1
