// Child process of run.mjs: indexes one language folder into a fresh project,
// then asks go_to_definition (method 'definition') or go_to_definition and
// find_references (method 'references') at each position it is sent, one at a
// time, and reports every answer as it comes. Living in its own process, a query that
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
async function run({ lang, method, positions }) {
  const project = new ImmutableProject()
  const needed = method === 'references' ? ['go_to_definition', 'find_references'] : ['go_to_definition']
  if (!needed.every((m) => typeof project[m] === 'function')) return send({ type: 'unsupported' })
  const ask = method === 'references' ? askReferences : askDefinition
  const started = process.hrtime.bigint()
  await indexAll(project, lang)
  await send({ type: 'indexed', ms: Number(process.hrtime.bigint() - started) / 1e6 })
  for (const [i, { file, row, column }] of positions.entries()) await send({ type: 'answer', i, ...(await ask(project, file, { row, column })) })
  await project.close()
}

async function timed(call) {
  const asked = process.hrtime.bigint()
  try {
    const got = await call()
    return { got, error: null, ms: Number(process.hrtime.bigint() - asked) / 1e6 }
  } catch (e) {
    return { got: null, error: e.message, ms: Number(process.hrtime.bigint() - asked) / 1e6 }
  }
}

function askDefinition(project, file, position) {
  return timed(() => project.go_to_definition(file, position))
}

// What the definition at `position` is for Skein (go_to_definition there),
// then its references; `ms` is find_references' alone. Only what the parent
// scores is sent back.
async function askReferences(project, file, position) {
  const def = await timed(() => project.go_to_definition(file, position))
  const refs = await timed(() => project.find_references(file, position))
  const slim = (d) => d && { name: d.name, file_path: d.file_path, range: d.range, symbol_kind: d.symbol_kind }
  return {
    def: slim(def.got),
    got: refs.got && refs.got.map(slim),
    error: def.error ?? refs.error,
    ms: refs.ms,
  }
}

process.once('message', (job) => run(job).then(() => process.disconnect()))
