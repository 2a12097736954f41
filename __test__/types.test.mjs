// index.d.ts must agree with api.md, the JS contract: every ImmutableProject
// method and registry function the addon declares has api.md's parameters
// and return type, and api.md's methods not yet declared are exactly the
// ones later issues deliver.
import { it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const dts = readFileSync(`${root}/index.d.ts`, 'utf8')
const apiPath = ['../shared/api.md', '../../shared/api.md'].map((p) => `${root}/${p}`).find(existsSync)
const api = apiPath ? readFileSync(apiPath, 'utf8') : null

const normalize = (s) => s.replace(/\s+/g, ' ').replace(/Array<string>/g, 'string[]').trim()

function classMethods(text, className) {
  const start = text.indexOf(`class ${className} {`)
  const body = text.slice(start, text.indexOf('\n}', start))
  const methods = new Map()
  for (const m of body.matchAll(/^\s*((?:static )?[a-z_]+)\((.*)\): (.+?);?$/gm)) {
    methods.set(m[1], normalize(`(${m[2]}): ${m[3]}`))
  }
  return methods
}

const LATER = {}
// Methods api.md does not have, added as it welcomes ("Additions are
// welcome"); each is documented in index.d.ts and the docs.
const ADDITIONS = ['get_file_stats']

it('ImmutableProject methods match api.md', { skip: !api && 'api.md not found beside the repo' }, () => {
  const wanted = classMethods(api, 'ImmutableProject')
  const declared = classMethods(dts, 'ImmutableProject')
  assert.ok(wanted.size >= 20, 'parsed api.md')
  for (const [name, signature] of declared) {
    if (ADDITIONS.includes(name)) continue
    assert.ok(wanted.has(name), `index.d.ts declares ${name}, which api.md does not have`)
    // Additions are welcome: trailing optional parameters api.md lacks.
    const withoutAdditions = signature.replace(/(, \w+\?: \w+)+\)/, ')')
    assert.ok(
      signature === wanted.get(name) || withoutAdditions === wanted.get(name),
      `signature of ${name}: ${signature} vs api.md ${wanted.get(name)}`,
    )
  }
  const missing = [...wanted.keys()].filter((name) => !declared.has(name)).sort()
  assert.deepEqual(missing, Object.values(LATER).flat().sort())
  assert.match(dts, /constructor\(storage\?: StorageProvider \| Storage, options\?: ProjectOptions\)/)
})

it('index_directory\'s options and result carry api.md\'s fields', { skip: !api && 'api.md not found beside the repo' }, () => {
  // The top-level fields of `interface Name { … }`, comments left out.
  const fields = (text, name) => {
    const start = text.indexOf(`interface ${name} {`)
    assert.ok(start >= 0, `interface ${name}`)
    const body = text
      .slice(start + name.length + 12, text.indexOf('\n}', start))
      .replace(/\/\*\*[\s\S]*?\*\//g, '')
      .replace(/\{[^{}]*\}/g, '{}')
    return [...body.matchAll(/(?:^|[;\n])\s*([a-z_]+)\??:/g)].map((m) => m[1]).sort()
  }
  assert.deepEqual(fields(api, 'IndexOptions'), ['exclude', 'gitignore', 'include', 'on_progress'])
  // max_file_bytes is an addition (docs/index-directory.md).
  assert.deepEqual(fields(dts, 'IndexOptions'), [...fields(api, 'IndexOptions'), 'max_file_bytes'].sort())
  assert.deepEqual(fields(dts, 'IndexStats'), fields(api, 'IndexStats'))
})

it('registry functions match api.md', { skip: !api && 'api.md not found beside the repo' }, () => {
  assert.match(api, /function createStorage\(name: string, options\?: any\): Promise<Storage>;/)
  assert.match(dts, /export declare function createStorage\(name: string, options\?: any\): Promise<Storage>/)
  assert.match(dts, /export declare function storageProviders\(\): Array<string>/)
  assert.match(dts, /export declare function registerStorageProvider\(name: string, factory: \(options\?: any\) => StorageProvider \| Storage/)
})

it('data shapes carry api.md field names', () => {
  for (const field of ['symbol_kind: SymbolKind', 'file_path: string', 'enclosing_range?: Range', 'symbol_id: string', 'is_exported?: boolean', 'docstring?: string']) {
    assert.ok(dts.includes(field), field)
  }
  for (const kind of ["kind: 'definition'", "kind: 'reference'", "kind: 'import'", "kind: 'scope'"]) assert.ok(dts.includes(kind), kind)
  assert.match(dts, /export interface StorageProvider \{/)
  assert.match(dts, /export type StorageOp =/)
  assert.match(dts, /cache_bytes\?: number/)
  assert.match(dts, /call_graph_bytes\?: number/)
  assert.match(dts, /provider_timeout_ms\?: number/)
  assert.match(dts, /namespace\?: string/)
})
