// Indexing the shared corpus through the addon: the built-in memory provider
// against JS providers (a Map, an async object with transaction/getMany) and
// disk, in one run; plus boundary crossings and bytes per file update.
//   npm run build && node benches/index-corpus.mjs [CORPUS_DIR]
// CORPUS_DIR defaults to $SKEIN_CORPUS or ~/.cache/skein-corpus
// (../shared/corpus/fetch.sh). Each time is the best of 3 runs.
import { createRequire } from 'node:module'
import { mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir, availableParallelism } from 'node:os'
import { corpusDir, collectFiles } from './corpus.mjs'

const { ImmutableProject, DiskStorage } = createRequire(import.meta.url)('../index.js')
const corpus = corpusDir(process.argv[2])
const files = collectFiles(corpus)
const totalBytes = files.reduce((n, f) => n + Buffer.byteLength(f.source), 0)
console.log(`corpus ${corpus}: ${files.length} files, ${(totalBytes / 1e6).toFixed(1)} MB, ${availableParallelism()} cores`)

async function indexAll(project, list = files) {
  let next = 0
  const worker = async () => {
    while (next < list.length) {
      const file = list[next++]
      await project.add_or_update_file(file.path, file.source)
    }
  }
  await Promise.all(Array.from({ length: 64 }, worker))
}

async function bestOf(runs, makeStorage) {
  let best = Infinity
  for (let i = 0; i < runs; i++) {
    const { storage, cleanup } = makeStorage()
    const project = new ImmutableProject(storage)
    const start = process.hrtime.bigint()
    await indexAll(project)
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6)
    await project.close()
    cleanup?.()
  }
  return best
}

function mapProvider() {
  const map = new Map()
  return { get: (k) => map.get(k), set: (k, v) => void map.set(k, v), delete: (k) => void map.delete(k), clear: () => map.clear() }
}

function countingProvider({ transaction }) {
  const map = new Map()
  const stats = { calls: 0, bytes: 0 }
  const provider = {
    stats,
    get: async (k) => (stats.calls++, map.get(k)),
    set: async (k, v) => { stats.calls++; stats.bytes += k.length + v.length; map.set(k, v) },
    delete: async (k) => { stats.calls++; map.delete(k) },
    clear: async () => map.clear(),
    getMany: async (keys) => (stats.calls++, keys.map((k) => map.get(k))),
  }
  if (transaction) {
    provider.transaction = async (ops) => {
      stats.calls++
      for (const op of ops) {
        if (op.type === 'set') { stats.bytes += op.key.length + op.value.length; map.set(op.key, op.value) } else map.delete(op.key)
      }
    }
  }
  return provider
}

// warm up: queries compile once per process
await indexAll(new ImmutableProject(), files.slice(0, 20))

const rows = []
const memory = await bestOf(3, () => ({ storage: undefined }))
rows.push(['built-in memory (no JS on the hot path)', memory])
rows.push(['JS Map provider (sync methods)', await bestOf(3, () => ({ storage: mapProvider() }))])
rows.push(['JS async provider with transaction + getMany', await bestOf(3, () => ({ storage: countingProvider({ transaction: true }) }))])
rows.push(['JS async provider, no transaction', await bestOf(3, () => ({ storage: countingProvider({ transaction: false }) }))])
rows.push(['built-in disk', await bestOf(3, () => {
  const dir = mkdtempSync(join(tmpdir(), 'skein-bench-'))
  return { storage: new DiskStorage({ path: dir }), cleanup: () => rmSync(dir, { recursive: true, force: true }) }
})])

console.log('\n| index the corpus | time | vs built-in memory |\n|---|---:|---:|')
for (const [name, ms] of rows) console.log(`| ${name} | ${ms.toFixed(0)} ms | ${(ms / memory).toFixed(2)}× |`)

console.log('\n| per file update (each corpus file changed once) | provider calls | bytes written |\n|---|---:|---:|')
for (const transaction of [true, false]) {
  const provider = countingProvider({ transaction })
  const project = new ImmutableProject(provider)
  await indexAll(project)
  provider.stats.calls = 0
  provider.stats.bytes = 0
  for (const file of files) await project.add_or_update_file(file.path, `${file.source}\n`)
  const label = transaction ? 'JS provider with transaction' : 'JS provider without transaction'
  console.log(`| ${label} | ${(provider.stats.calls / files.length).toFixed(2)} | ${(provider.stats.bytes / files.length / 1e3).toFixed(1)} KB (source ${(totalBytes / files.length / 1e3).toFixed(1)} KB) |`)
}
