import Button from './widgets/button';
import Panel from './widgets/panel.js';
new Button();
new Panel();
//  ^ def: widgets/panel.js:1
