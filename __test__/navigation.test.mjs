// Navigation through the JS API: go_to_definition, find_references,
// imports, exports and incremental edits, through a JS provider and after
// reopening, so every answer is proven to come back from storage.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { skein, asyncMapProvider } from './helpers.mjs'

const { ImmutableProject } = skein

const FILES = {
  'src/util.ts': [
    'export function helper(x: number): number {',
    '  return x + 1',
    '}',
    'export class Store {',
    '  get(key: string) { return key }',
    '}',
    'function internal() {}',
    'export default internal',
  ].join('\n'),
  'src/index.ts': ["export * from './util.js'", "export { helper as renamed } from './util'"].join('\n'),
  'src/app.ts': [
    "import { helper, Store } from './index'",
    "import { renamed } from './index.js'",
    "import internal from './util'",
    "import { readFile } from 'node:fs'",
    'const store = new Store()',
    "store.get('k')",
    'helper(1) + renamed(2)',
    'internal()',
    'readFile',
  ].join('\n'),
}

async function indexed(storage) {
  const project = new ImmutableProject(storage)
  for (const [path, source] of Object.entries(FILES)) await project.add_or_update_file(path, source)
  return project
}

const at = (row, column) => ({ row, column })
const where = (def) => def && `${def.file_path}:${def.range.start.row}:${def.range.start.column} ${def.name}`

async function checkAnswers(project) {
  assert.equal(where(await project.go_to_definition('src/app.ts', at(6, 0))), 'src/util.ts:0:16 helper')
  assert.equal(where(await project.go_to_definition('src/app.ts', at(6, 13))), 'src/util.ts:0:16 helper')
  assert.equal(where(await project.go_to_definition('src/app.ts', at(4, 19))), 'src/util.ts:3:13 Store')
  assert.equal(where(await project.go_to_definition('src/app.ts', at(5, 6))), 'src/util.ts:4:2 get')
  assert.equal(where(await project.go_to_definition('src/app.ts', at(7, 3))), 'src/util.ts:6:9 internal')
  // Outside the project: null, not the import line.
  assert.equal(await project.go_to_definition('src/app.ts', at(8, 2)), null)
  const refs = await project.find_references('src/util.ts', at(0, 18))
  assert.deepEqual(
    refs.map((r) => `${r.file_path}:${r.range.start.row}:${r.range.start.column} ${r.name}`),
    // `renamed` is `helper` re-exported under another name.
    [
      'src/app.ts:0:9 helper',
      'src/app.ts:1:9 renamed',
      'src/app.ts:6:0 helper',
      'src/app.ts:6:12 renamed',
      'src/index.ts:1:9 helper',
    ],
  )
  for (const ref of refs) {
    assert.equal(ref.kind, 'reference')
    assert.equal(ref.symbol_kind, 'function')
  }
}

