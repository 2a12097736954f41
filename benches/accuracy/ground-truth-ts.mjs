// Ground truth for go-to-definition in JavaScript and TypeScript, from
// TypeScript's own language service: every identifier that is not itself a
// declaration name, with the definitions TypeScript jumps to.
//   node benches/accuracy/ground-truth-ts.mjs [js|ts ...]   (default: js ts)
// Writes ~/.cache/skein-accuracy/<lang>.json; a fresh cache is reused.
import { createRequire } from 'node:module'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { languageDir, listFiles, cacheKey, readCache, cachePath } from './corpus.mjs'

const ts = createRequire(import.meta.url)('typescript')
const SELF = fileURLToPath(import.meta.url)

// One program over the whole folder, as an editor opening it would see it.
// `types: []` keeps whatever @types happen to be installed above the corpus
// out of the answers; the default lib stays in, so globals resolve to lib.d.ts.
const OPTIONS = {
  allowJs: true,
  checkJs: false,
  noEmit: true,
  target: ts.ScriptTarget.ESNext,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  types: [],
}

function createService(root, absFiles) {
  const host = {
    getCompilationSettings: () => OPTIONS,
    getScriptFileNames: () => absFiles,
    getScriptVersion: () => '1',
    getScriptSnapshot: (file) => {
      const text = ts.sys.readFile(file)
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text)
    },
    getCurrentDirectory: () => root,
    getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  }
  return ts.createLanguageService(host, ts.createDocumentRegistry())
}

function isRequireCall(node) {
  return ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require'
}

// `const x = require('m')`, `const { a } = require('m')`, `const y = require('m').y`
function isRequireDeclaration(node) {
  if (!ts.isVariableDeclaration(node) || !node.initializer) return false
  const init = node.initializer
  return isRequireCall(init) || (ts.isPropertyAccessExpression(init) && isRequireCall(init.expression))
}

// `class A extends B` is a value position even though TypeScript models the
// heritage entry as a type node; `implements` and interface `extends` are types.
function isTypeNode(node) {
  if (!ts.isTypeNode(node)) return false
  if (!ts.isExpressionWithTypeArguments(node)) return true
  const clause = node.parent
  return !(clause.token === ts.SyntaxKind.ExtendsKeyword && ts.isClassLike(clause.parent))
}

// Names that declare something here. TypeScript answers most of them with
// themselves, but an overload signature with its implementation and a class
// member with what it overrides; none is a reference. (`new.target` is syntax.)
const DECLARES = [
  ts.isFunctionDeclaration, ts.isFunctionExpression, ts.isMethodSignature, ts.isPropertyDeclaration,
  ts.isPropertySignature, ts.isClassDeclaration, ts.isClassExpression, ts.isInterfaceDeclaration,
  ts.isTypeAliasDeclaration, ts.isEnumDeclaration, ts.isEnumMember, ts.isModuleDeclaration, ts.isParameter,
  ts.isTypeParameterDeclaration, ts.isMetaProperty,
]

function isDeclarationName(node) {
  const parent = node.parent
  if (parent.name !== node) return false
  if (ts.isVariableDeclaration(parent)) return !isRequireDeclaration(parent)
  if (ts.isMethodDeclaration(parent) || ts.isAccessor(parent)) return !ts.isObjectLiteralExpression(parent.parent)
  return DECLARES.some((is) => is(parent))
}

// A key names a property of some other value's type: `{ kind: 1 }` passed to
// a typed parameter, `const { signal } = init`. Only types resolve these.
function isKey(node) {
  const parent = node.parent
  if (ts.isBindingElement(parent)) return parent.propertyName ? parent.propertyName === node : ts.isObjectBindingPattern(parent.parent)
  const objectMember = ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isAccessor(parent)
  return objectMember && parent.name === node && ts.isObjectLiteralExpression(parent.parent)
}

