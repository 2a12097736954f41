// What the accuracy harness shares: where the corpus and the caches live, which
// files of a language folder are scored, and the cache key of a ground truth.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, extname, relative, sep } from 'node:path'
import { homedir } from 'node:os'

export const CORPUS = process.env.SKEIN_CORPUS ?? join(homedir(), '.cache/skein-corpus')
export const CACHE = join(homedir(), '.cache/skein-accuracy')
export const LANGS = ['js', 'ts', 'py', 'rs']

// Every extension Skein parses as JavaScript or TypeScript: TypeScript's
// service reads the same set, so both sides see one program.
const ECMA = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx']
const EXTENSIONS = { js: ECMA, ts: ECMA, py: ['.py'], rs: ['.rs'] }

export function languageDir(lang) {
  return join(CORPUS, lang)
}

// Paths relative to the language folder, forward slashes, sorted; dot folders
// (the fetch script's `.downloads`) are not part of the corpus.
export function listFiles(lang) {
  const root = languageDir(lang)
  const out = []
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue
      const full = join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (EXTENSIONS[lang].includes(extname(entry.name))) out.push(relative(root, full).split(sep).join('/'))
    }
  }
  walk(root)
  return out.sort()
}

// The cache key: the file list with sizes (so an updated corpus regenerates)
// plus the generator's own source and tool version (so a fixed generator does).
export function cacheKey(lang, files, generatorPath, toolVersion) {
  const hash = createHash('sha256')
  const root = languageDir(lang)
  for (const file of files) hash.update(`${file}\0${statSync(join(root, file)).size}\n`)
  hash.update(readFileSync(generatorPath))
  hash.update(toolVersion)
  return hash.digest('hex').slice(0, 16)
}

export function cachePath(lang) {
  return join(CACHE, `${lang}.json`)
}

// The cached ground truth if its key matches, else null.
export function readCache(lang, key) {
  try {
    const data = JSON.parse(readFileSync(cachePath(lang), 'utf8'))
    return data.key === key ? data : null
  } catch {
    return null
  }
}
