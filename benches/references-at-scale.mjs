// find_references over a stored index, where a query reads hundreds of
// files: the time of each query against the floor of reading, through the
// same store, the values the query read (one getMany of those keys).
// Each query runs ROUNDS times (default 3; medians reported), each time on
// a freshly opened project (nothing cached), in a child process per store: `sqlite` (built in) and Keyv over @keyv/redis on a
// redis-server started here (skipped when none is installed).
//   npm run build && node benches/references-at-scale.mjs [FOLDER]
//   SCALE=4 QUERIES=8 node benches/references-at-scale.mjs
// Without FOLDER, the shared corpus is copied under SCALE (default 4) folder
// names. The queries are the definitions of the names the most files
// mention: the ones whose references cost the most to find.
// SKEIN_BINDING=<path to an index.js> runs another build of the addon.
import { createRequire } from 'node:module'
import { mkdtempSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { tmpdir } from 'node:os'
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { corpusDir, collectFiles, copiedCorpus } from './corpus.mjs'
import { redisServerPath, startRedisServer } from '../__test__/redis-server.mjs'

const require = createRequire(import.meta.url)
const binding = () => require(process.env.SKEIN_BINDING ? resolve(process.env.SKEIN_BINDING) : '../index.js')
const SCALE = Number(process.env.SCALE ?? 4)
const QUERIES = Number(process.env.QUERIES ?? 8)
const NAMESPACE = 'references-at-scale'
const MIN_SITES = 5
const ROUNDS = Number(process.env.ROUNDS ?? 3)
const median = (values) => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)]
const KINDS = new Set(['function', 'method', 'class', 'struct', 'interface', 'trait', 'type', 'enum'])

/** The store a child opens, and how to let go of it. */
async function openStore(store, { db, url }) {
  const { createStorage } = binding()
  if (store === 'sqlite') return { storage: await createStorage('sqlite', { path: db }), namespace: undefined, close: async () => {} }
  const { default: Keyv } = require('keyv')
  const { default: KeyvRedis } = require('@keyv/redis')
  const storage = new Keyv(new KeyvRedis(url, { throwOnConnectError: true, throwOnErrors: true }), { throwOnErrors: true })
  return { storage, namespace: NAMESPACE, close: () => storage.disconnect() }
}

/** The same store, recording the file values read through it. */
function recording(storage, keys) {
  const fileValue = (key) => key.includes('/file/')
  return {
    get: async (key) => (fileValue(key) && keys.add(key), storage.get(key)),
    getMany: async (many) => (many.filter(fileValue).forEach((key) => keys.add(key)), storage.getMany(many)),
    set: (key, value) => storage.set(key, value),
    delete: (key) => storage.delete(key),
    clear: () => storage.clear(),
  }
}

const since = (start) => Number(process.hrtime.bigint() - start) / 1e6

/** One store, every query: prints a JSON row per query. */
async function child({ store, db, url, queries }) {
  const { ImmutableProject } = binding()
  const { storage, namespace, close } = await openStore(store, { db, url })
  const rows = []
  for (const query of queries) {
    // First the keys the query reads, through a recording wrapper; this
    // also warms the page cache (or Redis) for both timings below.
    const keys = new Set()
    const recorder = await ImmutableProject.open(recording(storage, keys), { namespace })
    const expected = (await recorder.find_references(query.file, query.at)).length
    await recorder.close()
    const times = []
    const floors = []
    let sites
    let bytes
    for (let round = 0; round < ROUNDS; round++) {
      const project = await ImmutableProject.open(storage, { namespace })
      let start = process.hrtime.bigint()
      sites = await project.find_references(query.file, query.at)
      times.push(since(start))
      await project.close()
      if (sites.length !== expected) throw new Error(`${query.name}: ${sites.length} sites, ${expected} through the recorder`)
      start = process.hrtime.bigint()
      const values = await storage.getMany([...keys])
      floors.push(since(start))
      bytes = values.reduce((sum, value) => sum + (value?.length ?? 0), 0)
    }
    const files = new Set(sites.map((s) => s.file_path)).size
    rows.push({ name: query.name, sites: sites.length, files, read: keys.size, mb: bytes / 1e6, floorMs: median(floors), ms: median(times) })
  }
  await close()
  process.stdout.write(JSON.stringify(rows))
}

