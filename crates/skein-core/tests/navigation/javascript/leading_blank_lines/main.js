import { helper } from './util.js'

helper()
// <- def: util.js:3