// import > key > member > type > bare: an identifier in `import { A }` is an
// import even in a type-only import, and `ns.T` in a type needs `ns` first.
function categorize(node) {
  let inType = false
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (ts.isImportDeclaration(parent) || ts.isImportEqualsDeclaration(parent) || ts.isExportDeclaration(parent)) return 'import'
    if (isRequireDeclaration(parent) && child === parent.name) return 'import'
    if (isTypeNode(parent)) inType = true
  }
  if (isKey(node)) return 'key'
  const parent = node.parent
  if ((ts.isPropertyAccessExpression(parent) && parent.name === node) || (ts.isQualifiedName(parent) && parent.right === node)) return 'member'
  return inType ? 'type' : 'bare'
}

// The innermost node starting at or spanning `pos`.
function nodeAt(sourceFile, pos) {
  let node = sourceFile
  for (;;) {
    const child = ts.forEachChild(node, (c) => (c.getStart(sourceFile) <= pos && pos < c.end ? c : undefined))
    if (!child) return node
    node = child
  }
}

// Node's module wrapper, not the project, declares `module`, `exports` and
// `require`. TypeScript models them as the file's exports and answers with the
// value assigned to `module.exports`, the first `module` in the file, or the
// whole file; only a real declaration of the name (`var exports = …`) counts.
const COMMONJS_WRAPPER = new Set(['module', 'exports', 'require'])

function declaresName(program, def, name) {
  const sourceFile = program.getSourceFile(def.fileName)
  const node = sourceFile && nodeAt(sourceFile, def.textSpan.start)
  if (!node || !ts.isIdentifier(node) || node.text !== name) return false
  const p = node.parent
  return (ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isFunctionDeclaration(p) || ts.isBindingElement(p)
    || ts.isImportClause(p) || ts.isImportSpecifier(p) || ts.isNamespaceImport(p) || ts.isImportEqualsDeclaration(p)) && p.name === node
}

function isCommonJsWrapper(program, node, defs) {
  return COMMONJS_WRAPPER.has(node.text) && !defs.some((d) => declaresName(program, d, node.text))
}

// The module an import binding comes from: `import … from 'm'`,
// `import x = require('m')`, `const x = require('m')` or `require('m').y`.
function moduleSpecifier(node) {
  for (let n = node; n; n = n.parent) {
    if (ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) return n.moduleSpecifier
    if (ts.isImportEqualsDeclaration(n)) return ts.isExternalModuleReference(n.moduleReference) ? n.moduleReference.expression : undefined
    if (isRequireDeclaration(n)) return (isRequireCall(n.initializer) ? n.initializer : n.initializer.expression).arguments[0]
  }
  return undefined
}

// An import of a package missing from the corpus (no node_modules): TypeScript
// can only point at the local binding, though the definition is in the
// package, outside the project, as it would be with the package installed.
function isPackageImport(program, def) {
  if (def.kind !== ts.ScriptElementKind.alias) return false
  const specifier = moduleSpecifier(nodeAt(program.getSourceFile(def.fileName), def.textSpan.start))
  return specifier !== undefined && ts.isStringLiteral(specifier) && !ts.resolveModuleName(specifier.text, def.fileName, OPTIONS, ts.sys).resolvedModule
}

function isAssignment(node) {
  return ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken
}

// The value a property only passes on: `exports.f = f`, `{ f }`, `{ f: g }`.
function passedValue(program, def) {
  const node = nodeAt(program.getSourceFile(def.fileName), def.textSpan.start)
  if (!ts.isIdentifier(node)) return undefined
  const p = node.parent
  if (ts.isShorthandPropertyAssignment(p)) return p.name
  if (ts.isPropertyAssignment(p)) return p.name === node && ts.isIdentifier(p.initializer) ? p.initializer : undefined
  const assignment = p.parent
  const isAssigned = ts.isPropertyAccessExpression(p) && p.name === node && isAssignment(assignment) && assignment.left === p
  return isAssigned && ts.isIdentifier(assignment.right) ? assignment.right : undefined
}

