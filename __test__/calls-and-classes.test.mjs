// Calls and class hierarchies through the JS API, through a JS provider
// and after reopening, so call sites and bases are proven to come back
// from storage.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { once } from 'node:events'
import { Worker } from 'node:worker_threads'
import { writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { fileURLToPath } from 'node:url'
import { skein, asyncMapProvider, tempDir } from './helpers.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const { formatCallGraph } = createRequire(import.meta.url)('../call-graph-format.js')

const { ImmutableProject } = skein

const FILES = {
  'app.py': [
    'from util import helper',
    '',
    'class User:',
    '    def save(self):',
    '        return helper(self)',
    '',
    'def run():',
    '    u = User()',
    '    u.save()',
    '    print(u)',
  ].join('\n'),
  'util.py': 'def helper(x):\n    return x\n',
  'main.js': ["import { helper } from './lib.js'", 'function main() {', '  const s = new Shape()', '  return helper(s)', '}', 'class Shape {}'].join('\n'),
  'lib.js': 'export function helper(x) { return x }\n',
}

async function indexed(storage) {
  const project = new ImmutableProject(storage)
  for (const [path, source] of Object.entries(FILES)) await project.add_or_update_file(path, source)
  return project
}

const summary = (calls) =>
  calls.map((c) => [c.caller_def.symbol_id, c.called_def.symbol_id, c.call_location.row, c.call_location.column, c.is_method_call, c.is_constructor_call])

async function callsOf(project, path, symbolId) {
  const def = (await project.get_definitions(path)).find((d) => d.symbol_id === symbolId)
  assert.ok(def, symbolId)
  return summary(await project.get_calls_from_definition(def))
}

describe('get_calls_from_definition', () => {
  it('resolves calls across files, through a JS provider and after reopening', async () => {
    const storage = asyncMapProvider()
    const first = await indexed(storage)
    const reopened = await ImmutableProject.open(storage)
    for (const project of [first, reopened]) {
      assert.deepEqual(await callsOf(project, 'app.py', 'app.py#run'), [
        ['app.py#run', 'app.py#User', 7, 8, false, true],
        ['app.py#run', 'app.py#User.save', 8, 6, true, false],
      ])
      assert.deepEqual(await callsOf(project, 'app.py', 'app.py#User.save'), [
        ['app.py#User.save', 'util.py#helper', 4, 15, false, false],
      ])
      assert.deepEqual(await callsOf(project, 'main.js', 'main.js#main'), [
        ['main.js#main', 'main.js#Shape', 2, 16, false, true],
        ['main.js#main', 'lib.js#helper', 3, 9, false, false],
      ])
      const main = (await project.get_definitions('main.js')).find((d) => d.name === 'main')
      const called = (await project.get_calls_from_definition(main))[1].called_def
      assert.equal(called.file_path, 'lib.js')
      assert.equal(called.kind, 'definition')
    }
  })

  it('follows functions stored in dicts and objects, and returned ones, after reopening', async () => {
    const storage = asyncMapProvider()
    const project = new ImmutableProject(storage)
    await project.add_or_update_file('h.py', 'def a():\n    pass\n\nHANDLERS = {"a": a}\n\ndef make():\n    return a\n\ndef run():\n    HANDLERS["a"]()\n    make()()\n')
    await project.add_or_update_file('h.js', "function a() {}\nconst handlers = { go: a }\nfunction run() { handlers.go() }\n")
    for (const p of [project, await ImmutableProject.open(storage)]) {
      assert.deepEqual(await callsOf(p, 'h.py', 'h.py#run'), [
        ['h.py#run', 'h.py#a', 9, 4, false, false],
        ['h.py#run', 'h.py#make', 10, 4, false, false],
        ['h.py#run', 'h.py#a', 10, 4, false, false],
      ])
      assert.deepEqual(await callsOf(p, 'h.js', 'h.js#run'), [['h.js#run', 'h.js#a', 2, 26, true, false]])
    }
  })

  it('rejects a definition the file does not have, naming it', async () => {
    const project = await indexed(undefined)
    const def = (await project.get_definitions('util.py'))[0]
    await assert.rejects(project.get_calls_from_definition({ ...def, symbol_id: 'util.py#gone' }), /^TypeError: util\.py: no definition 'util\.py#gone' in the file/)
  })
})

describe('class hierarchies', () => {
  const HIERARCHY = {
    'shapes.ts': ['export interface Named { name(): string }', 'export interface Shape extends Named { area(): number }', "export abstract class Base implements Named { name() { return 'b' } }"].join('\n'),
    'impls.ts': ["import { Base, Shape } from './shapes'", 'export class Square extends Base implements Shape { area() { return 1 } }', 'export class Tile extends Square {}'].join('\n'),
  }
  const def = async (project, path, symbolId) => (await project.get_definitions(path)).find((d) => d.symbol_id === symbolId)
  const ids = (defs) => defs.map((d) => d.symbol_id)

  it('answers across files, through a JS provider and after reopening', async () => {
    const storage = asyncMapProvider()
    const first = new ImmutableProject(storage)
    for (const [path, source] of Object.entries(HIERARCHY)) await first.add_or_update_file(path, source)
    const reopened = await ImmutableProject.open(storage)
    for (const project of [first, reopened]) {
      const square = await def(project, 'impls.ts', 'impls.ts#Square')
      const tile = await def(project, 'impls.ts', 'impls.ts#Tile')
      const base = await def(project, 'shapes.ts', 'shapes.ts#Base')
      const named = await def(project, 'shapes.ts', 'shapes.ts#Named')
      const relationship = await project.get_class_relationships(square)
      assert.equal(relationship.parent_class, 'Base')
      assert.equal(relationship.parent_class_def.symbol_id, 'shapes.ts#Base')
      assert.deepEqual(relationship.implemented_interfaces, ['Shape'])
      assert.deepEqual(ids(relationship.interface_defs), ['shapes.ts#Shape'])
      assert.equal(await project.get_class_relationships(await def(project, 'shapes.ts', 'shapes.ts#Base.name')), null)
      assert.deepEqual(ids(await project.get_inheritance_chain(tile)), ['impls.ts#Square', 'shapes.ts#Base', 'shapes.ts#Shape', 'shapes.ts#Named'])
      assert.deepEqual(ids(await project.find_subclasses(base)), ['impls.ts#Square'])
      assert.deepEqual(ids(await project.find_implementations(named)).sort(), ['impls.ts#Square', 'shapes.ts#Base'])
      assert.equal(await project.is_subclass_of(tile, named), true)
      assert.equal(await project.is_subclass_of(base, square), false)
    }
  })
})

describe('get_call_graph', () => {
  it('gives the same graph whatever its memory bounds', async () => {
    const storage = asyncMapProvider()
    const expected = await (await indexed(storage)).get_call_graph()
    for (const options of [{ cache_bytes: 0 }, { call_graph_bytes: 0 }, { cache_bytes: 0, call_graph_bytes: 0 }]) {
      const bounded = await ImmutableProject.open(storage, options)
      assert.deepStrictEqual(await bounded.get_call_graph(), expected, JSON.stringify(options))
    }
  })

  it('gives api.md shapes, the same after reopening, with options applied', async () => {
    const storage = asyncMapProvider()
    const first = await indexed(storage)
    const reopened = await ImmutableProject.open(storage)
    const graphs = [await first.get_call_graph(), await reopened.get_call_graph()]
    for (const graph of graphs) {
      assert.ok(graph.nodes instanceof Map)
      const run = graph.nodes.get('app.py#run')
      assert.equal(run.symbol, 'app.py#run')
      assert.equal(run.definition.file_path, 'app.py')
      assert.deepEqual(
        run.calls.map((c) => [c.symbol, c.kind, c.resolved_definition?.symbol_id]),
        [
          ['app.py#User', 'constructor', 'app.py#User'],
          ['app.py#User.save', 'method', 'app.py#User.save'],
        ],
      )
      assert.deepEqual(graph.nodes.get('util.py#helper').called_by, ['app.py#User.save'])
      assert.deepEqual(graph.nodes.get('lib.js#helper').called_by, ['main.js#main'])
      assert.equal(graph.nodes.get('lib.js#helper').is_exported, true)
      assert.deepEqual(graph.edges.find((e) => e.to === 'main.js#Shape'), {
        from: 'main.js#main',
        to: 'main.js#Shape',
        location: { start: { row: 2, column: 16 }, end: { row: 2, column: 21 } },
        call_type: 'constructor',
      })
      assert.deepEqual(graph.top_level_nodes, ['app.py#', 'app.py#run', 'lib.js#', 'main.js#', 'main.js#main', 'util.py#'])
    }
    assert.deepEqual([...graphs[1].nodes.keys()], [...graphs[0].nodes.keys()])
    assert.deepEqual(graphs[1].edges, graphs[0].edges)

    const external = await first.get_call_graph({ include_external: true })
    assert.ok(external.edges.some((e) => e.from === 'app.py#run' && e.to === 'print'))
    const pythonOnly = await first.get_call_graph({ file_filter: (path) => path.endsWith('.py') })
    assert.deepEqual([...new Set([...pythonOnly.nodes.values()].map((n) => n.definition.file_path))].sort(), ['app.py', 'util.py'])
    assert.ok(pythonOnly.edges.every((e) => e.from.includes('.py#') && e.to.includes('.py#')))
    const shallow = await first.get_call_graph({ max_depth: 0 })
    assert.deepEqual([...shallow.nodes.keys()], shallow.top_level_nodes)
    assert.deepEqual(shallow.edges, [])
  })

  it('follows updates: a changed callee, a new file, a removed one, also in a second project', async () => {
    const storage = asyncMapProvider()
    const project = new ImmutableProject(storage)
    await project.add_or_update_file('app.py', 'from util import helper\n\ndef main():\n    helper()\n')
    await project.add_or_update_file('util.py', 'def helper():\n    pass\n')
    const edges = async (p) => (await p.get_call_graph()).edges.map((e) => `${e.from} -> ${e.to}`)
    assert.deepEqual(await edges(project), ['app.py#main -> util.py#helper'])
    // The resolved calls kept for app.py depend on util.py: renaming there reaches app.py.
    await project.add_or_update_file('util.py', 'def helper2():\n    pass\n')
    assert.deepEqual(await edges(project), [])
    await project.add_or_update_file('app.py', 'from util import helper2\nfrom extra import more\n\ndef main():\n    helper2()\n    more()\n')
    assert.deepEqual(await edges(project), ['app.py#main -> util.py#helper2'])
    await project.add_or_update_file('extra.py', 'def more():\n    pass\n')
    assert.deepEqual(await edges(project), ['app.py#main -> util.py#helper2', 'app.py#main -> extra.py#more'])
    assert.deepEqual(await edges(await ImmutableProject.open(storage)), await edges(project))
    await project.remove_file('extra.py')
    assert.deepEqual(await edges(project), ['app.py#main -> util.py#helper2'])
  })

  it('builds only what changed: later graphs reuse frozen objects and equal a fresh project\'s', async () => {
    const storage = asyncMapProvider()
    const project = new ImmutableProject(storage)
    await project.add_or_update_file('util.py', 'def helper():\n    pass\n\ndef other():\n    helper()\n')
    await project.add_or_update_file('app.py', 'from util import helper\n\ndef main():\n    helper()\n')
    await project.add_or_update_file('lib.js', 'export function f() { return g() }\nfunction g() {}\n')
    const fresh = async (options) => (await ImmutableProject.open(storage)).get_call_graph(options)
    const before = await project.get_call_graph()

    // Nothing changed: the same node and edge objects in a new Map and new arrays.
    const again = await project.get_call_graph()
    assert.notEqual(again.nodes, before.nodes)
    assert.notEqual(again.edges, before.edges)
    assert.notEqual(again.top_level_nodes, before.top_level_nodes)
    const f = before.nodes.get('lib.js#f')
    assert.equal(again.nodes.get('lib.js#f'), f)
    assert.deepEqual(again.edges.map((e, i) => e === before.edges[i]), before.edges.map(() => true))
    // Shared objects are frozen, so what one caller does cannot reach the next graph.
    for (const shared of [f, f.definition, f.definition.range, f.definition.range.start, f.calls, f.calls[0], f.called_by, before.edges[0], before.edges[0].location.end]) {
      assert.ok(Object.isFrozen(shared))
    }
    assert.throws(() => f.calls.push(f.calls[0]), TypeError)
    assert.throws(() => {
      f.definition.name = 'renamed'
    }, TypeError)
    again.nodes.clear()
    again.edges.length = 0
    assert.deepStrictEqual(await project.get_call_graph(), before)

    // util.py's definitions move down a line: its nodes are new, and so is
    // app.py#main, whose call resolves to one of them; lib.js's are kept.
    await project.add_or_update_file('util.py', '# moved\ndef helper():\n    pass\n\ndef other():\n    helper()\n')
    const after = await project.get_call_graph()
    assert.deepStrictEqual(after, await fresh())
    assert.equal(after.nodes.get('lib.js#f'), f)
    assert.notEqual(after.nodes.get('app.py#main'), before.nodes.get('app.py#main'))
    assert.equal(after.nodes.get('util.py#helper').definition.range.start.row, 1)
    assert.equal(after.nodes.get('app.py#main').calls[0].resolved_definition, after.nodes.get('util.py#helper').definition)

    // Options in turn, then the whole graph: each as a fresh project gives it.
    for (const options of [{ file_filter: (path) => path.endsWith('.py') }, { include_external: true }, { max_depth: 0 }, {}]) {
      assert.deepStrictEqual(await project.get_call_graph(options), await fresh(options))
    }
    // A call added, then a file removed: callers and callees follow.
    await project.add_or_update_file('lib.js', 'export function f() { return g() }\nfunction g() { f() }\n')
    assert.deepStrictEqual(await project.get_call_graph(), await fresh())
    await project.remove_file('util.py')
    const removed = await project.get_call_graph()
    assert.deepStrictEqual(removed, await fresh())
    assert.deepEqual(removed.nodes.get('app.py#main').calls, [])
  })

  it('updates its last graph after edits, also where a class body calls (and after a filtered graph)', async () => {
    const storage = asyncMapProvider()
    const project = new ImmutableProject(storage)
    const fresh = async (options) => (await ImmutableProject.open(storage)).get_call_graph(options)
    await project.add_or_update_file('util.py', 'def make():\n    return 1\n\ndef use():\n    make()\n')
    await project.add_or_update_file('model.py', 'from util import make\n\nclass Model:\n    made = make()\n')
    await project.add_or_update_file('view.js', 'function draw() { return 1 }\nclass View {\n  shape = draw()\n}\n')
    // The first graph is kept; later ones update it.
    await project.get_call_graph()
    assert.deepStrictEqual(await project.get_call_graph(), await fresh())
    // Each edit, and whether the class Model calls from its body then.
    const edits = [
      ['util.py', '# moved\ndef make():\n    return 1\n\ndef use():\n    make()\n    make()\n', true],
      ['model.py', 'from util import make\n\nclass Model:\n    made = make()\n    again = make()\n', true],
      ['view.js', 'function draw() { return 1 }\nclass View {\n  shape = 2\n}\n', true],
      ['model.py', 'from util import make\n\nclass Model:\n    pass\n', false],
    ]
    for (const [path, source, modelCalls] of edits) {
      await project.add_or_update_file(path, source)
      const graph = await project.get_call_graph()
      assert.deepStrictEqual(graph, await fresh())
      assert.equal(graph.nodes.has('model.py#Model'), modelCalls)
      // Every caller and callee is a node.
      for (const edge of graph.edges) {
        assert.ok(graph.nodes.has(edge.from), edge.from)
        assert.ok(graph.nodes.has(edge.to), edge.to)
      }
      // A graph cut down by a filter is built apart: the next whole graph
      // still reuses the objects of the last.
      assert.equal((await project.get_call_graph({ file_filter: () => false })).nodes.size, 0)
      const next = await project.get_call_graph()
      assert.deepStrictEqual(next, await fresh())
      assert.equal(next.nodes.get('util.py#make'), graph.nodes.get('util.py#make'))
    }
  })

  it('gives right graphs when graphs asked for around an edit finish in any order', async () => {
    const storage = asyncMapProvider()
    const project = new ImmutableProject(storage)
    const fresh = async () => (await ImmutableProject.open(storage)).get_call_graph()
    await project.add_or_update_file('a.py', 'def f():\n    g()\n\ndef g():\n    pass\n')
    await project.add_or_update_file('b.py', 'from a import f\n\ndef h():\n    f()\n')
    await project.get_call_graph()
    for (let round = 0; round < 6; round++) {
      const before = await fresh()
      // Not awaited in turn: the graphs may be handed to JS in either order.
      const pending = [project.get_call_graph()]
      const edit = project.add_or_update_file('a.py', `${'\n'.repeat(round + 1)}def f():\n    g()\n\ndef g():\n    pass\n`)
      pending.push(edit.then(() => project.get_call_graph()))
      const [first, second] = await Promise.all(pending)
      const after = await fresh()
      assert.ok(isDeepStrictEqual(first, before) || isDeepStrictEqual(first, after), `round ${round}`)
      assert.deepStrictEqual(second, after, `round ${round}`)
      assert.deepStrictEqual(await project.get_call_graph(), after, `round ${round}`)
    }
  })

  it('gives the graph a fresh project gives after each of many small edits, building only what changed', async () => {
    // As tests/call_graph_updates.rs does in Rust, through the objects the
    // JS side keeps: the project updates its last graph and this side
    // rebuilds only the nodes the update names.
    let seed = 7
    const next = (below) => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % below
    }
    const MODULES = 6
    const moduleSource = (m) => {
      const defs = [...new Set(Array.from({ length: 1 + next(3) }, () => next(3)))]
      const calls = Array.from({ length: next(5) }, () => [next(MODULES), next(5) === 0 ? -1 : next(3)])
      const lines = [...new Set(calls.filter(([o]) => o !== m).map(([o]) => `from m${o} import *`))]
      if (next(2) === 0) {
        lines.push(`class C${m}:`, '    def run(self):', `        return f${m}_0()`)
        const [o, f] = calls.at(-1) ?? [m, -1]
        if (f >= 0) lines.push(`    made = f${o}_${f}()`)
      }
      defs.forEach((d, k) => {
        lines.push(`def f${m}_${d}():`)
        const own = calls.filter((_, i) => i % defs.length === k)
        if (own.length === 0) lines.push('    return 1')
        for (const [o, f] of own) lines.push(f < 0 ? `    C${o}()` : `    f${o}_${f}()`)
      })
      if (calls.length > 0 && calls[0][1] >= 0) lines.push(`f${calls[0][0]}_${calls[0][1]}()`)
      return lines.join('\n') + '\n'
    }
    const storage = asyncMapProvider()
    const project = new ImmutableProject(storage)
    for (let m = 0; m < MODULES; m++) await project.add_or_update_file(`m${m}.py`, moduleSource(m))
    let last = await project.get_call_graph()
    let reused = 0
    for (let step = 0; step < 30; step++) {
      const m = next(MODULES)
      await project.add_or_update_file(`m${m}.py`, moduleSource(m))
      const graph = await project.get_call_graph()
      assert.deepStrictEqual(graph, await (await ImmutableProject.open(storage)).get_call_graph(), `step ${step}`)
      for (const [id, node] of graph.nodes) if (last.nodes.get(id) === node) reused++
      last = graph
    }
    assert.ok(reused > 30, `nodes of files no edit reached are reused: ${reused}`)
  })

  it('stays right while symbols come and go by the thousand (the kept objects are dropped and rebuilt)', async () => {
    const storage = asyncMapProvider()
    const project = new ImmutableProject(storage)
    // 3,000 functions renamed each round, each calling the next: old slots
    // pile up until the project starts over.
    const source = (round) =>
      Array.from({ length: 3000 }, (_, i) => `def f${round % 4}_${i}():\n    f${round % 4}_${(i + 1) % 3000}()\n`).join('\n')
    await project.add_or_update_file('stable.py', 'def keep():\n    keep()\n')
    for (let round = 0; round < 7; round++) {
      await project.add_or_update_file('many.py', source(round))
      const graph = await project.get_call_graph()
      assert.equal(graph.nodes.size, 3003)
      assert.deepStrictEqual(graph, await (await ImmutableProject.open(storage)).get_call_graph())
    }
  })

  it('carries any string into JS, a NUL in a path included', async () => {
    const project = new ImmutableProject()
    await project.add_or_update_file('n\u0000x.py', 'def f():\n    g()\n\ndef g():\n    pass\n')
    const graph = await project.get_call_graph()
    assert.deepEqual([...graph.nodes.keys()], ['n\u0000x.py#', 'n\u0000x.py#f', 'n\u0000x.py#g'])
    assert.deepEqual(graph.edges.map((e) => [e.from, e.to]), [['n\u0000x.py#f', 'n\u0000x.py#g']])
    assert.equal(graph.nodes.get('n\u0000x.py#f').calls[0].resolved_definition, graph.nodes.get('n\u0000x.py#g').definition)
  })

  it('builds graphs in worker threads too, each with its own builder', async () => {
    const code = `
      const { parentPort } = require('node:worker_threads')
      const { ImmutableProject } = require(${JSON.stringify(join(root, 'index.js'))})
      ;(async () => {
        const p = new ImmutableProject()
        await p.add_or_update_file('a.py', 'def f():\\n    g()\\n\\ndef g():\\n    pass\\n')
        const counts = []
        for (let i = 0; i < 2; i++) counts.push((await p.get_call_graph()).edges.length)
        parentPort.postMessage(counts)
      })()
    `
    for (let k = 0; k < 2; k++) {
      const worker = new Worker(code, { eval: true })
      // Listened for first: a worker that exits before its message is
      // handled has both delivered in one turn.
      const exited = once(worker, 'exit')
      const [counts] = await once(worker, 'message')
      assert.deepEqual(counts, [1, 1])
      assert.deepEqual(await exited, [0])
    }
    const project = await indexed(undefined)
    assert.ok((await project.get_call_graph()).edges.length > 0)
  })

  it('rejects a bad max_depth and passes on what file_filter throws', async () => {
    const project = await indexed(undefined)
    await assert.rejects(project.get_call_graph({ max_depth: -1 }), /options\.max_depth must be a non-negative integer, got -1/)
    await assert.rejects(project.get_call_graph({ file_filter: 'src' }), /options\.file_filter must be a function/)
    await assert.rejects(
      project.get_call_graph({
        file_filter: () => {
          throw new Error('filter broke')
        },
      }),
      /filter broke/,
    )
  })
})

