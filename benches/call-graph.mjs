// Call graph speed against indexing, in one run (issue 4's goals: a full
// get_call_graph within 20% of indexing time; one file updated, then
// get_call_graph, on a 2,000-file project within 50 ms).
//   npm run build && node benches/call-graph.mjs [CORPUS_DIR]
// CACHE_MB sets `cache_bytes` in MiB (default: the project's default).
import { createRequire } from 'node:module'
import { corpusDir, collectFiles } from './corpus.mjs'

const require = createRequire(import.meta.url)
const { ImmutableProject } = require('../index.js')

const ROUNDS = 5
// The first graph's ratio to indexing spreads widely from round to round
// on this VM (0.11× to 0.27× in one process): more rounds for its median.
const FIRST_ROUNDS = 9
const options = process.env.CACHE_MB ? { cache_bytes: Number(process.env.CACHE_MB) << 20 } : undefined
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

async function timed(work) {
  const start = performance.now()
  const value = await work()
  return [performance.now() - start, value]
}

/** A memory project holding `files`, and how long indexing took. */
async function indexed(files) {
  const project = new ImmutableProject(undefined, options)
  const [ms] = await timed(() => Promise.all(files.map((f) => project.add_or_update_file(f.path, f.source))))
  return [project, ms]
}

const corpus = collectFiles(corpusDir(process.argv[2]))
console.log(`corpus: ${corpus.length} files`)

// 1. The whole graph vs indexing the same files: the first graph resolves
// every call; later ones reuse each file's kept calls.
// Each round indexes a fresh project and times its first graph: the ratio
// to that round's indexing, median of the rounds. The last round's project
// is dropped first: a project and graph left alive from the round before
// made the garbage collector's work in this round larger than a real
// process's, where nothing else was indexed.
const rounds = []
let project, graph
for (let i = 0; i < FIRST_ROUNDS; i++) {
  project = graph = undefined
  const [fresh, ms] = await indexed(corpus)
  const [firstMs, g] = await timed(() => fresh.get_call_graph())
  rounds.push({ indexMs: ms, firstMs, ratio: firstMs / ms })
  project = fresh
  graph = g
}
const indexMs = median(rounds.map((r) => r.indexMs))
const firstMs = median(rounds.map((r) => r.firstMs))
const firstRatio = median(rounds.map((r) => r.ratio))
const ratioRange = `${Math.min(...rounds.map((r) => r.ratio)).toFixed(2)}–${Math.max(...rounds.map((r) => r.ratio)).toFixed(2)}`
const againTimes = []
for (let i = 0; i < ROUNDS; i++) {
  const [ms] = await timed(() => project.get_call_graph())
  againTimes.push(ms)
}
// What of that is the trip into JS objects: a graph of no nodes costs the
// same resolution and almost no conversion.
const emptyTimes = []
for (let i = 0; i < ROUNDS; i++) {
  const [ms] = await timed(() => project.get_call_graph({ file_filter: () => false }))
  emptyTimes.push(ms)
}
console.log()
console.log('| measurement | time | vs indexing |')
console.log('|---|---:|---:|')
console.log(`| index the corpus, memory provider (floor, median of ${FIRST_ROUNDS}) | ${indexMs.toFixed(0)} ms | 1.00× |`)
console.log(`| first get_call_graph, whole corpus (median of ${FIRST_ROUNDS} fresh projects) | ${firstMs.toFixed(0)} ms | ${firstRatio.toFixed(2)}× (median of per-round ratios; ${ratioRange}) |`)
console.log(`| get_call_graph again, nothing changed (median of ${ROUNDS}) | ${median(againTimes).toFixed(0)} ms | ${(median(againTimes) / indexMs).toFixed(2)}× |`)
console.log(`| of which without JS objects (\`file_filter: () => false\`) | ${median(emptyTimes).toFixed(0)} ms | ${(median(emptyTimes) / indexMs).toFixed(2)}× |`)
console.log(`\ngraph: ${graph.nodes.size} nodes, ${graph.edges.length} edges, ${graph.top_level_nodes.length} top-level`)

// 2. One file updated, then the graph, on a project of 2,000 files or more.
const copies = Math.ceil(2000 / corpus.length)
const big = []
for (let c = 0; c < copies; c++) for (const f of corpus) big.push({ path: `copy${c}/${f.path}`, source: f.source })
const [bigProject, bigIndexMs] = await indexed(big)
await bigProject.get_call_graph()
const edited = big.find((f) => f.path.endsWith('.py'))
// Two kinds of edit: a comment added (no call changes), and a function
// added and called (a node and an edge more, so every later edge moves).
const edits = {
  comment: (i) => `${edited.source}\n# edit ${i}\n`,
  call: (i) => `${edited.source}\ndef _edit_${i}():\n    return ${i}\n_edit_${i}()\n`,
}
const updateRound = (source) =>
  timed(async () => {
    await bigProject.add_or_update_file(edited.path, source)
    return bigProject.get_call_graph()
  })
// The project kept its first graph (above): from here on, each graph is
// that one updated for the edited file. The first update is timed apart.
const [firstUpdateMs] = await updateRound(edits.call(-1))
const updateTimes = { comment: [], call: [] }
for (let i = 0; i < ROUNDS; i++) {
  for (const kind of ['comment', 'call']) {
    const [ms] = await updateRound(edits[kind](i))
    updateTimes[kind].push(ms)
  }
}
console.log()
console.log(`| ${big.length}-file project | time |`)
console.log('|---|---:|')
console.log(`| index it, memory provider | ${bigIndexMs.toFixed(0)} ms |`)
console.log(`| update one file, then get_call_graph: the first time | ${firstUpdateMs.toFixed(0)} ms |`)
console.log(`| update one file (a comment added), then get_call_graph (median of ${ROUNDS}) | ${median(updateTimes.comment).toFixed(0)} ms |`)
console.log(`| update one file (a function added and called), then get_call_graph (median of ${ROUNDS}) | ${median(updateTimes.call).toFixed(0)} ms |`)
