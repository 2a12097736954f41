// The benchmark corpus for the Node benches: every supported source file
// under a folder (../shared/corpus/fetch.sh lays it out).
import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { basename, join, extname, relative, sep } from 'node:path'
import { homedir, tmpdir } from 'node:os'

const EXTENSIONS = new Set(['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx', '.py', '.rs'])

/** The corpus folder: an argument, else $SKEIN_CORPUS, else ~/.cache/skein-corpus. */
export function corpusDir(argument) {
  return argument ?? process.env.SKEIN_CORPUS ?? join(homedir(), '.cache/skein-corpus')
}

/** Every supported file under `root` as `{ path, source }`, paths relative with `/`, sorted. */
export function collectFiles(root) {
  const out = []
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.name.startsWith('.')) continue
      const full = join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (EXTENSIONS.has(extname(entry.name))) {
        out.push({ path: relative(root, full).split(sep).join('/'), source: readFileSync(full, 'utf8') })
      }
    }
  }
  walk(root)
  if (!out.length) throw new Error(`no source files under ${root}: run ../shared/corpus/fetch.sh`)
  return out
}

/**
 * A fresh copy of `corpus` under `copies` folder names (`tree/copy0`, …) in
 * a temporary folder `base`, with room beside the tree for stores.
 */
export function copiedCorpus(corpus, copies) {
  const base = mkdtempSync(join(tmpdir(), 'skein-bench-'))
  const folder = join(base, 'tree')
  // Hidden folders (the corpus's downloads) are never indexed: not copied.
  const visible = (path) => path === corpus || !basename(path).startsWith('.')
  for (let c = 0; c < copies; c++) cpSync(corpus, join(folder, `copy${c}`), { recursive: true, filter: visible })
  return { base, folder }
}