describe('navigation', () => {
  it('follows imports, re-exports and members across files, through a JS provider and after reopening', async () => {
    const storage = asyncMapProvider({ transaction: true, getMany: true })
    const project = await indexed(storage)
    await checkAnswers(project)
    const reopened = await ImmutableProject.open(storage)
    await checkAnswers(reopened)
  })

  it('find_references includes the definition when asked, and follows aliases', async () => {
    const project = await indexed()
    const refs = await project.find_references('src/app.ts', at(6, 0), { include_definition: true })
    assert.equal(refs[0].file_path, 'src/util.ts')
    assert.deepEqual(refs[0].range, { start: at(0, 16), end: at(0, 22) })
    const renamed = await project.find_references('src/app.ts', at(6, 13))
    assert.ok(renamed.some((r) => r.name === 'renamed' && r.range.start.row === 6), JSON.stringify(renamed))
  })

  it('get_imports_with_definitions and get_exported_functions', async () => {
    const project = await indexed()
    const imports = await project.get_imports_with_definitions('src/app.ts')
    assert.deepEqual(
      imports.map((i) => [i.local_name, i.import_statement.kind, i.imported_function.symbol_id]),
      [
        ['helper', 'import', 'src/util.ts#helper'],
        ['Store', 'import', 'src/util.ts#Store'],
        ['renamed', 'import', 'src/util.ts#helper'],
        ['internal', 'import', 'src/util.ts#internal'],
      ],
    )
    const exported = await project.get_exported_functions('src/util.ts')
    assert.deepEqual(exported.map((d) => d.name).sort(), ['helper', 'internal'])
    assert.deepEqual(await project.get_imports_with_definitions('nope.ts'), [])
    assert.deepEqual(await project.get_exported_functions('nope.ts'), [])
  })

  it('unknown paths and empty positions give null and []', async () => {
    const project = await indexed()
    assert.equal(await project.go_to_definition('missing.ts', at(0, 0)), null)
    assert.deepEqual(await project.find_references('missing.ts', at(0, 0)), [])
    assert.equal(await project.go_to_definition('src/app.ts', at(100, 0)), null)
  })

  it('update_file_range edits text in UTF-16 positions and keeps navigation right', async () => {
    const storage = asyncMapProvider({ transaction: true })
    const project = new ImmutableProject(storage)
    await project.add_or_update_file('a.js', "const é = '😀'; function first() {}\nfirst()\n")
    // Rename `first` at its definition (é counts 1 UTF-16 unit, the emoji 2).
    const result = await project.update_file_range('a.js', at(0, 25), at(0, 30), 'second')
    assert.equal(result, project)
    await project.update_file_range('a.js', at(1, 0), at(1, 5), 'second')
    assert.deepEqual((await project.get_definitions('a.js')).map((d) => d.name), ['é', 'second'])
    assert.equal(where(await project.go_to_definition('a.js', at(1, 2))), 'a.js:0:25 second')
    // Typing one character at a time after the call's name, as an editor sends it.
    for (const [i, ch] of [...'Xyz'].entries()) await project.update_file_range('a.js', at(1, 6 + i), at(1, 6 + i), ch)
    assert.equal(await project.go_to_definition('a.js', at(1, 2)), null)
    const reopened = await ImmutableProject.open(storage)
    const graph = await reopened.get_scope_graph('a.js')
    assert.deepEqual(
      graph.nodes.filter((n) => n.kind === 'reference').map((n) => n.name),
      ['secondXyz'],
    )
  })

  it('update_file_range rejects bad input with the path and position, and changes nothing', async () => {
    const project = new ImmutableProject()
    await project.add_or_update_file('a.py', 'x = 1\n')
    await assert.rejects(project.update_file_range('a.py', at(5, 0), at(5, 0), 'y'), (err) => {
      assert.match(err.message, /a\.py/)
      assert.match(err.message, /start 5:0 is outside the file/)
      return true
    })
    await assert.rejects(project.update_file_range('a.py', at(0, 3), at(0, 1), 'y'), /old_end 0:1 is before start 0:3/)
    await assert.rejects(project.update_file_range('missing.py', at(0, 0), at(0, 0), 'y'), /missing\.py.*no such file/)
    assert.deepEqual((await project.get_definitions('a.py')).map((d) => d.name), ['x'])
  })

  it('positions must be objects of non-negative integers', async () => {
    const project = await indexed()
    await assert.rejects(project.go_to_definition('src/app.ts', { row: -1, column: 0 }), /row must be a non-negative integer, got -1/)
    await assert.rejects(project.find_references('src/app.ts', { row: 0.5, column: 0 }), /row must be a non-negative integer, got 0\.5/)
    await assert.rejects(project.go_to_definition('src/app.ts', { row: 0 }), /a position has no column/)
    await assert.rejects(project.find_references('src/app.ts', null), /a position must be an object \{ row, column \}/)
    await assert.rejects(project.update_file_range('src/app.ts', { row: 0, column: 0 }, { row: 0, column: -2 }, 'x'), /column must be a non-negative integer, got -2/)
    // Far past the end is a valid position with nothing at it.
    assert.equal(await project.go_to_definition('src/app.ts', at(4e9, 4e9)), null)
    // A column inside a surrogate pair splits a character.
    await project.add_or_update_file('e.js', "'😀'; const y = 1")
    await assert.rejects(project.update_file_range('e.js', at(0, 2), at(0, 2), 'z'), /start 0:2 is outside the file or splits a character/)
  })

  it('a file of hundreds of KB navigates like any other', async () => {
    const project = new ImmutableProject()
    const lines = []
    for (let i = 0; i < 6000; i++) lines.push(`export function f${i}(a) { return f${Math.max(0, i - 1)}(a) }`)
    const source = lines.join('\n')
    assert.ok(source.length > 250_000)
    await project.add_or_update_file('big.js', source)
    await project.add_or_update_file('use.js', "import { f5999 } from './big.js'\nf5999(1)\n")
    assert.equal(where(await project.go_to_definition('use.js', at(1, 0))), 'big.js:5999:16 f5999')
    const refs = await project.find_references('big.js', at(10, 16))
    assert.deepEqual(refs.map((r) => `${r.file_path}:${r.range.start.row}`), ['big.js:11'])
  })
})
