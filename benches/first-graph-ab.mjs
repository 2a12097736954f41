// The first call graph against indexing, for two builds of the addon in
// one process, alternating fresh corpus projects between them (A B B A ...),
// so both see the same machine minute by minute. Each folder holds a copy
// of index.js, package.json and the built .node file.
//   node benches/first-graph-ab.mjs DIR_A DIR_B [ROUNDS] [CORPUS_DIR]
import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { corpusDir, collectFiles } from './corpus.mjs'

const [dirA, dirB, rounds = '10', corpusArg] = process.argv.slice(2)
if (!dirA || !dirB) {
  console.error('usage: node benches/first-graph-ab.mjs DIR_A DIR_B [ROUNDS] [CORPUS_DIR]')
  process.exit(2)
}
const require = createRequire(import.meta.url)
const builds = { A: require(resolve(dirA, 'index.js')), B: require(resolve(dirB, 'index.js')) }
const corpus = collectFiles(corpusDir(corpusArg))
const ratios = { A: [], B: [] }
for (let i = 0; i < 2 * Number(rounds); i++) {
  const build = i % 4 === 0 || i % 4 === 3 ? 'A' : 'B'
  const project = new builds[build].ImmutableProject()
  let start = performance.now()
  await Promise.all(corpus.map((f) => project.add_or_update_file(f.path, f.source)))
  const indexMs = performance.now() - start
  start = performance.now()
  await project.get_call_graph()
  ratios[build].push((performance.now() - start) / indexMs)
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
console.log('| build | first graph vs indexing (median) | rounds |')
console.log('|---|---:|---|')
for (const build of ['A', 'B']) {
  console.log(`| ${build} | ${median(ratios[build]).toFixed(3)}× | ${ratios[build].map((r) => r.toFixed(2)).join(' ')} |`)
}
