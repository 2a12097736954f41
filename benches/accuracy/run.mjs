// Scores Skein's go_to_definition against TypeScript's language service (js,
// ts), jedi (py) and hand-checked cases (rs) on the shared corpus. See
// README.md beside this file.
//   node benches/accuracy/run.mjs [--lang js|ts|py|rs|all] [--limit-files N] [--misses FILE]
// Always exits 0 when it could measure: it is a benchmark, not a test.
import { fork } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { LANGS, languageDir, listFiles } from './corpus.mjs'
import { groundTruthTs } from './ground-truth-ts.mjs'
import { groundTruthPy } from './ground-truth-py.mjs'
import { groundTruthRs } from './ground-truth-rs.mjs'

const WORKER = fileURLToPath(new URL('query-worker.mjs', import.meta.url))
const CATEGORIES = ['bare', 'member', 'import', 'type', 'key']
const RS_CATEGORIES = ['local', 'item', 'use', 'path', 'method', 'external']
// Past this many crashes in one language the rest is left unasked: each crash
// costs a fresh child and a re-index.
const MAX_CRASHES = 50

function options() {
  const { values } = parseArgs({
    options: {
      lang: { type: 'string', default: 'all' },
      'limit-files': { type: 'string' },
      misses: { type: 'string' },
    },
  })
  const langs = values.lang === 'all' ? LANGS : [values.lang]
  if (!langs.every((l) => LANGS.includes(l))) throw new Error(`--lang must be one of ${LANGS.join(', ')} or all`)
  const limit = values['limit-files'] === undefined ? Infinity : Number(values['limit-files'])
  return { langs, limit, misses: values.misses }
}

function groundTruth(lang) {
  if (lang === 'rs') return groundTruthRs()
  return lang === 'py' ? groundTruthPy() : groundTruthTs(lang)
}

function readSources(lang) {
  const root = languageDir(lang)
  return new Map(listFiles(lang).map((file) => [file, readFileSync(join(root, file), 'utf8')]))
}

// One child asks for refs[from…]; answers land in `answers` by index. Resolves
// with where it stopped and how it ended.
function runWorker(lang, refs, from, answers) {
  return new Promise((resolve) => {
    const child = fork(WORKER, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    const state = { reached: from, indexMs: null, unsupported: false }
    child.on('message', (m) => {
      if (m.type === 'unsupported') state.unsupported = true
      else if (m.type === 'indexed') state.indexMs = m.ms
      else {
        answers[from + m.i] = m
        state.reached = from + m.i + 1
      }
    })
    child.on('exit', (code, signal) => resolve({ ...state, failure: code === 0 ? null : (signal ?? `exit code ${code}`) }))
    const positions = refs.slice(from).map(({ file, row, column }) => ({ file, row, column }))
    child.send({ lang, positions })
  })
}

// Every ref asked once; a query that kills its child is recorded as a crash
// and the rest is asked again in a fresh child.
async function queryAll(lang, refs) {
  const answers = []
  let indexMs = null
  for (let from = 0, crashes = 0; ; ) {
    const run = await runWorker(lang, refs, from, answers)
    if (run.unsupported) return null
    if (run.indexMs === null) throw new Error(`${lang}: the query child died while indexing (${run.failure})`)
    indexMs ??= run.indexMs
    if (!run.failure) return { answers, indexMs }
    answers[run.reached] = { got: null, crashed: run.failure }
    console.error(`${lang}: the addon crashed (${run.failure}) at ${JSON.stringify(refs[run.reached])}`)
    from = run.reached + 1
    if (from >= refs.length || ++crashes >= MAX_CRASHES) return { answers, indexMs }
  }
}

function compare(a, b) {
  return a.row - b.row || a.column - b.column
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

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : NaN
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
  return { tallies, medianMs: median(latencies) }
}

function total(tallies) {
  const sum = emptyTally()
  for (const t of tallies.values()) for (const k of Object.keys(sum)) sum[k] += t[k]
  return sum
}

function percent(n, d) {
  return d ? `${((100 * n) / d).toFixed(1)}%` : '-'
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
  const queries = await queryAll(lang, refs)
  if (!queries) {
    printGroundTruth(lang, truth)
    return null
  }
  const { tallies, medianMs } = score(lang, refs, queries.answers, sources, misses)
  return { lang, tallies, medianMs, indexMs: queries.indexMs, files: sources.size, tool: truth.tool }
}

async function main() {
  const { langs, limit, misses: missesPath } = options()
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
  if (missesPath) {
    writeFileSync(missesPath, misses.map((m) => JSON.stringify(m)).join('\n') + (misses.length ? '\n' : ''))
    console.log(`\n${misses.length} wrong, missed, rejected or crashed queries -> ${missesPath}`)
  }
}

await main()
