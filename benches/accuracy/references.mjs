// find_references scored against the go-to-definition ground truth turned
// around (`run.mjs --refs`, js, ts and py only). See README.md beside this file.
//
// Every in-project definition D an expected answer names gets, as its true
// references, every ground-truth reference whose expected definitions include
// D. Up to PER_LANGUAGE of them, evenly spread, are asked: go_to_definition at
// D (is D a definition for Skein?) and find_references at D.
import { compare, groundTruth, percent, quantile, queryAll, readSources } from './queries.mjs'

export const REFERENCE_LANGS = ['js', 'ts', 'py']
const PER_LANGUAGE = 400
const CATEGORIES = ['bare', 'member', 'import', 'type', 'key']

const keyOf = (file, { row, column }) => `${file}:${row}:${column}`
const point = ({ row, column }) => ({ row, column })

// Definition key → { file, start, end, kind, refs: Map(reference key → reference) }.
// A reference with several acceptable definitions is a true reference of each.
function invert(refs) {
  const defs = new Map()
  for (const ref of refs) {
    if (ref.external) continue
    for (const e of ref.expected) {
      const key = keyOf(e.file, e.start)
      if (!defs.has(key)) defs.set(key, { file: e.file, start: point(e.start), end: point(e.end), kind: e.kind, refs: new Map() })
      defs.get(key).refs.set(keyOf(ref.file, ref), ref)
    }
  }
  return defs
}

// Sorted by file and position, then every k-th (k fractional) so that at most
// `count` are kept, spread over the whole list.
function pickEvenly(defs, count) {
  const sorted = [...defs].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : compare(a.start, b.start)))
  if (sorted.length <= count) return sorted
  return Array.from({ length: count }, (_, i) => sorted[Math.floor((i * sorted.length) / count)])
}

// A returned reference denotes a ground-truth position when it starts there,
// or when the position lies inside its range.
function hits(position, got) {
  if (position.file !== got.file_path) return false
  const { start, end } = got.range
  return compare(position, start) === 0 || (compare(start, position) <= 0 && compare(position, end) < 0)
}

// file → every ground-truth reference of that file, external ones included.
function byFile(refs) {
  const out = new Map()
  for (const ref of refs) {
    if (!out.has(ref.file)) out.set(ref.file, [])
    out.get(ref.file).push(ref)
  }
  return out
}

function lineOf(sources, file, row) {
  return sources.get(file)?.split('\n')[row]
}

function nameAt(sources, def) {
  const line = lineOf(sources, def.file, def.start.row) ?? ''
  const word = /^[\p{L}\p{N}_$]+/u.exec(line.slice(def.start.column))
  return word ? word[0] : [...def.refs.values()][0].name
}

function definitionRecord(def, sources) {
  const { file, start, kind } = def
  return { file, row: start.row, column: start.column, name: def.name, kind, true_refs: def.refs.size, line: lineOf(sources, file, start.row) }
}

// Why a returned reference that is not a true reference of `def` is wrong.
function wrongReason(def, got, truthByFile) {
  if (got.file_path === def.file && compare(got.range.start, def.start) === 0) return { reason: 'the definition itself', truth: null }
  const there = (truthByFile.get(got.file_path) ?? []).find((ref) => hits(ref, got))
  if (!there) return { reason: 'not in ground truth', truth: null }
  if (there.external) return { reason: 'ground truth: external', truth: 'external' }
  return { reason: 'ground truth: another definition', truth: there.expected }
}

function emptyTally() {
  return {
    definitions: 0, asked: 0, notDefinition: 0, rejected: 0, crashed: 0, notRun: 0, scored: 0,
    trueRefs: 0, found: 0, returned: 0, right: 0, wrongElsewhere: 0, wrongUnjudged: 0, exact: 0,
    missedGotoAgrees: 0, missedOtherExpected: 0, wrongGotoAgrees: 0,
  }
}

function add(map, key, field, n = 1) {
  if (!map.has(key)) map.set(key, {})
  const entry = map.get(key)
  entry[field] = (entry[field] ?? 0) + n
}

