// ImmutableProject as api.md describes it: shapes, unknown paths, errors,
// chaining, overlapping calls, positions.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { skein, SAMPLE_FILES, tempDir } from './helpers.mjs'

const { ImmutableProject, InMemoryStorage } = skein

describe('ImmutableProject', () => {
  it('indexes a file and lists its definitions with api.md shapes', async () => {
    const project = new ImmutableProject()
    await project.add_or_update_file('src/models.py', SAMPLE_FILES['src/models.py'])
    const defs = await project.get_definitions('src/models.py')
    const user = defs.find((d) => d.name === 'User')
    assert.deepEqual(user, {
      id: user.id,
      kind: 'definition',
      name: 'User',
      symbol_kind: 'class',
      file_path: 'src/models.py',
      range: { start: { row: 0, column: 6 }, end: { row: 0, column: 10 } },
      enclosing_range: { start: { row: 0, column: 0 }, end: { row: 6, column: 24 } },
      symbol_id: 'src/models.py#User',
      is_exported: true,
      ...(user.docstring === undefined ? {} : { docstring: 'A user.' }),
    })
    const save = defs.find((d) => d.name === 'save')
    assert.equal(save.symbol_kind, 'method')
    assert.equal(save.symbol_id, 'src/models.py#User.save')
    const functions = await project.get_functions_in_file('src/models.py')
    assert.deepEqual(functions.map((d) => d.name).sort(), ['__init__', 'save'])
  })

  it('returns the declaration text from get_source_code', async () => {
    const project = new ImmutableProject()
    await project.add_or_update_file('util.js', SAMPLE_FILES['src/util.js'])
    const add = (await project.get_definitions('util.js')).find((d) => d.name === 'add')
    assert.equal(await project.get_source_code(add, 'util.js'), 'export function add(a, b) {\n  return a + b\n}'.slice('export '.length))
  })

  it('counts columns in UTF-16 code units', async () => {
    const project = new ImmutableProject()
    const code = "const é = '😀'; function target() {}\n"
    await project.add_or_update_file('u.js', code)
    const target = (await project.get_definitions('u.js')).find((d) => d.name === 'target')
    assert.equal(target.range.start.column, code.indexOf('target'))
    assert.equal(await project.get_source_code(target, 'u.js'), 'function target() {}')
  })

  it('answers unknown paths with empty results, not errors', async () => {
    const project = new ImmutableProject()
    assert.deepEqual(await project.get_definitions('nope.ts'), [])
    assert.deepEqual(await project.get_functions_in_file('nope.ts'), [])
    assert.equal(await project.get_scope_graph('nope.ts'), null)
    assert.equal(await project.remove_file('nope.ts'), project)
    assert.deepEqual(await project.get_file_paths(), [])
  })

  it('rejects unsupported extensions by path, storing nothing', async () => {
    const storage = new InMemoryStorage()
    const project = new ImmutableProject(storage)
    await assert.rejects(project.add_or_update_file('notes.md', '# hi'), (err) => {
      assert.equal(err.message, 'notes.md: unsupported file extension; supported: .js .mjs .cjs .jsx .ts .mts .cts .tsx .py .rs')
      assert.equal(err.code, 'SKEIN_UNSUPPORTED_LANGUAGE')
      assert.equal(err.path, 'notes.md')
      return true
    })
    assert.deepEqual(await project.get_file_paths(), [])
    assert.equal((await storage.getMany(['skein/v7/file/notes.md/a']))[0], null)
  })

  it('resolves mutations to the project itself, so calls chain', async () => {
    const project = new ImmutableProject()
    const same = await (await project.add_or_update_file('a.py', 'x = 1\n')).add_or_update_file('b.py', 'y = 2\n')
    assert.equal(same, project)
    assert.equal(await project.remove_file('a.py'), project)
    assert.deepEqual(await project.get_file_paths(), ['b.py'])
  })

  it('loses nothing when calls overlap', async () => {
    const project = new ImmutableProject()
    const paths = Array.from({ length: 200 }, (_, i) => `pkg/m${i}.py`)
    await Promise.all(paths.map((p, i) => project.add_or_update_file(p, `def f${i}():\n    return ${i}\n`)))
    assert.deepEqual(await project.get_file_paths(), [...paths].sort())
    // overlapping updates of one file end in one of the written versions
    await Promise.all(Array.from({ length: 20 }, (_, i) => project.add_or_update_file('same.py', `v${i} = ${i}\n`)))
    const defs = await project.get_definitions('same.py')
    assert.equal(defs.length, 1)
    assert.match(defs[0].name, /^v\d+$/)
  })

  it('keeps paths exactly as given', async () => {
    const project = new ImmutableProject()
    await project.add_or_update_file('dir\\a.ts', 'export const a = 1\n')
    await project.add_or_update_file('dir/a.ts', 'export const b = 2\n')
    await project.add_or_update_file('dir/a.js', 'export const c = 3\n')
    assert.deepEqual(await project.get_file_paths(), ['dir/a.js', 'dir/a.ts', 'dir\\a.ts'])
    const ids = [
      ...(await project.get_definitions('dir/a.ts')),
      ...(await project.get_definitions('dir/a.js')),
      ...(await project.get_definitions('dir\\a.ts')),
    ].map((d) => d.symbol_id)
    assert.deepEqual(ids, ['dir/a.ts#b', 'dir/a.js#c', 'dir\\a.ts#a'])
  })

  it('replaces a file on update and forgets it on removal', async () => {
    const project = new ImmutableProject()
    await project.add_or_update_file('a.rs', 'fn old() {}\n')
    await project.add_or_update_file('a.rs', 'fn new_one() {}\n')
    assert.deepEqual((await project.get_definitions('a.rs')).map((d) => d.name), ['new_one'])
    await project.remove_file('a.rs')
    assert.deepEqual(await project.get_definitions('a.rs'), [])
  })

  it('builds a scope graph with edges between its nodes', async () => {
    const project = new ImmutableProject()
    await project.add_or_update_file('g.js', 'function f(x) { return x }\nf(1)\n')
    const graph = await project.get_scope_graph('g.js')
    assert.equal(graph.file_path, 'g.js')
    assert.equal(graph.language, 'javascript')
    const ids = new Set(graph.nodes.map((n) => n.id))
    assert.equal(ids.size, graph.nodes.length, 'node ids are unique')
    for (const edge of graph.edges) {
      assert.ok(ids.has(edge.source_id) && ids.has(edge.target_id), JSON.stringify(edge))
    }
    const byId = new Map(graph.nodes.map((n) => [n.id, n]))
    const resolved = graph.edges
      .filter((e) => e.kind === 'ref_to_def')
      .map((e) => [byId.get(e.source_id), byId.get(e.target_id)])
      .map(([r, d]) => `${r.name}@${r.range.start.row} -> ${d.symbol_kind} ${d.symbol_id}`)
    assert.deepEqual(resolved.sort(), ['f@1 -> function g.js#f', 'x@0 -> parameter g.js#f.x'])
    assert.ok(graph.edges.some((e) => e.kind === 'scope_to_scope'))
    assert.ok(graph.edges.some((e) => e.kind === 'def_to_scope'))
  })

  it('lists imports with their modules', async () => {
    const project = new ImmutableProject()
    await project.add_or_update_file('i.ts', "import { add as plus } from './util'\nplus(1, 2)\n")
    const graph = await project.get_scope_graph('i.ts')
    const imports = graph.nodes.filter((n) => n.kind === 'import')
    assert.equal(imports.length, 1)
    assert.equal(imports[0].name, 'plus')
    assert.equal(imports[0].source_name, 'add')
    assert.equal(imports[0].source_module, './util')
    const byId = new Map(graph.nodes.map((n) => [n.id, n]))
    const edge = graph.edges.find((e) => e.kind === 'ref_to_import')
    assert.equal(byId.get(edge.target_id).name, 'plus')
  })

  it('rejects every call after close, and close is idempotent', async () => {
    const project = new ImmutableProject()
    await project.add_or_update_file('a.py', 'x = 1\n')
    await project.close()
    await project.close()
    await assert.rejects(project.get_file_paths(), /project is closed/)
    await assert.rejects(project.add_or_update_file('b.py', ''), /project is closed/)
  })

  it('still indexes what tree-sitter recovers from broken code, and large files', async () => {
    const project = new ImmutableProject()
    await project.add_or_update_file('broken.py', 'def ok():\n    pass\n\ndef broken(:\n')
    assert.ok((await project.get_definitions('broken.py')).some((d) => d.name === 'ok'))
    const big = Array.from({ length: 6000 }, (_, i) => `export function fn${i}(a) { return a + ${i} }`).join('\n')
    assert.ok(big.length > 250_000)
    await project.add_or_update_file('big.js', big)
    const functions = await project.get_functions_in_file('big.js')
    assert.equal(functions.length, 6000)
  })

  it('uses built-in storages natively, with no JS on the hot path', async (t) => {
    const storages = [new InMemoryStorage(), await skein.createStorage('memory'), new skein.DiskStorage({ path: tempDir(t) })]
    for (const storage of storages) {
      for (const method of ['get', 'set', 'delete', 'clear', 'transaction', 'getMany']) {
        storage[method] = () => {
          throw new Error(`JS ${method} was called`)
        }
      }
      const project = new ImmutableProject(storage)
      await project.add_or_update_file('a.py', 'x = 1\n')
      assert.deepEqual(await (await ImmutableProject.open(storage)).get_file_paths(), ['a.py'])
    }
  })

  it('parses off the JS thread: timers keep firing during a long parse', async () => {
    const project = new ImmutableProject()
    const big = Array.from({ length: 40_000 }, (_, i) => `export function f${i}(a, b) { const c = a + b * ${i}; return [c, a, b] }`).join('\n')
    let ticks = 0
    let longestGap = 0
    let last = performance.now()
    const timer = setInterval(() => {
      const now = performance.now()
      longestGap = Math.max(longestGap, now - last)
      last = now
      ticks++
    }, 5)
    const started = performance.now()
    await project.add_or_update_file('huge.js', big)
    const elapsed = performance.now() - started
    clearInterval(timer)
    assert.equal((await project.get_functions_in_file('huge.js')).length, 40_000)
    // The parse takes many timer periods; the JS thread stays free throughout
    // (only the string hand-over and the final conversion run on it).
    assert.ok(elapsed > 50, `parse took ${elapsed} ms`)
    assert.ok(ticks >= 3, `${ticks} timer ticks in ${elapsed.toFixed(0)} ms`)
    assert.ok(longestGap < elapsed * 0.8, `longest gap ${longestGap.toFixed(0)} ms of ${elapsed.toFixed(0)} ms`)
  })

  it('rejects bad options and bad storage arguments clearly', async () => {
    assert.throws(() => new ImmutableProject(42), /storage must be a Storage or a provider object/)
    assert.throws(() => new ImmutableProject({ get() {} }), /storage provider must have a set\(\) method/)
    assert.throws(() => new ImmutableProject(undefined, { provider_timeout_ms: -1 }), /provider_timeout_ms must be a positive number/)
    assert.throws(() => new ImmutableProject(undefined, { cache_bytes: -1 }), /options\.cache_bytes must be a non-negative number, got -1/)
    assert.throws(() => new ImmutableProject(undefined, { call_graph_bytes: NaN }), /options\.call_graph_bytes must be a non-negative number, got NaN/)
    await assert.rejects(ImmutableProject.open({ get() {}, set() {} }), /must have a delete\(\) method/)
  })
})
