// Memory and stores at scale, through the addon, on the shared corpus and
// on the corpus copied under four folder names (4×):
// - peak RSS of a process that indexes the folder cold; of one that indexes
//   it and then asks every file's definitions and every 20th file's
//   references; and of one that opens the stored index and asks the same:
//   `memory` against `disk`, `sqlite` and Keyv + Redis with the default
//   cache, or `cache_bytes` of CACHE_MB MiB (goal: the persistent stores
//   grow ≤ 1.3× from 1× to 4×);
// - cold `index_directory` through a Keyv over @keyv/redis against the
//   built-in `sqlite` (goal: ≤ 3×), on a redis-server started here;
// - what each store holds once indexed: the `disk` folder's files, the
//   `sqlite` database, the memory Redis reports in use.
// SKEIN_BINDING=<path to an index.js> runs another build of the addon.
// Every measurement is a fresh child process; each number is the median of
// RUNS runs. SCALES (default 1,4) picks how many copies of the corpus to
// measure, STORES (default memory,disk,sqlite,redis) which stores.
//   npm run build && node benches/storage-scale.mjs [CORPUS_DIR]
//   SCALES=1,4,16,32 STORES=sqlite RUNS=1 node benches/storage-scale.mjs
// CORPUS_DIR defaults to $SKEIN_CORPUS or ~/.cache/skein-corpus
// (../shared/corpus/fetch.sh). Needs redis-server on the PATH for the
// Redis rows.
import { createRequire } from 'node:module'
import { rmSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { availableParallelism } from 'node:os'
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { corpusDir, copiedCorpus } from './corpus.mjs'
import { redisServerPath, startRedisServer } from '../__test__/redis-server.mjs'

const require = createRequire(import.meta.url)
const RUNS = Number(process.env.RUNS ?? 3)
const SCALES = (process.env.SCALES ?? '1,4').split(',').map(Number)
const STORES = (process.env.STORES ?? 'memory,disk,sqlite,redis').split(',')

/** One measurement, in this process: prints `{ ms, rss_mb, files }`. */
async function child({ store, folder, phase, url }) {
  const { ImmutableProject, createStorage } = require(process.env.SKEIN_BINDING ? resolve(process.env.SKEIN_BINDING) : '../index.js')
  let storage
  let disconnect = async () => {}
  if (store === 'disk' || store === 'sqlite') storage = await createStorage(store, { path: join(folder, '..', `index-${store}`) })
  if (store === 'redis') {
    const { default: Keyv } = require('keyv')
    const { default: KeyvRedis } = require('@keyv/redis')
    storage = new Keyv(new KeyvRedis(url, { throwOnConnectError: true, throwOnErrors: true }), { throwOnErrors: true })
    disconnect = () => storage.disconnect()
  }
  const options = process.env.CACHE_MB ? { cache_bytes: Number(process.env.CACHE_MB) << 20 } : undefined
  const project = phase === 'open+queries' ? await ImmutableProject.open(storage, options) : new ImmutableProject(storage, options)
  const start = process.hrtime.bigint()
  let files = 0
  if (phase !== 'open+queries') {
    const stats = await project.index_directory(folder)
    if (stats.files_failed.length) throw new Error(`${stats.files_failed.length} files failed`)
    files = stats.files_indexed
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  if (phase !== 'index') {
    const paths = await project.get_file_paths()
    files ||= paths.length
    for (const [i, path] of paths.entries()) {
      const defs = await project.get_definitions(path)
      if (i % 20 === 0 && defs.length) await project.find_references(path, defs[0].range.start)
    }
  }
  await project.close()
  await disconnect()
  process.stdout.write(JSON.stringify({ ms, rss_mb: process.resourceUsage().maxRSS / 1024, files }))
}

function measure(spec) {
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', JSON.stringify(spec)], { encoding: 'utf8' })
  return JSON.parse(out)
}

const median = (values) => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)]

function flushRedis(redis) {
  execFileSync('redis-cli', ['-p', String(redis.port), 'flushall'])
}

function redisUsedBytes(redis) {
  const info = execFileSync('redis-cli', ['-p', String(redis.port), 'info', 'memory'], { encoding: 'utf8' })
  return Number(/^used_memory:(\d+)/m.exec(info)[1])
}

/** Bytes of the files under `path` (a file or a folder). */
function bytesUnder(path) {
  const stat = statSync(path, { throwIfNoEntry: false })
  if (!stat) return 0
  if (!stat.isDirectory()) return stat.size
  return readdirSync(path).reduce((sum, name) => sum + bytesUnder(join(path, name)), 0)
}

