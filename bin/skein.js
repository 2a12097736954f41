#!/usr/bin/env node
// skein: index a folder and print what was found; ask an index where a
// symbol is defined or used; print a folder's call graph.
//   skein index <folder> [--storage memory|disk:<path>|sqlite:<path>|redis://<host>:<port>] [--namespace <ns>] [--include <glob>]… [--exclude <glob>]… [--max-file-bytes <n>]
//   skein def <file>:<line>:<col> [--storage disk:<path>|sqlite:<path>|redis://<host>:<port>] [--namespace <ns>]
//   skein refs <file>:<line>:<col> [--storage …] [--namespace <ns>]
//   skein stats [--storage …] [--namespace <ns>]
//   skein callgraph <folder> [--format json|dot|mermaid] [--storage …] [--namespace <ns>]
'use strict'
const path = require('node:path')
const fs = require('node:fs')
const { ImmutableProject, DiskStorage, createStorage } = require('../index.js')
const { formatCallGraph, FORMATS } = require('../call-graph-format.js')

const LANGUAGES = {
  '.js': 'javascript', '.mjs': 'javascript', '.cjs': 'javascript', '.jsx': 'javascript',
  '.ts': 'typescript', '.mts': 'typescript', '.cts': 'typescript', '.tsx': 'tsx',
  '.py': 'python', '.rs': 'rust',
}
const COMMANDS = ['index', 'def', 'refs', 'stats', 'callgraph']

const USAGE = `usage: skein index <folder> [--storage <storage>] [--namespace <ns>] [--include <glob>]... [--exclude <glob>]...
                   [--max-file-bytes <n>]
       skein def <file>:<line>:<col> [--storage <storage>] [--namespace <ns>]
       skein refs <file>:<line>:<col> [--storage <storage>] [--namespace <ns>]
       skein stats [--storage <storage>] [--namespace <ns>]
       skein callgraph <folder> [--format json|dot|mermaid] [--storage <storage>] [--namespace <ns>]

<storage>: memory, disk:<path>, sqlite:<path> or redis://<host>:<port>[/<db>]
(Redis through Keyv and @keyv/redis, shared by every machine that names the
same server and namespace).

index: indexes every JavaScript, TypeScript, Python and Rust file under
<folder> that git would keep (.gitignore, .ignore; hidden and binary files
and symbolic links skipped; files over --max-file-bytes, default 16 MiB,
listed as not indexed), re-analyzing only changed files when the storage
already holds the folder, with a progress bar on a terminal; then prints
files, definitions and references per language. Default storage: memory.
def, refs: where the symbol at <file>:<line>:<col> (1-based line and
column; <file> as indexed, relative to the folder) is defined, or used.
stats: files, definitions and references per language in an index.
def, refs and stats read an index kept by 'skein index --storage <storage>';
their default storage is disk:.skein.
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
  if (!COMMANDS.includes(command)) fail(`unknown command '${command}'\n${USAGE}`)
  const reads = command === 'def' || command === 'refs' || command === 'stats'
  const options = {
    command,
    storage: reads ? 'disk:.skein' : 'memory',
    namespace: undefined,
    target: undefined,
    format: 'json',
    include: [],
    exclude: [],
    'max-file-bytes': undefined,
  }
  const takes = new Set(['--storage', '--namespace'])
  if (command === 'callgraph') takes.add('--format')
  if (command === 'index') takes.add('--include').add('--exclude').add('--max-file-bytes')
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]
    if (takes.has(arg)) {
      if (i + 1 >= rest.length) fail(`${arg} needs a value`)
      const value = rest[++i]
      if (arg === '--include' || arg === '--exclude') options[arg.slice(2)].push(value)
      else options[arg.slice(2)] = value
    } else if (arg.startsWith('-')) fail(`unknown option '${arg}'`)
    else if (options.target !== undefined || command === 'stats') fail(`unexpected argument '${arg}'`)
    else options.target = arg
  }
  if (command === 'index' || command === 'callgraph') {
    if (!options.target) fail(`missing <folder>\n${USAGE}`)
  } else if (command !== 'stats') {
    if (!options.target) fail(`missing <file>:<line>:<col>\n${USAGE}`)
    options.position = parsePosition(options.target)
  }
  if (!FORMATS.includes(options.format)) fail(`unknown format '${options.format}' (use ${FORMATS.join(', ')})`)
  const maxBytes = options['max-file-bytes']
  if (maxBytes !== undefined) {
    if (!/^[1-9]\d*$/.test(maxBytes)) fail(`bad --max-file-bytes '${maxBytes}' (use a whole number of bytes, from 1)`)
    options['max-file-bytes'] = Number(maxBytes)
  }
  return options
}

/** `<file>:<line>:<col>`, 1-based, as the 0-based point the API takes. */
function parsePosition(text) {
  const match = /^(.+):(\d+):(\d+)$/.exec(text)
  if (!match || Number(match[2]) < 1 || Number(match[3]) < 1) {
    fail(`bad position '${text}' (use <file>:<line>:<col>, line and column from 1)`)
  }
  return { file: match[1], point: { row: Number(match[2]) - 1, column: Number(match[3]) - 1 } }
}

/** What `--storage` names, and how to let go of it once the project is closed. */
function openStorage(spec) {
  const none = async () => {}
  if (spec === 'memory') return { storage: undefined, disconnect: none }
  if (spec.startsWith('disk:') && spec.length > 5) return { storage: new DiskStorage({ path: spec.slice(5) }), disconnect: none }
  if (spec.startsWith('sqlite:') && spec.length > 7) return { storage: createStorage('sqlite', { path: spec.slice(7) }), disconnect: none }
  if (/^rediss?:\/\/./.test(spec)) return openRedis(spec)
  fail(`unknown storage '${spec}' (use memory, disk:<path>, sqlite:<path> or redis://<host>:<port>)`)
}

