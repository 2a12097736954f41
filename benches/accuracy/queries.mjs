// What run.mjs and references.mjs share: the ground truth of a language, its
// sources, and asking the addon in crash-isolated children (query-worker.mjs).
import { fork } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { languageDir, listFiles } from './corpus.mjs'
import { groundTruthTs } from './ground-truth-ts.mjs'
import { groundTruthPy } from './ground-truth-py.mjs'
import { groundTruthRs } from './ground-truth-rs.mjs'

const WORKER = fileURLToPath(new URL('query-worker.mjs', import.meta.url))
// Past this many crashes in one language the rest is left unasked: each crash
// costs a fresh child and a re-index.
export const MAX_CRASHES = 50

export function groundTruth(lang) {
  if (lang === 'rs') return groundTruthRs()
  return lang === 'py' ? groundTruthPy() : groundTruthTs(lang)
}

export function readSources(lang) {
  const root = languageDir(lang)
  return new Map(listFiles(lang).map((file) => [file, readFileSync(join(root, file), 'utf8')]))
}

// One child asks `method` ('definition' or 'references') at positions[from…];
// answers land in `answers` by index. Resolves with where it stopped and how it ended.
function runWorker(lang, method, positions, from, answers) {
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
    const rest = positions.slice(from).map(({ file, row, column }) => ({ file, row, column }))
    child.send({ lang, method, positions: rest })
  })
}

// Every position asked once; a query that kills its child is recorded as a
// crash and the rest is asked again in a fresh child. null when the addon
// lacks the method.
export async function queryAll(lang, method, positions) {
  const answers = []
  let indexMs = null
  for (let from = 0, crashes = 0; ; ) {
    const run = await runWorker(lang, method, positions, from, answers)
    if (run.unsupported) return null
    if (run.indexMs === null) throw new Error(`${lang}: the query child died while indexing (${run.failure})`)
    indexMs ??= run.indexMs
    if (!run.failure) return { answers, indexMs }
    answers[run.reached] = { got: null, crashed: run.failure }
    console.error(`${lang}: the addon crashed (${run.failure}) at ${JSON.stringify(positions[run.reached])}`)
    from = run.reached + 1
    if (from >= positions.length || ++crashes >= MAX_CRASHES) return { answers, indexMs }
  }
}

export function compare(a, b) {
  return a.row - b.row || a.column - b.column
}

// The value at fraction q (0.5: median, 0.9: p90) of the sorted values.
export function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] : NaN
}

export function percent(n, d) {
  return d ? `${((100 * n) / d).toFixed(1)}%` : '-'
}