// Scores one definition's answer into the tallies; misses gets what is wrong.
function scoreDefinition(lang, def, answer, ctx) {
  const { tally, kinds, categories, latencies, misses, sources, truthByFile } = ctx
  const definition = definitionRecord(def, sources)
  add(kinds, def.kind, 'asked')
  if (!answer) return void tally.notRun++
  if (answer.crashed || answer.error) {
    tally[answer.crashed ? 'crashed' : 'rejected']++
    return void misses.push({ lang, outcome: answer.crashed ? 'crashed' : 'rejected', definition, error: answer.crashed ?? answer.error })
  }
  const seen = answer.def
  if (!seen || seen.file_path !== def.file || compare(seen.range.start, def.start) !== 0) {
    tally.notDefinition++
    add(kinds, def.kind, 'notDefinition')
    return void misses.push({ lang, outcome: 'not_definition', definition, got: seen, returned: answer.got?.length ?? 0 })
  }
  tally.scored++
  latencies.push(answer.ms)
  const truth = [...def.refs.values()]
  const got = answer.got
  let wrong = 0
  let missed = 0
  tally.returned += got.length
  add(kinds, def.kind, 'scored')
  add(kinds, def.kind, 'returned', got.length)
  for (const g of got) {
    if (truth.some((t) => hits(t, g))) {
      tally.right++
      add(kinds, def.kind, 'right')
      continue
    }
    wrong++
    const { reason, truth: expected } = wrongReason(def, g, truthByFile)
    tally[reason === 'not in ground truth' || reason === 'the definition itself' ? 'wrongUnjudged' : 'wrongElsewhere']++
    const { start, end } = g.range
    misses.push({
      lang, outcome: 'wrong', reason, definition,
      file: g.file_path, row: start.row, column: start.column, end, name: g.name,
      ground_truth: expected, line: lineOf(sources, g.file_path, start.row),
    })
  }
  for (const t of truth) {
    tally.trueRefs++
    add(kinds, def.kind, 'trueRefs')
    add(categories, t.category, 'trueRefs')
    if (got.some((g) => hits(t, g))) {
      tally.found++
      add(kinds, def.kind, 'found')
      add(categories, t.category, 'found')
      continue
    }
    missed++
    const { file, row, column, name, category, expected } = t
    misses.push({ lang, outcome: 'missed', definition, file, row, column, name, category, expected, line: lineOf(sources, file, row) })
  }
  if (!wrong && !missed) tally.exact++
}

// An answer of go_to_definition names an expected definition (as run.mjs
// scores it: same start, or inside the expected span).
function names(expected, got) {
  if (!got || expected.file !== got.file_path) return false
  const { start } = got.range
  return compare(expected.start, start) === 0 || (compare(expected.start, start) <= 0 && compare(got.range.end, expected.end) <= 0)
}

// go_to_definition at every missed or wrong reference, recorded as
// `go_to_definition` and `go_to_definition_is`: 'this definition' (then the
// miss is find_references' alone), 'another expected definition' (a missed
// reference with several acceptable definitions, which Skein resolves to
// another of them), 'something else' or 'nothing'.
async function crossCheck(lang, records, tally) {
  const asked = records.filter((m) => m.outcome === 'missed' || m.outcome === 'wrong')
  if (!asked.length) return
  const queries = await queryAll(lang, 'definition', asked)
  asked.forEach((m, i) => {
    const answer = queries?.answers[i]
    if (!answer || answer.crashed || answer.error) return
    const got = answer.got
    const d = m.definition
    m.go_to_definition = got && { file_path: got.file_path, range: got.range, name: got.name }
    if (!got) m.go_to_definition_is = 'nothing'
    else if (got.file_path === d.file && compare(got.range.start, d) === 0) m.go_to_definition_is = 'this definition'
    else if (m.outcome === 'missed' && m.expected.some((e) => names(e, got))) m.go_to_definition_is = 'another expected definition'
    else m.go_to_definition_is = 'something else'
    if (m.outcome === 'missed' && m.go_to_definition_is === 'this definition') tally.missedGotoAgrees++
    if (m.outcome === 'missed' && m.go_to_definition_is === 'another expected definition') tally.missedOtherExpected++
    if (m.outcome === 'wrong' && m.go_to_definition_is === 'this definition') tally.wrongGotoAgrees++
  })
}

