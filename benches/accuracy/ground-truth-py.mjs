// Runs ground_truth_py.py in its own venv (~/.cache/skein-accuracy/venv with
// jedi, made on first use from `python3` on the PATH), then reads its output.
//   node benches/accuracy/ground-truth-py.mjs
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CACHE, cachePath } from './corpus.mjs'

const JEDI = 'jedi==0.19.2'
const VENV = join(CACHE, 'venv')
const PYTHON = join(VENV, 'bin', 'python')
const SCRIPT = fileURLToPath(new URL('ground_truth_py.py', import.meta.url))

function hasJedi() {
  if (!existsSync(PYTHON)) return false
  try {
    execFileSync(PYTHON, ['-c', 'import jedi'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

function ensureVenv() {
  if (hasJedi()) return
  console.error(`making ${VENV} with ${JEDI}`)
  execFileSync('python3', ['-m', 'venv', VENV], { stdio: 'inherit' })
  execFileSync(PYTHON, ['-m', 'pip', 'install', '--quiet', JEDI], { stdio: 'inherit' })
}

// The Python ground truth; the script itself skips the work when its cache is fresh.
export function groundTruthPy() {
  ensureVenv()
  execFileSync(PYTHON, [SCRIPT], { stdio: 'inherit' })
  return JSON.parse(readFileSync(cachePath('py'), 'utf8'))
}

if (process.argv[1] === fileURLToPath(import.meta.url)) groundTruthPy()
