// Scores get_call_graph against hand-written edges (cases.mjs): edge
// precision and recall per language and category.
//   npm run build && node benches/call-graph-accuracy/run.mjs [--misses]
import { createRequire } from 'node:module'
import { CASES } from './cases.mjs'

const require = createRequire(import.meta.url)
const { ImmutableProject } = require('../../index.js')
const showMisses = process.argv.includes('--misses')

const pct = (n, d) => (d ? `${((100 * n) / d).toFixed(0)}%` : '–')
const rows = new Map()
const total = { right: 0, wrong: 0, missed: 0 }
for (const c of CASES) {
  const project = new ImmutableProject()
  for (const [path, source] of Object.entries(c.files)) await project.add_or_update_file(path, source)
  const graph = await project.get_call_graph()
  const found = new Set(graph.edges.map((e) => `${e.from} -> ${e.to}`))
  const expected = new Set(c.edges)
  const right = [...found].filter((e) => expected.has(e))
  const wrong = [...found].filter((e) => !expected.has(e))
  const missed = [...expected].filter((e) => !found.has(e))
  const key = `${c.lang}|${c.category}`
  const row = rows.get(key) ?? { lang: c.lang, category: c.category, right: 0, wrong: 0, missed: 0 }
  row.right += right.length
  row.wrong += wrong.length
  row.missed += missed.length
  rows.set(key, row)
  total.right += right.length
  total.wrong += wrong.length
  total.missed += missed.length
  if (showMisses) {
    for (const e of wrong) console.log(`wrong  ${c.lang} ${c.category}: ${e}`)
    for (const e of missed) console.log(`missed ${c.lang} ${c.category}: ${e}`)
  }
}
console.log('| language | category | right | wrong | missed | precision | recall |')
console.log('|---|---|---:|---:|---:|---:|---:|')
for (const r of rows.values()) {
  console.log(`| ${r.lang} | ${r.category} | ${r.right} | ${r.wrong} | ${r.missed} | ${pct(r.right, r.right + r.wrong)} | ${pct(r.right, r.right + r.missed)} |`)
}
console.log(`| **all** | ${CASES.length} cases | ${total.right} | ${total.wrong} | ${total.missed} | **${pct(total.right, total.right + total.wrong)}** | **${pct(total.right, total.right + total.missed)}** |`)
