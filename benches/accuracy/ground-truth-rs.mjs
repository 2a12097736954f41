// Ground truth for Rust: the hand-checked cases of rust-cases.json (there is no
// Rust oracle here), turned into the references run.mjs scores. A case is
// { file, row, column, name, category, expected: { file, row, column } | "external", note }.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { listFiles } from './corpus.mjs'

const CASES = fileURLToPath(new URL('rust-cases.json', import.meta.url))

// The expected span is the name's start alone: a right answer starts exactly there.
export function groundTruthRs() {
  const files = new Set(listFiles('rs'))
  const refs = JSON.parse(readFileSync(CASES, 'utf8')).map(({ expected, ...ref }) => {
    if (expected === 'external') return { ...ref, external: true }
    const start = { row: expected.row, column: expected.column }
    return { ...ref, expected: [{ file: expected.file, start, end: start }] }
  })
  const stray = refs.flatMap((r) => [r.file, ...(r.expected ?? []).map((e) => e.file)]).filter((f) => !files.has(f))
  if (stray.length) throw new Error(`rust-cases.json names files not in the rs corpus: ${[...new Set(stray)].join(', ')}`)
  return { refs, tool: 'hand-checked cases (rust-cases.json)' }
}
