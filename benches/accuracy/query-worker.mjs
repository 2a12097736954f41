// Child process of run.mjs: indexes one language folder into a fresh project,
// then asks go_to_definition for each position it is sent, one at a time, and
// reports every answer as it comes. Living in its own process, a query that
// crashes the addon ends only this child; run.mjs records it and goes on.
import { createRequire } from 'node:module'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { languageDir, listFiles } from './corpus.mjs'

const { ImmutableProject } = createRequire(import.meta.url)('../../index.js')
const INDEX_CONCURRENCY = 64

// Every file goes in, as an editor's project would hold them, with many
// updates in flight at once (the API allows overlapping calls).
async function indexAll(project, lang) {
  const root = languageDir(lang)
  const files = listFiles(lang)
  for (let i = 0; i < files.length; i += INDEX_CONCURRENCY) {
    const chunk = files.slice(i, i + INDEX_CONCURRENCY)
    await Promise.all(chunk.map((file) => project.add_or_update_file(file, readFileSync(join(root, file), 'utf8'))))
  }
}

function send(message) {
  return new Promise((resolve) => process.send(message, resolve))
}

// Awaiting each send keeps the answer of a query in the parent's hands before
// the next query runs, so a crash is pinned on the query that caused it.
async function run({ lang, positions }) {
  const project = new ImmutableProject()
  if (typeof project.go_to_definition !== 'function') return send({ type: 'unsupported' })
  const started = process.hrtime.bigint()
  await indexAll(project, lang)
  await send({ type: 'indexed', ms: Number(process.hrtime.bigint() - started) / 1e6 })
  for (const [i, { file, row, column }] of positions.entries()) {
    let got = null
    let error = null
    const asked = process.hrtime.bigint()
    try {
      got = await project.go_to_definition(file, { row, column })
    } catch (e) {
      error = e.message
    }
    await send({ type: 'answer', i, got, error, ms: Number(process.hrtime.bigint() - asked) / 1e6 })
  }
  await project.close()
}

process.once('message', (job) => run(job).then(() => process.disconnect()))
