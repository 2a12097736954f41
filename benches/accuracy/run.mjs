// Scores Skein's go_to_definition against TypeScript's language service (js,
// ts), jedi (py) and hand-checked cases (rs) on the shared corpus; with --refs,
// find_references against the same ground truth inverted (js, ts, py; see
// references.mjs). See README.md beside this file.
//   node benches/accuracy/run.mjs [--lang js|ts|py|rs|all] [--limit-files N] [--misses FILE] [--refs]
// Always exits 0 when it could measure: it is a benchmark, not a test.
import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { LANGS } from './corpus.mjs'
import { compare, groundTruth, percent, quantile, queryAll, readSources } from './queries.mjs'
import { REFERENCE_LANGS, printReferences, runReferences } from './references.mjs'

const CATEGORIES = ['bare', 'member', 'import', 'type', 'key']
const RS_CATEGORIES = ['local', 'item', 'use', 'path', 'method', 'external']

function options() {
  const { values } = parseArgs({
    options: {
      lang: { type: 'string', default: 'all' },
      'limit-files': { type: 'string' },
      misses: { type: 'string' },
      refs: { type: 'boolean', default: false },
    },
  })
  const allowed = values.refs ? REFERENCE_LANGS : LANGS
  const langs = values.lang === 'all' ? allowed : [values.lang]
  if (values.refs && values.lang === 'rs') throw new Error('--refs: the Rust cases are too sparse to score find_references (see README.md)')
  if (!langs.every((l) => allowed.includes(l))) throw new Error(`--lang must be one of ${allowed.join(', ')} or all`)
  const limit = values['limit-files'] === undefined ? Infinity : Number(values['limit-files'])
  return { langs, limit, misses: values.misses, refs: values.refs }
}

// Skein's Def.range spans the name; TypeScript's textSpan sometimes spans a
// whole `module.exports = …` assignment, so a name inside it counts too.
function matches(expected, got) {
  if (expected.file !== got.file_path) return false
  if (compare(expected.start, got.range.start) === 0) return true
  return compare(expected.start, got.range.start) <= 0 && compare(got.range.end, expected.end) <= 0
}

function verdict(ref, got) {
  if (ref.external) return got === null ? 'silent' : 'wrong'
  if (got === null) return 'missed'
  return ref.expected.some((e) => matches(e, got)) ? 'right' : 'wrong'
}

function emptyTally() {
  return { inProject: 0, external: 0, answered: 0, right: 0, wrong: 0, missed: 0, silent: 0, crashed: 0, notRun: 0, rejected: 0 }
}

function missRecord(lang, ref, answer, outcome, sources) {
  const { file, row, column, name, category } = ref
  const got = answer.got
  const error = answer.error ?? answer.crashed
  return {
    lang, outcome, file, row, column, name, category,
    expected: ref.external ? 'external' : ref.expected,
    got: got && { file_path: got.file_path, range: got.range, name: got.name, symbol_kind: got.symbol_kind },
    ...(error ? { error } : {}),
    line: sources.get(file).split('\n')[row],
  }
}

// Tallies per category; wrong, missed, rejected and crashed queries go to `misses`.
function score(lang, refs, answers, sources, misses) {
  const tallies = new Map((lang === 'rs' ? RS_CATEGORIES : CATEGORIES).map((c) => [c, emptyTally()]))
  const latencies = []
  refs.forEach((ref, i) => {
    const tally = tallies.get(ref.category)
    tally[ref.external ? 'external' : 'inProject']++
    const answer = answers[i]
    if (!answer) return void tally.notRun++
    if (answer.crashed) {
      tally.crashed++
      return void misses.push(missRecord(lang, ref, answer, 'crashed', sources))
    }
    latencies.push(answer.ms)
    if (answer.error) tally.rejected++
    if (answer.got !== null) tally.answered++
    const outcome = verdict(ref, answer.got)
    tally[outcome]++
    if (outcome === 'wrong' || outcome === 'missed' || answer.error) misses.push(missRecord(lang, ref, answer, outcome, sources))
  })
  return { tallies, medianMs: quantile(latencies, 0.5) }
}

