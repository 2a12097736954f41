export default class Panel {}
//                   ^ refs: app.js:2, app.js:4