// Asks and scores one language; null when the addon has no find_references.
export async function runReferences(lang, limit, misses) {
  const truth = groundTruth(lang)
  const sources = readSources(lang)
  const queried = new Set([...sources.keys()].slice(0, limit))
  const inverted = [...invert(truth.refs).values()]
  // Definitions in files Skein is not given (werkzeug's .pyi stubs) are left out.
  const unindexed = inverted.filter((d) => !sources.has(d.file)).length
  const all = inverted.filter((d) => d.refs.size > 0 && queried.has(d.file))
  const defs = pickEvenly(all, PER_LANGUAGE)
  for (const def of defs) def.name = nameAt(sources, def)
  const skipped = unindexed ? ` (${unindexed} more in files not indexed, left out)` : ''
  console.error(`${lang}: indexing ${sources.size} files, asking ${defs.length} of ${all.length} definitions${skipped}`)
  const queries = await queryAll(lang, 'references', defs.map((d) => ({ file: d.file, ...d.start })))
  if (!queries) return null
  const ctx = {
    tally: { ...emptyTally(), definitions: all.length, asked: defs.length },
    kinds: new Map(), categories: new Map(), latencies: [], misses, sources, truthByFile: byFile(truth.refs),
  }
  const before = misses.length
  defs.forEach((def, i) => scoreDefinition(lang, def, queries.answers[i], ctx))
  await crossCheck(lang, misses.slice(before), ctx.tally)
  return { lang, ...ctx, indexMs: queries.indexMs, files: sources.size, tool: truth.tool }
}

function ms(values, q) {
  const v = quantile(values, q)
  return Number.isNaN(v) ? '-' : v.toFixed(3)
}

// The scores, then the counts behind them, one row per language and one for
// all of them together (micro-averaged: sums of counts).
function scoreRow(label, t, latencies) {
  const judged = t.right + t.wrongElsewhere
  return [
    label, t.definitions, t.asked, t.notDefinition, t.rejected + t.crashed + t.notRun, t.scored,
    percent(t.right, t.returned), percent(t.right, judged), percent(t.found, t.trueRefs),
    percent(t.found, t.trueRefs - t.missedOtherExpected), t.exact, ms(latencies, 0.5), ms(latencies, 0.9),
  ]
}

function countRow(label, t) {
  return [
    label, t.trueRefs, t.returned, t.right, t.wrongElsewhere, t.wrongUnjudged,
    t.found, t.trueRefs - t.found, t.missedGotoAgrees, t.missedOtherExpected,
  ]
}

function printRows(results, row) {
  const sum = emptyTally()
  for (const r of results) {
    console.log(`| ${row(r.lang, r.tally, r.latencies).join(' | ')} |`)
    for (const k of Object.keys(sum)) sum[k] += r.tally[k]
  }
  if (results.length > 1) console.log(`| ${row('all', sum, results.flatMap((r) => r.latencies)).join(' | ')} |`)
}

export function printReferences(results) {
  console.log('\n| lang | definitions | asked | not a definition for Skein | rejected/crashed | scored | precision | precision (judged) | recall | recall (other expected left out) | exact | median find_references (ms) | p90 (ms) |')
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
  printRows(results, scoreRow)
  console.log('\n| lang | true refs | returned | right | wrong: GT says other | wrong: not in GT | found | missed | missed, go_to_definition finds D | missed, resolved to another expected definition |')
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
  printRows(results, countRow)

  console.log('\n| lang | true reference category | true refs | found | recall |')
  console.log('|---|---|---:|---:|---:|')
  for (const r of results) {
    for (const c of CATEGORIES) {
      const e = r.categories.get(c)
      if (e) console.log(`| ${r.lang} | ${c} | ${e.trueRefs} | ${e.found ?? 0} | ${percent(e.found ?? 0, e.trueRefs)} |`)
    }
  }

  console.log('\n| lang | definition kind | asked | not a definition for Skein | scored | true refs | found | recall | returned | right | precision |')
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
  for (const r of results) {
    for (const [kind, e] of [...r.kinds].sort((a, b) => b[1].asked - a[1].asked)) {
      const [found, trueRefs, right, returned] = [e.found ?? 0, e.trueRefs ?? 0, e.right ?? 0, e.returned ?? 0]
      const cells = [e.asked, e.notDefinition ?? 0, e.scored ?? 0, trueRefs, found, percent(found, trueRefs), returned, right, percent(right, returned)]
      console.log(`| ${r.lang} | ${kind || '(none)'} | ${cells.join(' | ')} |`)
    }
  }

  console.log('\n| lang | files | index (ms) | ground truth |')
  console.log('|---|---:|---:|---|')
  for (const r of results) console.log(`| ${r.lang} | ${r.files} | ${r.indexMs.toFixed(0)} | ${r.tool} |`)
}