function total(tallies) {
  const sum = emptyTally()
  for (const t of tallies.values()) for (const k of Object.keys(sum)) sum[k] += t[k]
  return sum
}

function printTable(results) {
  console.log('\n| lang | category | refs in project | external | answered | right | wrong | missed | crashed | precision | recall |')
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
  for (const { lang, tallies } of results) {
    const rows = [...tallies].filter(([, t]) => t.inProject + t.external > 0)
    for (const [category, t] of [...rows, ['all', total(tallies)]]) {
      const cells = [t.inProject, t.external, t.answered, t.right, t.wrong, t.missed, t.crashed, percent(t.right, t.answered), percent(t.right, t.inProject)]
      console.log(`| ${lang} | ${category} | ${cells.join(' | ')} |`)
    }
  }
  console.log('\n| lang | files | index (ms) | queries | median go_to_definition (ms) | rejected | crashed | not run | ground truth |')
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---|')
  for (const r of results) {
    const t = total(r.tallies)
    const cells = [r.files, r.indexMs.toFixed(0), t.inProject + t.external, r.medianMs.toFixed(3), t.rejected, t.crashed, t.notRun, r.tool]
    console.log(`| ${r.lang} | ${cells.join(' | ')} |`)
  }
}

// Ground truth only, for a build whose addon has no go_to_definition yet.
function printGroundTruth(lang, truth) {
  const counts = new Map()
  for (const ref of truth.refs) {
    const key = `${ref.category} ${ref.external ? 'external' : 'in project'}`
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  console.log(`${lang}: ${truth.refs.length} references (${truth.tool}):`, Object.fromEntries([...counts].sort()))
}

async function runLanguage(lang, limit, misses) {
  const truth = groundTruth(lang)
  const sources = readSources(lang)
  const queried = new Set([...sources.keys()].slice(0, limit))
  const refs = truth.refs.filter((r) => queried.has(r.file))
  console.error(`${lang}: indexing ${sources.size} files, asking ${refs.length} references`)
  const queries = await queryAll(lang, 'definition', refs)
  if (!queries) {
    printGroundTruth(lang, truth)
    return null
  }
  const { tallies, medianMs } = score(lang, refs, queries.answers, sources, misses)
  return { lang, tallies, medianMs, indexMs: queries.indexMs, files: sources.size, tool: truth.tool }
}

function writeMisses(path, misses, what) {
  writeFileSync(path, misses.map((m) => JSON.stringify(m)).join('\n') + (misses.length ? '\n' : ''))
  console.log(`\n${misses.length} ${what} -> ${path}`)
}

async function mainReferences({ langs, limit, misses: missesPath }) {
  const results = []
  const misses = []
  for (const lang of langs) {
    const result = await runReferences(lang, limit, misses)
    if (result) results.push(result)
  }
  if (!results.length) {
    console.log('\nThis build of the addon has no find_references: nothing scored.')
    return
  }
  printReferences(results)
  if (missesPath) writeMisses(missesPath, misses, 'wrong or missed references, definitions Skein does not see, rejected or crashed queries')
}

async function main() {
  const opts = options()
  if (opts.refs) return mainReferences(opts)
  const { langs, limit, misses: missesPath } = opts
  const results = []
  const misses = []
  for (const lang of langs) {
    const result = await runLanguage(lang, limit, misses)
    if (result) results.push(result)
  }
  if (!results.length) {
    console.log('\nThis build of the addon has no go_to_definition: ground truth only, nothing scored.')
    return
  }
  printTable(results)
  if (missesPath) writeMisses(missesPath, misses, 'wrong, missed, rejected or crashed queries')
}

await main()