describe('skein callgraph and formatCallGraph', () => {
  const run = (args) => execFileSync(process.execPath, ['bin/skein.js', 'callgraph', ...args], { cwd: root, encoding: 'utf8' })

  it('prints the graph of a folder as JSON, DOT and Mermaid', (t) => {
    const folder = tempDir(t)
    for (const [path, source] of Object.entries(FILES)) writeFileSync(join(folder, path), source)
    const json = JSON.parse(run([folder]))
    assert.deepEqual(
      json.edges.map((e) => `${e.from} -> ${e.to} ${e.call_type} line ${e.line}`),
      [
        'app.py#User.save -> util.py#helper direct line 5',
        'app.py#run -> app.py#User constructor line 8',
        'app.py#run -> app.py#User.save method line 9',
        'main.js#main -> main.js#Shape constructor line 3',
        'main.js#main -> lib.js#helper direct line 4',
      ],
    )
    assert.deepEqual(json.nodes.find((n) => n.symbol === 'util.py#helper'), {
      symbol: 'util.py#helper', name: 'helper', kind: 'function', file: 'util.py', line: 1, is_exported: true, calls: [], called_by: ['app.py#User.save'],
    })
    const dot = run([folder, '--format', 'dot'])
    assert.match(dot, /^digraph calls \{\n/)
    assert.match(dot, /\n {2}"app\.py#run" -> "app\.py#User\.save" \[label="method"\];\n/)
    assert.match(dot, /\n {2}"util\.py#helper" \[label="helper \(util\.py:1\)"\];\n/)
    const mermaid = run([folder, '--format', 'mermaid']).split('\n')
    assert.equal(mermaid[0], 'flowchart LR')
    const id = (label) => mermaid.find((l) => l.includes(`["${label}"]`)).trim().split('[')[0]
    assert.ok(mermaid.includes(`  ${id('run (app.py:7)')} -->|method| ${id('save (app.py:4)')}`))
    assert.ok(mermaid.includes(`  ${id('save (app.py:4)')} --> ${id('helper (util.py:1)')}`))
  })

  it('refuses an unknown format, on the command line and in the helper', () => {
    assert.throws(() => execFileSync(process.execPath, ['bin/skein.js', 'callgraph', '.', '--format', 'svg'], { cwd: root, stdio: 'pipe' }), (err) => {
      assert.equal(err.status, 2)
      assert.match(err.stderr.toString(), /unknown format 'svg' \(use json, dot, mermaid\)/)
      return true
    })
    assert.throws(() => formatCallGraph({ nodes: new Map(), edges: [], top_level_nodes: [] }, 'svg'), TypeError)
  })

  it('escapes quotes in labels', () => {
    const def = { name: 'say"hi', symbol_kind: 'function', file_path: 'a "b".js', range: { start: { row: 0, column: 0 } } }
    const graph = { nodes: new Map([['x', { symbol: 'x', definition: def, calls: [], called_by: [], is_exported: false }]]), edges: [], top_level_nodes: ['x'] }
    assert.match(formatCallGraph(graph, 'dot'), /\[label="say\\"hi \(a \\"b\\"\.js:1\)"\]/)
    assert.match(formatCallGraph(graph, 'mermaid'), /n0\["say#quot;hi \(a #quot;b#quot;\.js:1\)"\]/)
  })
})