/**
 * Keyv over @keyv/redis, as docs/custom-storage-providers.md shares an index.
 * Errors are thrown, not only emitted: a Keyv that swallowed them would read
 * an unreachable server as an empty index and drop writes.
 */
function openRedis(url) {
  const { default: Keyv } = require('keyv')
  const { default: KeyvRedis } = require('@keyv/redis')
  // A few quick retries, then the connection fails rather than retrying for ever.
  const reconnectStrategy = (retries, cause) => (retries >= 4 ? cause : 50 * 2 ** retries)
  const redis = new KeyvRedis({ url, socket: { reconnectStrategy } }, { throwOnConnectError: true, throwOnErrors: true })
  const storage = new Keyv(redis, { throwOnErrors: true })
  // Connection errors repeat while the client retries; the first says why.
  let firstError
  storage.on('error', (err) => (firstError ??= err))
  return {
    storage,
    disconnect: () => storage.disconnect().catch(() => {}),
    // A server that cannot be reached, said plainly rather than as a failed read.
    explain: (err) => (firstError && /not connected/.test(err.message) ? `cannot reach ${url}: ${firstError.message}` : undefined),
  }
}

const disconnects = new WeakMap()

/** The project over the storage, loaded now: a store that cannot be read fails here, with its key. */
async function openProject(options) {
  const { storage, disconnect, explain } = openStorage(options.storage)
  try {
    const project = await ImmutableProject.open(await storage, { namespace: options.namespace })
    disconnects.set(project, disconnect)
    return project
  } catch (err) {
    fail(explain?.(err) ?? `cannot open the index in ${options.storage}: ${err.message}`, 1)
  }
}

/** Closes the project and lets go of its storage (a Redis connection keeps the process alive). */
async function closeProject(project) {
  await project.close()
  await disconnects.get(project)?.()
}

