#!/usr/bin/env node
// skein: index a folder and print what was found, or its call graph.
//   skein index <folder> [--storage memory|disk:<path>] [--namespace <ns>]
//   skein callgraph <folder> [--format json|dot|mermaid] [--storage …] [--namespace <ns>]
'use strict'
const fs = require('node:fs')
const path = require('node:path')
const os = require('node:os')
const { ImmutableProject, DiskStorage } = require('../index.js')
const { formatCallGraph, FORMATS } = require('../call-graph-format.js')

const LANGUAGES = {
  '.js': 'javascript', '.mjs': 'javascript', '.cjs': 'javascript', '.jsx': 'javascript',
  '.ts': 'typescript', '.mts': 'typescript', '.cts': 'typescript', '.tsx': 'tsx',
  '.py': 'python', '.rs': 'rust',
}
const SKIPPED_DIRS = new Set(['node_modules', 'target', '__pycache__', 'dist', 'build'])

const USAGE = `usage: skein index <folder> [--storage memory|disk:<path>] [--namespace <ns>]
       skein callgraph <folder> [--format json|dot|mermaid] [--storage memory|disk:<path>] [--namespace <ns>]

index: indexes every JavaScript, TypeScript, Python and Rust file under
<folder> (skipping hidden folders, node_modules, target, dist, build) and
prints the files, definitions and references found per language, and the
time taken.
callgraph: indexes the folder the same way and prints its call graph as
JSON (default), DOT (Graphviz) or Mermaid.`

function fail(message, code = 2) {
  process.stderr.write(`skein: ${message}\n`)
  process.exit(code)
}

function parseArgs(argv) {
  const [command, ...rest] = argv
  if (!command || command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`)
    process.exit(command ? 0 : 2)
  }
  if (command !== 'index' && command !== 'callgraph') fail(`unknown command '${command}'\n${USAGE}`)
  const options = { command, storage: 'memory', namespace: undefined, folder: undefined, format: 'json' }
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]
    if (arg === '--storage' || arg === '--namespace' || (arg === '--format' && command === 'callgraph')) {
      if (i + 1 >= rest.length) fail(`${arg} needs a value`)
      options[arg.slice(2)] = rest[++i]
    } else if (arg.startsWith('-')) fail(`unknown option '${arg}'`)
    else if (options.folder) fail(`unexpected argument '${arg}'`)
    else options.folder = arg
  }
  if (!options.folder) fail(`missing <folder>\n${USAGE}`)
  if (!FORMATS.includes(options.format)) fail(`unknown format '${options.format}' (use ${FORMATS.join(', ')})`)
  return options
}

function openStorage(spec) {
  if (spec === 'memory') return undefined
  if (spec.startsWith('disk:') && spec.length > 5) return new DiskStorage({ path: spec.slice(5) })
  fail(`unknown storage '${spec}' (use memory or disk:<path>)`)
}

function* walk(root, dir = root) {
  let entries
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true })
  } catch (err) {
    process.stderr.write(`skein: cannot read ${dir}: ${err.message}\n`)
    return
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : 1))
  for (const entry of entries) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && !SKIPPED_DIRS.has(entry.name)) yield* walk(root, full)
    } else if (entry.isFile() && LANGUAGES[path.extname(entry.name)]) {
      yield { full, relative: path.relative(root, full).split(path.sep).join('/') }
    }
  }
}

/** Indexes the folder; returns the open project and what was found. */
async function indexFolder(options) {
  const root = path.resolve(options.folder)
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) fail(`no such folder: ${options.folder}`)
  const project = new ImmutableProject(openStorage(options.storage), { namespace: options.namespace })
  const files = [...walk(root)]
  const started = process.hrtime.bigint()
  const stats = {}
  const failed = []
  let next = 0
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++]
      const language = LANGUAGES[path.extname(file.full)]
      const row = (stats[language] ??= { files: 0, definitions: 0, references: 0 })
      try {
        await project.add_or_update_file(file.relative, fs.readFileSync(file.full, 'utf8'))
        const graph = await project.get_scope_graph(file.relative)
        row.files++
        for (const node of graph.nodes) {
          if (node.kind === 'definition') row.definitions++
          else if (node.kind === 'reference') row.references++
        }
      } catch (err) {
        failed.push(`${file.relative}: ${err.message}`)
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(2, os.availableParallelism() * 2) }, worker))
  const ms = Number(process.hrtime.bigint() - started) / 1e6
  return { root, project, stats, failed, ms }
}

async function callgraph(options) {
  const { project, failed } = await indexFolder(options)
  const graph = await project.get_call_graph()
  await project.close()
  process.stdout.write(`${formatCallGraph(graph, options.format)}\n`)
  for (const f of failed) process.stderr.write(`skein: not indexed: ${f}\n`)
  if (failed.length) process.exitCode = 1
}

async function index(options) {
  const { root, project, stats, failed, ms } = await indexFolder(options)
  await project.close()

  const rows = Object.entries(stats).sort(([a], [b]) => (a < b ? -1 : 1))
  const total = rows.reduce((t, [, r]) => ({ files: t.files + r.files, definitions: t.definitions + r.definitions, references: t.references + r.references }), { files: 0, definitions: 0, references: 0 })
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(12) : String(c).padStart(12))).join('')
  console.log(`indexed ${root} (${options.storage} storage)`)
  console.log(line(['language', 'files', 'definitions', 'references']))
  for (const [language, r] of rows) console.log(line([language, r.files, r.definitions, r.references]))
  console.log(line(['total', total.files, total.definitions, total.references]))
  console.log(`${total.files} files in ${ms.toFixed(0)} ms${failed.length ? `, ${failed.length} failed:` : ''}`)
  for (const f of failed) console.log(`  ${f}`)
  if (failed.length) process.exitCode = 1
}

const options = parseArgs(process.argv.slice(2))
;(options.command === 'callgraph' ? callgraph : index)(options).catch((err) => fail(err.message, 1))
