// The cross-file navigation fixtures of skein-core
// (crates/skein-core/tests/navigation/<language>/<case>/), run through the
// JS API: every case is indexed through an async JS provider, checked, then
// opened again over the same provider by a second project and checked again.
// Same annotation format as the Rust runner (crates/skein-core/tests/navigation.rs):
//   `^ def: <file>:<line>` / `def: none`, `^ refs: <file>:<line>, …` / `refs: none`,
// with `^` under the name, or `<-` where the comment starts for column 0.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, sep, extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { skein, asyncMapProvider } from './helpers.mjs'

const { ImmutableProject } = skein
const ROOT = fileURLToPath(new URL('../crates/skein-core/tests/navigation/', import.meta.url))
const EXTENSIONS = new Set(['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx', '.py', '.rs'])

function caseFiles(dir) {
  const out = []
  const walk = (folder) => {
    for (const name of readdirSync(folder).sort()) {
      const full = join(folder, name)
      if (statSync(full).isDirectory()) walk(full)
      else if (EXTENSIONS.has(extname(name))) out.push({ path: relative(dir, full).split(sep).join('/'), source: readFileSync(full, 'utf8') })
    }
  }
  walk(dir)
  return out
}

const utf16 = (text) => text.length // JS strings count UTF-16 code units already

/** The annotations of one file: `{ line, at: { row, column }, key, value }`. */
function annotations(path, source) {
  const prefix = path.endsWith('.py') ? '#' : '//'
  const lines = source.split('\n')
  const found = []
  let codeRow = null
  lines.forEach((line, row) => {
    const trimmed = line.trimStart()
    const rest = trimmed.startsWith(prefix) ? trimmed.slice(prefix.length).trimStart() : null
    let column = null
    let text = null
    if (rest?.startsWith('^')) {
      column = utf16(line.slice(0, line.indexOf('^')))
      text = rest.replace(/^\^+/, '').trim()
    } else if (rest?.startsWith('<-')) {
      column = utf16(line.slice(0, line.length - trimmed.length))
      text = rest.slice(2).trim()
    }
    if (column === null) {
      codeRow = row
      return
    }
    const [key, ...value] = text.split(':')
    found.push({ line: row + 1, at: { row: codeRow, column }, key: key.trim(), value: value.join(':').trim() })
  })
  return found
}

async function answer(project, path, { key, at }) {
  if (key === 'def') {
    const def = await project.go_to_definition(path, at)
    return def ? `${def.file_path}:${def.range.start.row + 1}` : 'none'
  }
  if (key === 'refs') {
    const refs = await project.find_references(path, at)
    return refs.length ? refs.map((r) => `${r.file_path}:${r.range.start.row + 1}`).join(', ') : 'none'
  }
  throw new Error(`${path}: unknown assertion ${key}`)
}

async function failures(project, files) {
  const out = []
  let count = 0
  for (const { path, source } of files) {
    for (const a of annotations(path, source)) {
      count++
      const got = await answer(project, path, a)
      if (got !== a.value) out.push(`${path}:${a.line} \`${a.key}: ${a.value}\`: got \`${got}\``)
    }
  }
  return { count, out }
}

for (const language of readdirSync(ROOT).sort()) {
  describe(`navigation fixtures: ${language}`, () => {
    for (const name of readdirSync(join(ROOT, language)).sort()) {
      it(`${name}, through an async JS provider and reopened`, async () => {
        const files = caseFiles(join(ROOT, language, name))
        const storage = asyncMapProvider({ transaction: true, getMany: true })
        const project = new ImmutableProject(storage)
        for (const { path, source } of files) await project.add_or_update_file(path, source)
        const first = await failures(project, files)
        assert.ok(first.count > 0, 'the case has assertions')
        assert.deepEqual(first.out, [])
        const reopened = await ImmutableProject.open(storage)
        assert.deepEqual((await failures(reopened, files)).out, [])
      })
    }
  })
}