// TypeScript stops at such a property (an export of a CommonJS module, mostly);
// an engine may rightly go on to the value's declaration: both count.
function withPassedValues(service, program, defs) {
  const out = [...defs]
  for (const def of defs) {
    const value = passedValue(program, def)
    if (!value) continue
    for (const d of service.getDefinitionAtPosition(def.fileName, value.getStart()) ?? []) {
      if (!out.some((o) => o.fileName === d.fileName && o.textSpan.start === d.textSpan.start)) out.push(d)
    }
  }
  return out
}

// The name a function or class expression is stored under: `x = () => …`,
// `static x = () => …`, `{ x: function () {} }`, `exports.x = function () {}`.
function holderName(value) {
  let child = value
  while (ts.isParenthesizedExpression(child.parent)) child = child.parent
  const p = child.parent
  const initialized = ts.isVariableDeclaration(p) || ts.isPropertyDeclaration(p) || ts.isPropertyAssignment(p)
  if (initialized) return p.initializer === child && ts.isIdentifier(p.name) ? p.name : undefined
  return isAssignment(p) && p.right === child && ts.isPropertyAccessExpression(p.left) ? p.left.name : undefined
}

// A name that binds the value of its statement: `var x`, `exports.x =`, `function x`.
function isValueName(node) {
  const p = node.parent
  if (ts.isVariableDeclaration(p) || ts.isFunctionExpression(p) || ts.isClassExpression(p)) return p.name === node
  return ts.isPropertyAccessExpression(p) && p.name === node && isAssignment(p.parent) && p.parent.left === p
}

// The other names `var x = (exports.x = function x() {})` binds to its value,
// outside any function body.
function statementNames(node) {
  let statement = node
  while (!ts.isVariableStatement(statement) && !ts.isExpressionStatement(statement)) {
    statement = statement.parent
    if (ts.isBlock(statement) || ts.isSourceFile(statement)) return []
  }
  const out = []
  const visit = (n) => {
    if (ts.isBlock(n)) return
    if (ts.isIdentifier(n) && n !== node && n.text === node.text && isValueName(n)) out.push(n)
    ts.forEachChild(n, visit)
  }
  visit(statement)
  return out
}

// One value, several names: TypeScript answers with one of them (not always
// the same: the export, the variable or the function's own name; for a call
// of `static create = () => …`, the arrow function), and all count.
function withSameValueNames(program, defs) {
  const out = [...defs]
  for (const def of defs) {
    const sourceFile = program.getSourceFile(def.fileName)
    const node = nodeAt(sourceFile, def.textSpan.start)
    const holder = ts.isFunctionLike(node) || ts.isClassLike(node) ? holderName(node) : undefined
    const names = holder ? [holder] : ts.isIdentifier(node) ? statementNames(node) : []
    for (const name of names) {
      const start = name.getStart(sourceFile)
      const known = out.some((o) => o.fileName === def.fileName && o.textSpan.start === start)
      if (!known) out.push({ ...def, textSpan: { start, length: name.end - start } })
    }
  }
  return out
}

// TypeScript answers a call with the one overload it resolved, but the same
// name anywhere else with every overload and the implementation. A call gets
// them all too: no engine without a type checker can pick the overload.
function withOverloads(program, defs) {
  const out = [...defs]
  const known = (fileName, start) => out.some((d) => d.fileName === fileName && d.textSpan.start === start)
  for (const def of defs) {
    const sourceFile = program.getSourceFile(def.fileName)
    const node = sourceFile && nodeAt(sourceFile, def.textSpan.start)
    if (!node || !ts.isIdentifier(node) || !ts.isFunctionLike(node.parent)) continue
    for (const decl of program.getTypeChecker().getSymbolAtLocation(node)?.declarations ?? []) {
      if (!ts.isFunctionLike(decl) || !decl.name) continue
      const fileName = decl.getSourceFile().fileName
      const start = decl.name.getStart(decl.getSourceFile())
      if (!known(fileName, start)) out.push({ ...def, fileName, textSpan: { start, length: decl.name.end - start } })
    }
  }
  return out
}