/**
 * The definitions of the names the most files mention: `count` functions,
 * classes and types declared at the top of a file or in a class, with at
 * least MIN_SITES references each.
 */
async function pickQueries(project, files, count) {
  const mentions = new Map()
  for (const file of files) {
    for (const word of new Set(file.source.match(/[A-Za-z_][A-Za-z0-9_]{3,}/g))) mentions.set(word, (mentions.get(word) ?? 0) + 1)
  }
  const byMentions = [...mentions].sort((a, b) => b[1] - a[1]).map(([word]) => word)
  const declares = (name) => new RegExp(`\\b(def|function|fn|class|struct|trait|interface)\\s+${name}\\b`)
  const queries = []
  for (const name of byMentions) {
    if (queries.length === count) break
    const file = files.find((f) => declares(name).test(f.source))
    if (!file) continue
    const definition = (await project.get_definitions(file.path)).find((d) => d.name === name && KINDS.has(d.symbol_kind))
    if (!definition) continue
    const sites = await project.find_references(file.path, definition.range.start)
    if (sites.length >= MIN_SITES) queries.push({ name, file: file.path, at: definition.range.start })
  }
  return queries
}

async function main() {
  const given = process.argv[2]
  const { base, folder } = given
    ? { base: mkdtempSync(join(tmpdir(), 'skein-refs-')), folder: resolve(given) }
    : copiedCorpus(corpusDir(), SCALE)
  const redis = redisServerPath ? await startRedisServer() : undefined
  try {
    const { ImmutableProject, createStorage } = binding()
    const db = join(base, 'index.db')
    const project = new ImmutableProject(await createStorage('sqlite', { path: db }))
    let start = process.hrtime.bigint()
    const indexed = await project.index_directory(folder)
    console.log(`${folder}: ${indexed.files_indexed} files indexed into sqlite in ${(since(start) / 1000).toFixed(1)} s`)
    if (redis) {
      const { storage, namespace, close } = await openStore('redis', { url: redis.url })
      start = process.hrtime.bigint()
      await new ImmutableProject(storage, { namespace }).index_directory(folder)
      await close()
      console.log(`and into Keyv + Redis in ${(since(start) / 1000).toFixed(1)} s`)
    }
    const files = collectFiles(folder)
    const queries = await pickQueries(project, files, QUERIES)
    await project.close()
    console.log(`\nqueries: ${queries.map((q) => `${q.name} (${q.file}:${q.at.row + 1})`).join(', ')}`)
    console.log(`median of ${ROUNDS} rounds`)
    console.log('\n| store | definition | sites | in files | files read | MB read | floor: read them | find_references | vs floor |')
    console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|')
    for (const store of redis ? ['sqlite', 'redis'] : ['sqlite']) {
      const spec = JSON.stringify({ store, db, url: redis?.url, queries })
      const rows = JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', spec], { encoding: 'utf8', maxBuffer: 1 << 26 }))
      for (const r of rows) {
        const label = store === 'redis' ? 'Keyv + Redis' : store
        console.log(`| ${label} | \`${r.name}\` | ${r.sites} | ${r.files} | ${r.read} | ${r.mb.toFixed(1)} | ${r.floorMs.toFixed(0)} ms | ${r.ms.toFixed(0)} ms | ${(r.ms / r.floorMs).toFixed(2)}× |`)
      }
    }
  } finally {
    redis?.stop()
    rmSync(base, { recursive: true, force: true })
  }
}

if (process.argv[2] === '--child') await child(JSON.parse(process.argv[3]))
else await main()