/** Progress on stderr: a bar redrawn in place on a terminal, a line per tenth otherwise. */
function progressReporter(stream = process.stderr) {
  if (stream.isTTY) {
    let last = 0
    const draw = ({ done, total, file_path }) => {
      const now = Date.now()
      if (now - last < 50 && done < total) return
      last = now
      const width = 24
      const filled = total ? Math.round((done / total) * width) : width
      const head = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} `
      const room = Math.max(0, (stream.columns || 80) - head.length - 1)
      const name = file_path.length > room ? `…${file_path.slice(file_path.length - room + 1)}` : file_path
      stream.write(`\r${head}${name}\x1b[K`)
    }
    return { update: draw, finish: () => stream.write('\r\x1b[K') }
  }
  let shown = -1
  return {
    update: ({ done, total }) => {
      const tenth = Math.floor((done / total) * 10)
      if (tenth > shown) {
        shown = tenth
        stream.write(`skein: ${done}/${total} files\n`)
      }
    },
    finish: () => {},
  }
}

/** Indexes the folder; returns the open project and the run's stats. */
async function indexFolder(options, { showProgress }) {
  const root = path.resolve(options.target)
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) fail(`no such folder: ${options.target}`)
  const project = await openProject(options)
  const progress = showProgress ? progressReporter() : undefined
  const stats = await project.index_directory(root, {
    include: options.include,
    // Published packages carry their dependencies without a .gitignore.
    exclude: ['node_modules', ...options.exclude],
    max_file_bytes: options['max-file-bytes'],
    on_progress: progress?.update,
  })
  progress?.finish()
  return { root, project, stats }
}

/** Files, definitions and references per language, and their totals. */
async function languageTable(project) {
  const rows = {}
  for (const file of await project.get_file_stats()) {
    const language = LANGUAGES[path.extname(file.file_path)] ?? 'other'
    const row = (rows[language] ??= { files: 0, definitions: 0, references: 0 })
    row.files++
    row.definitions += file.definitions
    row.references += file.references
  }
  const sorted = Object.entries(rows).sort(([a], [b]) => (a < b ? -1 : 1))
  const total = sorted.reduce(
    (t, [, r]) => ({ files: t.files + r.files, definitions: t.definitions + r.definitions, references: t.references + r.references }),
    { files: 0, definitions: 0, references: 0 },
  )
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(12) : String(c).padStart(12))).join('')
  const lines = [line(['language', 'files', 'definitions', 'references'])]
  for (const [language, r] of sorted) lines.push(line([language, r.files, r.definitions, r.references]))
  lines.push(line(['total', total.files, total.definitions, total.references]))
  return { lines, total }
}

async function index(options) {
  const { root, project, stats } = await indexFolder(options, { showProgress: true })
  const { lines, total } = await languageTable(project)
  await closeProject(project)
  console.log(`indexed ${root} (${options.storage} storage)`)
  for (const l of lines) console.log(l)
  console.log(
    `${total.files} files in ${stats.elapsed_ms.toFixed(0)} ms: ${stats.files_indexed} indexed, ` +
      `${stats.files_unchanged} unchanged, ${stats.files_removed} removed, ${stats.files_failed.length} failed`,
  )
  for (const f of stats.files_failed) console.log(`  ${f.file_path}: ${f.error}`)
  if (stats.files_failed.length) process.exitCode = 1
}

async function callgraph(options) {
  const { project, stats } = await indexFolder(options, { showProgress: false })
  const graph = await project.get_call_graph()
  await closeProject(project)
  process.stdout.write(`${formatCallGraph(graph, options.format)}\n`)
  for (const f of stats.files_failed) process.stderr.write(`skein: not indexed: ${f.file_path}: ${f.error}\n`)
  if (stats.files_failed.length) process.exitCode = 1
}

/** `path:line:col` (1-based) of a definition or reference. */
const where = (filePath, range) => `${filePath}:${range.start.row + 1}:${range.start.column + 1}`

/** Opens the index, checks it has the position's file, and asks `query(project, file, point)`. */
async function atPosition(options, query) {
  const project = await openProject(options)
  const { file, point } = options.position
  await requireFile(project, file, options)
  const answer = await query(project, file, point)
  await closeProject(project)
  return answer
}

function nothingFound(what, options) {
  process.stderr.write(`skein: no ${what} found at ${options.target}\n`)
  process.exitCode = 1
}

async function definition(options) {
  const def = await atPosition(options, (project, file, point) => project.go_to_definition(file, point))
  if (!def) return nothingFound('definition', options)
  console.log(`${where(def.file_path, def.range)} ${def.symbol_kind} ${def.name} (${def.symbol_id})`)
}

async function references(options) {
  const refs = await atPosition(options, (project, file, point) => project.find_references(file, point))
  if (refs.length === 0) return nothingFound('references', options)
  for (const ref of refs) console.log(where(ref.file_path, ref.range))
}

/** Fails with a clear message when the index has no such file. */
async function requireFile(project, file, options) {
  const paths = await project.get_file_paths()
  if (paths.length === 0) fail(`the index in ${options.storage} is empty: run 'skein index <folder> --storage ${options.storage}' first`, 1)
  if (!paths.includes(file)) fail(`no file '${file}' in the index in ${options.storage} (paths are relative to the indexed folder)`, 1)
}

async function stats(options) {
  const project = await openProject(options)
  const { lines } = await languageTable(project)
  await closeProject(project)
  for (const l of lines) console.log(l)
}

const options = parseArgs(process.argv.slice(2))
const run = { index, def: definition, refs: references, stats, callgraph }[options.command]
run(options).catch((err) => fail(err.message, 1))