function identifiers(sourceFile) {
  const out = []
  const visit = (node) => {
    if (ts.isIdentifier(node)) out.push(node)
    ts.forEachChild(node, visit)
  }
  visit(sourceFile)
  return out
}

function point(sourceFile, pos) {
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(pos)
  return { row: line, column: character }
}

// The reference record for one identifier, or null when it is a declaration
// name or TypeScript knows no definition for it.
function reference(service, program, root, file, sourceFile, node) {
  if (isDeclarationName(node)) return null
  const start = node.getStart(sourceFile)
  const answer = service.getDefinitionAtPosition(join(root, file), start) ?? []
  if (!answer.length) return null
  if (answer.some((d) => d.fileName === sourceFile.fileName && d.textSpan.start === start)) return null
  const ref = { file, ...point(sourceFile, start), name: node.text, category: categorize(node) }
  if (isCommonJsWrapper(program, node, answer)) return { ...ref, external: true }
  const defs = withOverloads(program, withSameValueNames(program, withPassedValues(service, program, answer)))
  const inCorpus = (d) => d.fileName.startsWith(root + '/') && !d.fileName.includes('/node_modules/')
  const inside = defs.filter((d) => inCorpus(d) && !isPackageImport(program, d))
  if (!inside.length) return { ...ref, external: true }
  ref.expected = inside.map((d) => expectedDefinition(program, root, d))
  return ref
}

// A definition that is a whole file (TypeScript names those by their quoted
// path) spans the file from its first character, comments included: going to
// a module opens it, and no place in it is more right than another.
function expectedDefinition(program, root, def) {
  const target = program.getSourceFile(def.fileName)
  const isFile = def.kind === ts.ScriptElementKind.moduleElement && def.name.startsWith('"')
  const [start, end] = isFile ? [0, target.end] : [def.textSpan.start, def.textSpan.start + def.textSpan.length]
  return { file: def.fileName.slice(root.length + 1), start: point(target, start), end: point(target, end), kind: def.kind }
}

function generate(lang, files, key) {
  const root = languageDir(lang)
  const started = Date.now()
  const service = createService(root, files.map((f) => join(root, f)))
  const program = service.getProgram()
  const refs = []
  files.forEach((file, i) => {
    const sourceFile = program.getSourceFile(join(root, file))
    for (const node of identifiers(sourceFile)) {
      const ref = reference(service, program, root, file, sourceFile, node)
      if (ref) refs.push(ref)
    }
    process.stderr.write(`\r${lang}: ${i + 1}/${files.length} files, ${refs.length} references`)
  })
  process.stderr.write('\n')
  const tool = `typescript ${ts.version}`
  return { key, lang, tool, files: files.length, elapsed_ms: Date.now() - started, refs }
}

// The ground truth of `lang` (js or ts), from the cache when it is fresh.
export function groundTruthTs(lang) {
  const files = listFiles(lang)
  const key = cacheKey(lang, files, SELF, ts.version)
  const cached = readCache(lang, key)
  if (cached) return cached
  const data = generate(lang, files, key)
  mkdirSync(dirname(cachePath(lang)), { recursive: true })
  writeFileSync(cachePath(lang), JSON.stringify(data))
  console.error(`${lang}: ${data.refs.length} references in ${(data.elapsed_ms / 1000).toFixed(1)} s -> ${cachePath(lang)}`)
  return data
}

if (process.argv[1] === SELF) {
  const langs = process.argv.slice(2)
  for (const lang of langs.length ? langs : ['js', 'ts']) groundTruthTs(lang)
}
