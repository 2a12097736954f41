// Query latency from JS on the shared corpus with the built-in memory
// provider: go_to_definition on every reference (up to 20,000, evenly
// sampled) and find_references on 300 definitions, against the floor of a
// JS call that crosses into the addon and back (get_file_paths on a
// one-file project) in the same run.
//   npm run build && node benches/navigation.mjs [CORPUS_DIR]
import { createRequire } from 'node:module'
import { corpusDir, collectFiles } from './corpus.mjs'

const { ImmutableProject } = createRequire(import.meta.url)('../index.js')
const corpus = corpusDir(process.argv[2])
const files = collectFiles(corpus)

const evenly = (items, count) => {
  const step = Math.max(1, Math.floor(items.length / count))
  return items.filter((_, i) => i % step === 0).slice(0, count)
}
const stats = (samples) => {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (p) => sorted[Math.floor((sorted.length - 1) * p)]
  return { count: sorted.length, median: at(0.5), p90: at(0.9), max: sorted.at(-1) }
}
async function timeEach(targets, query) {
  const samples = []
  let counted = 0
  for (const target of targets) {
    const start = process.hrtime.bigint()
    counted += await query(target)
    samples.push(Number(process.hrtime.bigint() - start) / 1e3)
  }
  return { ...stats(samples), counted }
}

const project = new ImmutableProject()
const indexStart = process.hrtime.bigint()
await Promise.all(files.map((f) => project.add_or_update_file(f.path, f.source)))
const indexMs = Number(process.hrtime.bigint() - indexStart) / 1e6

const references = []
const definitions = []
for (const file of files) {
  const graph = await project.get_scope_graph(file.path)
  for (const node of graph.nodes) {
    if (node.kind === 'reference') references.push([file.path, node.range.start])
    if (node.kind === 'definition') definitions.push([file.path, node.range.start])
  }
}

const tiny = new ImmutableProject()
await tiny.add_or_update_file('a.js', 'x')
const floor = await timeEach(evenly(references, 20_000), async () => (await tiny.get_file_paths()).length)
const goTo = await timeEach(evenly(references, 20_000), async ([path, at]) => ((await project.go_to_definition(path, at)) ? 1 : 0))
const refs = await timeEach(evenly(definitions, 300), async ([path, at]) => (await project.find_references(path, at)).length)

console.log(`corpus ${corpus}: ${files.length} files indexed in ${indexMs.toFixed(0)} ms`)
console.log()
console.log('| query (from JS) | count | median | p90 | max | answered |')
console.log('|---|---:|---:|---:|---:|---:|')
const row = (name, s) =>
  console.log(`| ${name} | ${s.count} | ${s.median.toFixed(1)} µs | ${s.p90.toFixed(1)} µs | ${s.max.toFixed(0)} µs | ${s.counted} |`)
row('floor: a call into the addon and back', floor)
row('go_to_definition', goTo)
row('find_references', refs)
console.log()
console.log('(find_references `answered` = references returned in total)')
