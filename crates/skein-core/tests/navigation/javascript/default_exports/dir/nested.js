import B from '../widgets/button.js';
new B();
//  ^ def: widgets/button.js:4