async function main() {
  const corpus = corpusDir(process.argv[2])
  console.log(`corpus ${corpus}, ${availableParallelism()} cores, median of ${RUNS} runs, each in a fresh process`)
  const redis = redisServerPath ? await startRedisServer() : undefined
  const rows = []
  try {
    for (const copies of SCALES) {
      const { base, folder } = copiedCorpus(corpus, copies)
      try {
        for (const store of STORES) {
          if (store === 'redis' && !redis) continue
          const phases = store === 'memory' ? ['index', 'index+queries'] : ['index', 'index+queries', 'open+queries']
          const runs = Object.fromEntries(phases.map((phase) => [phase, []]))
          let emptyRedis = 0
          for (let r = 0; r < RUNS; r++) {
            for (const phase of phases) {
              // Cold: a fresh store, except to open what was just indexed.
              if (phase !== 'open+queries') {
                rmSync(join(base, `index-${store}`), { recursive: true, force: true })
                if (store === 'redis') {
                  flushRedis(redis)
                  emptyRedis = redisUsedBytes(redis)
                }
              }
              runs[phase].push(measure({ store, folder, phase, url: redis?.url }))
            }
          }
          // What the last run left: `sqlite` and `disk` write under index-<store>.
          const stored = store === 'memory' ? undefined : store === 'redis' ? redisUsedBytes(redis) - emptyRedis : bytesUnder(join(base, `index-${store}`))
          const rss = (phase) => (runs[phase] ? median(runs[phase].map((m) => m.rss_mb)) : undefined)
          const row = {
            scale: `${copies}×`,
            store,
            files: runs.index[0].files,
            index_ms: median(runs.index.map((m) => m.ms)),
            index_rss_mb: rss('index'),
            queries_rss_mb: rss('index+queries'),
            open_rss_mb: rss('open+queries'),
            stored_mb: stored === undefined ? undefined : stored / 1e6,
            source_mb: bytesUnder(folder) / 1e6,
          }
          rows.push(row)
          console.log(JSON.stringify(row))
        }
      } finally {
        rmSync(base, { recursive: true, force: true })
      }
    }
  } finally {
    redis?.stop()
  }
  report(rows)
}

function report(rows) {
  const get = (scale, store) => rows.find((r) => r.scale === scale && r.store === store)
  const mb = (v) => (v === undefined ? '—' : `${v.toFixed(0)} MB`)
  const cache = process.env.CACHE_MB ? `cache_bytes ${process.env.CACHE_MB} MiB` : 'the default cache'
  console.log(`\nPeak RSS, ${cache}:`)
  console.log('\n| scale | store | files | cold index | peak RSS: cold index | index + queries | open + queries | stored (vs source) |')
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |')
  for (const r of rows) {
    const stored = r.stored_mb === undefined ? '—' : `${mb(r.stored_mb)} (${(r.stored_mb / r.source_mb).toFixed(2)}×)`
    console.log(`| ${r.scale} | ${r.store} | ${r.files} | ${r.index_ms.toFixed(0)} ms | ${mb(r.index_rss_mb)} | ${mb(r.queries_rss_mb)} | ${mb(r.open_rss_mb)} | ${stored} |`)
  }
  const growth = (one, other, key) => (one[key] ? `${(other[key] / one[key]).toFixed(2)}×` : '—')
  for (const scale of SCALES.filter((s) => s !== 1).map((s) => `${s}×`)) {
    console.log(`\nGrowth of peak RSS from 1× to ${scale} (goal for the persistent stores, 1× to 4×: ≤ 1.3×):`)
    for (const store of STORES) {
      const one = get('1×', store)
      const other = get(scale, store)
      if (!one || !other) continue
      console.log(
        `  ${store}: cold index ${growth(one, other, 'index_rss_mb')}, index + queries ${growth(one, other, 'queries_rss_mb')}, open + queries ${growth(one, other, 'open_rss_mb')}`,
      )
    }
  }
  console.log('\nCold index through Keyv + Redis vs sqlite (goal: ≤ 3×):')
  for (const scale of SCALES.map((s) => `${s}×`)) {
    const redis = get(scale, 'redis')
    const sqlite = get(scale, 'sqlite')
    if (redis && sqlite) console.log(`  ${scale}: ${redis.index_ms.toFixed(0)} ms vs ${sqlite.index_ms.toFixed(0)} ms = ${(redis.index_ms / sqlite.index_ms).toFixed(2)}×`)
  }
}

if (process.argv[2] === '--child') await child(JSON.parse(process.argv[3]))
else await main()
