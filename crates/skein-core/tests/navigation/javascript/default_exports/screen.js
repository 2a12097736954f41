import { Button } from './widgets';
new Button();
//  ^ def: widgets/button.js:4
