// Shared helpers for the Node tests: the built addon, temp folders, and the
// JS storage providers every suite runs against.
import { createRequire } from 'node:module'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const require = createRequire(import.meta.url)
export const skein = require('../index.js')

/** A fresh temp folder, removed when the test ends. */
export function tempDir(t, prefix = 'skein-test-') {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** A provider over a Map with synchronous methods (no Promises at all). */
export function syncMapProvider(map = new Map()) {
  return {
    map,
    get: (key) => map.get(key),
    set: (key, value) => {
      map.set(key, Buffer.from(value))
    },
    delete: (key) => {
      map.delete(key)
    },
    clear: () => map.clear(),
  }
}

/**
 * An async provider over a Map, optionally with `transaction` and `getMany`.
 * `calls` counts boundary crossings per method.
 */
export function asyncMapProvider({ transaction = false, getMany = false, map = new Map() } = {}) {
  const calls = { get: 0, set: 0, delete: 0, clear: 0, transaction: 0, getMany: 0 }
  const tick = () => new Promise((resolve) => setImmediate(resolve))
  const provider = {
    map,
    calls,
    async get(key) {
      calls.get++
      await tick()
      return map.get(key) ?? null
    },
    async set(key, value) {
      calls.set++
      await tick()
      map.set(key, Buffer.from(value))
    },
    async delete(key) {
      calls.delete++
      await tick()
      map.delete(key)
    },
    async clear() {
      calls.clear++
      map.clear()
    },
  }
  if (transaction) {
    provider.transaction = async (ops) => {
      calls.transaction++
      await tick()
      // validate first, then apply: all or nothing
      for (const op of ops) {
        if (op.type !== 'set' && op.type !== 'delete') throw new Error(`bad op ${op.type}`)
      }
      for (const op of ops) {
        if (op.type === 'set') map.set(op.key, Buffer.from(op.value))
        else map.delete(op.key)
      }
    }
  }
  if (getMany) {
    provider.getMany = async (keys) => {
      calls.getMany++
      await tick()
      return keys.map((key) => map.get(key) ?? null)
    }
  }
  return provider
}

/**
 * Wraps a provider so that write number `failAt` (counting set, delete and
 * transaction calls from now) rejects. `hang` makes every call never settle.
 */
export function faultyProvider(inner) {
  const state = { writes: 0, failAt: -1, hang: false }
  const write = (name) =>
    async (...args) => {
      if (state.hang) return new Promise(() => {})
      const n = state.writes++
      if (n === state.failAt) throw new Error(`injected failure of write ${n}`)
      return inner[name](...args)
    }
  const provider = {
    state,
    get: async (key) => (state.hang ? new Promise(() => {}) : inner.get(key)),
    set: write('set'),
    delete: write('delete'),
    clear: () => inner.clear(),
    failWrite(n) {
      state.writes = 0
      state.failAt = n
    },
    heal() {
      state.failAt = -1
      state.hang = false
    },
  }
  if (inner.transaction) provider.transaction = write('transaction')
  if (inner.getMany) provider.getMany = (keys) => (state.hang ? new Promise(() => {}) : inner.getMany(keys))
  return provider
}

/** Small files in every language, for indexing. */
export const SAMPLE_FILES = {
  'src/util.js': 'export function add(a, b) {\n  return a + b\n}\nconst twice = (x) => add(x, x)\n',
  'src/models.py':
    'class User:\n    """A user."""\n    def __init__(self, name):\n        self.name = name\n\n    def save(self):\n        return self.name\n',
  'src/app.ts': "import { add } from './util'\nexport interface Shape { area(): number }\nexport class Square implements Shape {\n  constructor(private side: number) {}\n  area(): number { return this.side * this.side }\n}\n",
  'src/view.tsx': 'export function View({ title }: { title: string }) {\n  return <h1>{title}</h1>\n}\n',
  'src/lib.rs': 'pub struct Point { x: i32 }\nimpl Point {\n    pub fn new(x: i32) -> Self { Point { x } }\n}\nfn main() { let p = Point::new(1); }\n',
}

/** Everything a project answers about its files, as plain data for deepEqual. */
export async function snapshot(project) {
  const paths = await project.get_file_paths()
  const files = {}
  for (const path of paths) {
    const defs = await project.get_definitions(path)
    files[path] = {
      definitions: defs,
      functions: await project.get_functions_in_file(path),
      graph: await project.get_scope_graph(path),
      sources: await Promise.all(defs.map((d) => project.get_source_code(d, path))),
    }
  }
  return { paths, files }
}
