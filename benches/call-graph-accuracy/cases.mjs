// Small programs with the exact caller -> callee edges a call graph must
// have, written out by hand, one case per language and category. An edge
// is `<caller symbol id> -> <callee symbol id>`; module-level code is
// `<path>#`. Calls that leave the project (print, console.log, std) are
// not edges. Where a call's target is not evident from the code, the case
// has no edge for it: an answer there is a wrong one.

export const CASES = [
  // ---------------------------------------------------------------- Python
  {
    lang: 'python', category: 'direct calls',
    files: { 'm.py': 'def a():\n    b()\n    print("x")\n\ndef b():\n    c()\n\ndef c():\n    pass\n' },
    edges: ['m.py#a -> m.py#b', 'm.py#b -> m.py#c'],
  },
  {
    lang: 'python', category: 'imports',
    files: {
      'pkg/__init__.py': '',
      'pkg/util.py': 'def helper():\n    pass\n\ndef other():\n    pass\n',
      'app.py': 'from pkg.util import helper\nimport pkg.util as u\nfrom pkg import util\n\ndef run():\n    helper()\n    u.other()\n    util.helper()\n',
    },
    edges: ['app.py#run -> pkg/util.py#helper', 'app.py#run -> pkg/util.py#other'],
  },
  {
    lang: 'python', category: 'classes and inheritance',
    files: {
      'm.py': 'class Base:\n    def __init__(self):\n        self.setup()\n\n    def setup(self):\n        pass\n\n    def greet(self):\n        return self.name()\n\n    def name(self):\n        return "b"\n\nclass Child(Base):\n    def name(self):\n        return "c"\n\ndef make():\n    c = Child()\n    c.greet()\n    return c\n',
    },
    // Constructing Child runs the __init__ it inherits.
    edges: ['m.py#Base.__init__ -> m.py#Base.setup', 'm.py#Base.greet -> m.py#Base.name', 'm.py#make -> m.py#Child', 'm.py#make -> m.py#Base.__init__', 'm.py#make -> m.py#Base.greet'],
  },
  {
    lang: 'python', category: 'decorators',
    files: {
      'm.py': 'def logged(fn):\n    def wrapper(*args):\n        return fn(*args)\n    return wrapper\n\n@logged\ndef work():\n    pass\n\ndef main():\n    work()\n',
    },
    edges: ['m.py# -> m.py#logged', 'm.py#main -> m.py#work'],
  },
  {
    lang: 'python', category: 'lambdas',
    files: { 'm.py': 'square = lambda x: x * x\n\ndef run():\n    return square(3)\n' },
    edges: ['m.py#run -> m.py#square'],
  },
  {
    lang: 'python', category: 'functions in dicts and lists',
    files: {
      'm.py': 'def a():\n    pass\n\ndef b():\n    pass\n\nHANDLERS = {"a": a, "b": b}\nFUNCS = [a, b]\n\ndef dispatch():\n    HANDLERS["a"]()\n    FUNCS[1]()\n',
    },
    edges: ['m.py#dispatch -> m.py#a', 'm.py#dispatch -> m.py#b'],
  },
  {
    lang: 'python', category: 'returned functions',
    files: { 'm.py': 'def helper():\n    pass\n\ndef make():\n    return helper\n\ndef run():\n    make()()\n' },
    edges: ['m.py#run -> m.py#make', 'm.py#run -> m.py#helper'],
  },
  {
    lang: 'python', category: 'generators',
    files: { 'm.py': 'def step():\n    return 1\n\ndef gen():\n    yield step()\n\ndef run():\n    for x in gen():\n        pass\n' },
    edges: ['m.py#gen -> m.py#step', 'm.py#run -> m.py#gen'],
  },
  {
    lang: 'python', category: 'keyword arguments',
    files: { 'm.py': 'def f(a, b=1):\n    pass\n\ndef g():\n    return 2\n\ndef run():\n    f(a=1, b=g())\n' },
    edges: ['m.py#run -> m.py#f', 'm.py#run -> m.py#g'],
  },
  {
    lang: 'python', category: 'module-level code',
    files: { 'm.py': 'def setup():\n    pass\n\nsetup()\n\nif __name__ == "__main__":\n    setup()\n' },
    edges: ['m.py# -> m.py#setup'],
  },
  // ------------------------------------------------------------ JavaScript
  {
    lang: 'javascript', category: 'direct calls',
    files: { 'm.js': 'function a() { b(); console.log(1) }\nfunction b() { c() }\nfunction c() {}\n' },
    edges: ['m.js#a -> m.js#b', 'm.js#b -> m.js#c'],
  },
  {
    lang: 'javascript', category: 'imports',
    files: {
      'util.js': 'export function helper() {}\nexport default function main() {}\n',
      'cjs.js': 'function legacy() {}\nmodule.exports = { legacy }\n',
      'app.js': "import main, { helper } from './util.js'\nimport * as u from './util.js'\nconst { legacy } = require('./cjs.js')\nexport function run() { helper(); u.helper(); main(); legacy() }\n",
    },
    edges: ['app.js#run -> util.js#helper', 'app.js#run -> util.js#main', 'app.js#run -> cjs.js#legacy'],
  },
  {
    lang: 'javascript', category: 'classes and inheritance',
    files: {
      'm.js': "class Base {\n  greet() { return this.name() }\n  name() { return 'b' }\n}\nclass Child extends Base {\n  name() { return super.name() + 'c' }\n}\nfunction make() {\n  const c = new Child()\n  c.greet()\n  return c\n}\n",
    },
    edges: ['m.js#Base.greet -> m.js#Base.name', 'm.js#Child.name -> m.js#Base.name', 'm.js#make -> m.js#Child', 'm.js#make -> m.js#Base.greet'],
  },
  {
    lang: 'javascript', category: 'lambdas',
    files: { 'm.js': 'const square = (x) => x * x\nconst cube = function (x) { return x * square(x) }\nfunction run() { return cube(3) }\n' },
    edges: ['m.js#cube -> m.js#square', 'm.js#run -> m.js#cube'],
  },
  {
    lang: 'javascript', category: 'functions in objects and arrays',
    files: { 'm.js': 'function a() {}\nfunction b() {}\nconst handlers = { a, run: b }\nconst list = [a, b]\nfunction dispatch() { handlers.a(); handlers.run(); list[1]() }\n' },
    edges: ['m.js#dispatch -> m.js#a', 'm.js#dispatch -> m.js#b'],
  },
  {
    lang: 'javascript', category: 'returned functions',
    files: { 'm.js': 'function helper() {}\nfunction make() { return helper }\nfunction run() { make()() }\n' },
    edges: ['m.js#run -> m.js#make', 'm.js#run -> m.js#helper'],
  },
  {
    lang: 'javascript', category: 'generators',
    files: { 'm.js': 'function step() { return 1 }\nfunction* gen() { yield step() }\nfunction run() { for (const x of gen()) {} }\n' },
    edges: ['m.js#gen -> m.js#step', 'm.js#run -> m.js#gen'],
  },
  {
    lang: 'javascript', category: 'keyword arguments',
    files: { 'm.js': 'function size() { return 1 }\nfunction draw({ width, height = size() } = {}) {}\nfunction run() { draw({ width: size() }) }\n' },
    edges: ['m.js#draw -> m.js#size', 'm.js#run -> m.js#draw', 'm.js#run -> m.js#size'],
  },
  {
    lang: 'javascript', category: 'module-level code',
    files: { 'm.js': 'function setup() {}\nsetup()\nexport const ready = setup()\n' },
    edges: ['m.js# -> m.js#setup'],
  },
  // ------------------------------------------------------------ TypeScript
  {
    lang: 'typescript', category: 'classes and inheritance',
    files: {
      'shapes.ts': 'export interface Shape { area(): number }\nexport class Square implements Shape {\n  constructor(private side: number) {}\n  area(): number { return this.side * this.side }\n}\n',
      'app.ts': "import { Square, Shape } from './shapes'\nexport function total(shapes: Shape[]): number { return shapes.length }\nexport function run(): number {\n  const s: Square = new Square(2)\n  return s.area() + total([s])\n}\n",
    },
    edges: ['app.ts#run -> shapes.ts#Square', 'app.ts#run -> shapes.ts#Square.constructor', 'app.ts#run -> shapes.ts#Square.area', 'app.ts#run -> app.ts#total'],
  },
  {
    lang: 'typescript', category: 'direct calls',
    files: { 'm.ts': 'function helper(n: number): number { return n }\nfunction twice(n: number): number { return helper(helper(n)) }\nexport function run(): number { return twice(1) + Math.max(1, 2) }\n' },
    edges: ['m.ts#twice -> m.ts#helper', 'm.ts#run -> m.ts#twice'],
  },
  {
    lang: 'typescript', category: 'imports',
    files: {
      'util.ts': 'export function load(): string { return "x" }\nexport default function save(v: string): void {}\n',
      'index.ts': "export { load } from './util'\n",
      'app.ts': "import save from './util'\nimport { load } from './index'\nimport * as u from './util'\nexport function run(): void { save(load()); u.load() }\n",
    },
    edges: ['app.ts#run -> util.ts#save', 'app.ts#run -> util.ts#load'],
  },
  {
    lang: 'typescript', category: 'lambdas',
    files: { 'm.ts': 'const square = (x: number): number => x * x\nconst cube = function (x: number): number { return x * square(x) }\nexport function run(): number { return [1, 2].map((n) => cube(n)).length }\n' },
    edges: ['m.ts#cube -> m.ts#square', 'm.ts#run -> m.ts#cube'],
  },
  {
    lang: 'typescript', category: 'functions in objects and arrays',
    files: { 'm.ts': 'function a(): void {}\nfunction b(): void {}\nconst handlers: Record<string, () => void> = { a, run: b }\nconst list = [a, b]\nexport function dispatch(): void { handlers.a(); list[1]() }\n' },
    edges: ['m.ts#dispatch -> m.ts#a', 'm.ts#dispatch -> m.ts#b'],
  },
  {
    lang: 'typescript', category: 'returned functions',
    files: { 'm.ts': 'function helper(): void {}\nfunction make(): () => void { return helper }\nexport function run(): void { make()() }\n' },
    edges: ['m.ts#run -> m.ts#make', 'm.ts#run -> m.ts#helper'],
  },
  {
    lang: 'typescript', category: 'generators',
    files: { 'm.ts': 'function step(): number { return 1 }\nfunction* gen(): Generator<number> { yield step() }\nasync function* later(): AsyncGenerator<number> { yield step() }\nexport function run(): void { for (const x of gen()) {} later() }\n' },
    edges: ['m.ts#gen -> m.ts#step', 'm.ts#later -> m.ts#step', 'm.ts#run -> m.ts#gen', 'm.ts#run -> m.ts#later'],
  },
  {
    lang: 'typescript', category: 'keyword arguments',
    files: { 'm.ts': 'function size(): number { return 1 }\nfunction draw(opts: { width: number; height?: number }): void {}\nexport function run(): void { draw({ width: size(), height: size() }) }\n' },
    edges: ['m.ts#run -> m.ts#draw', 'm.ts#run -> m.ts#size'],
  },
  {
    lang: 'typescript', category: 'module-level code',
    files: { 'm.ts': 'function setup(): number { return 1 }\nsetup()\nexport const ready: number = setup()\nexport class Config { static value = setup() }\n' },
    edges: ['m.ts# -> m.ts#setup', 'm.ts#Config -> m.ts#setup'],
  },
  {
    lang: 'typescript', category: 'decorators',
    files: {
      'm.ts': 'function logged(target: any, key: string) {}\nclass Service {\n  @logged\n  work(): void {}\n}\nexport function main(): void { new Service().work() }\n',
    },
    edges: ['m.ts#Service -> m.ts#logged', 'm.ts#main -> m.ts#Service', 'm.ts#main -> m.ts#Service.work'],
  },
  // ------------------------------------------------------------------ Rust
  {
    lang: 'rust', category: 'direct calls',
    files: { 'src/lib.rs': 'pub fn a() { b(); println!("x"); }\nfn b() { c() }\nfn c() {}\n' },
    edges: ['src/lib.rs#a -> src/lib.rs#b', 'src/lib.rs#b -> src/lib.rs#c'],
  },
  {
    lang: 'rust', category: 'imports',
    files: {
      'src/lib.rs': 'mod util;\nuse crate::util::helper;\npub fn run() { helper(); util::other(); }\n',
      'src/util.rs': 'pub fn helper() {}\npub fn other() {}\n',
    },
    edges: ['src/lib.rs#run -> src/util.rs#helper', 'src/lib.rs#run -> src/util.rs#other'],
  },
  {
    lang: 'rust', category: 'classes and inheritance',
    files: {
      'src/lib.rs': 'pub trait Area { fn area(&self) -> u32; fn twice(&self) -> u32 { self.area() * 2 } }\npub struct Sq(u32);\nimpl Sq { pub fn new(n: u32) -> Sq { Sq(n) } }\nimpl Area for Sq { fn area(&self) -> u32 { self.0 * self.0 } }\npub fn run() -> u32 { let s = Sq::new(2); let t: Sq = Sq(3); s.area() + t.twice() }\n',
    },
    edges: ['src/lib.rs#Sq.new -> src/lib.rs#Sq', 'src/lib.rs#Area.twice -> src/lib.rs#Area.area', 'src/lib.rs#run -> src/lib.rs#Sq.new', 'src/lib.rs#run -> src/lib.rs#Sq', 'src/lib.rs#run -> src/lib.rs#Sq.area', 'src/lib.rs#run -> src/lib.rs#Area.twice'],
  },
  {
    lang: 'rust', category: 'lambdas',
    files: { 'src/lib.rs': 'fn double(x: u32) -> u32 { x * 2 }\npub fn run() -> u32 { let f = |x: u32| double(x); f(2) }\n' },
    edges: ['src/lib.rs#run -> src/lib.rs#double'],
  },
  {
    lang: 'rust', category: 'functions in structs and arrays',
    files: { 'src/lib.rs': 'fn a() {}\nfn b() {}\nstatic TABLE: [fn(); 2] = [a, b];\npub fn dispatch() { TABLE[1](); let f: fn() = a; f() }\n' },
    edges: ['src/lib.rs#dispatch -> src/lib.rs#b', 'src/lib.rs#dispatch -> src/lib.rs#a'],
  },
  {
    lang: 'rust', category: 'returned functions',
    files: { 'src/lib.rs': 'fn helper() {}\nfn make() -> fn() { helper }\npub fn run() { make()() }\n' },
    edges: ['src/lib.rs#run -> src/lib.rs#make', 'src/lib.rs#run -> src/lib.rs#helper'],
  },
  {
    lang: 'rust', category: 'generators',
    files: { 'src/lib.rs': 'fn step() -> u32 { 1 }\npub struct Count(u32);\nimpl Iterator for Count {\n    type Item = u32;\n    fn next(&mut self) -> Option<u32> { self.0 += step(); Some(self.0) }\n}\npub fn run() -> u32 { let mut c = Count(0); c.next(); (0..3).map(|_| step()).sum() }\n' },
    edges: ['src/lib.rs#Count.next -> src/lib.rs#step', 'src/lib.rs#run -> src/lib.rs#Count', 'src/lib.rs#run -> src/lib.rs#Count.next', 'src/lib.rs#run -> src/lib.rs#step'],
  },
  {
    lang: 'rust', category: 'module-level code',
    files: { 'src/lib.rs': 'const fn base() -> u32 { 2 }\npub const LIMIT: u32 = base() * 2;\nstatic NAMES: [&str; 1] = [name()];\nconst fn name() -> &\'static str { "a" }\n' },
    edges: ['src/lib.rs# -> src/lib.rs#base', 'src/lib.rs# -> src/lib.rs#name'],
  },
]
