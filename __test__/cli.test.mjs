// The skein CLI end to end: index a folder into a disk store, then ask it
// where symbols are defined and used, and for its stats; exit codes and
// messages for what goes wrong.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync, readdirSync, readFileSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { skein as addon, tempDir } from './helpers.mjs'

const { DiskStorage } = addon

const root = fileURLToPath(new URL('..', import.meta.url))
const skein = (args, cwd = root) => execFileSync(process.execPath, [join(root, 'bin/skein.js'), ...args], { cwd, encoding: 'utf8', stdio: 'pipe' })
const fails = (args, status, message, cwd = root) =>
  assert.throws(() => skein(args, cwd), (err) => {
    assert.equal(err.status, status, err.stderr.toString())
    assert.match(err.stderr.toString(), message)
    return true
  })

function folder(t) {
  const dir = tempDir(t, 'skein-cli-')
  const files = {
    'app.py': 'from lib.util import helper\n\n\ndef main():\n    helper()\n    helper()\n',
    'lib/util.py': 'def helper():\n    return 1\n',
    'web/page.ts': 'export function render(): number {\n  return 1\n}\n',
    'node_modules/dep/index.js': 'function dep() {}\n',
  }
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), source)
  }
  return dir
}

describe('skein CLI', () => {
  it('indexes into a disk store, then answers def, refs and stats from it in other processes', (t) => {
    const src = folder(t)
    const store = `disk:${tempDir(t)}`
    const out = skein(['index', src, '--storage', store])
    assert.match(out, /^python\s+2\s+2\s+\d+$/m)
    assert.match(out, /^typescript\s+1\s+1\s+\d+$/m)
    assert.match(out, /^3 files in \d+ ms: 3 indexed, 0 unchanged, 0 removed, 0 failed$/m)
    // Again: nothing to analyze.
    assert.match(skein(['index', src, '--storage', store]), /: 0 indexed, 3 unchanged, 0 removed, 0 failed$/m)

    // `helper()` on line 5, column 5 (1-based) is defined in lib/util.py, line 1, column 5.
    assert.equal(skein(['def', 'app.py:5:5', '--storage', store]), 'lib/util.py:1:5 function helper (lib/util.py#helper)\n')
    assert.deepEqual(skein(['refs', 'lib/util.py:1:5', '--storage', store]).trim().split('\n'), ['app.py:1:22', 'app.py:5:5', 'app.py:6:5'])
    const stats = skein(['stats', '--storage', store])
    assert.match(stats, /^total\s+3\s+3\s+\d+$/m)
  })

  it('keeps an index in a sqlite database just the same', (t) => {
    const src = folder(t)
    const db = `sqlite:${join(tempDir(t), 'index.db')}`
    assert.match(skein(['index', src, '--storage', db]), /: 3 indexed, 0 unchanged, 0 removed, 0 failed$/m)
    assert.match(skein(['index', src, '--storage', db]), /: 0 indexed, 3 unchanged, 0 removed, 0 failed$/m)
    assert.equal(skein(['def', 'app.py:5:5', '--storage', db]), 'lib/util.py:1:5 function helper (lib/util.py#helper)\n')
    assert.match(skein(['stats', '--storage', db]), /^total\s+3\s+3\s+\d+$/m)
  })

  it('uses disk:.skein by default for def, refs and stats', (t) => {
    const src = folder(t)
    const cwd = tempDir(t)
    skein(['index', src, '--storage', 'disk:.skein'], cwd)
    assert.ok(readdirSync(join(cwd, '.skein')).length > 0)
    assert.match(skein(['def', 'app.py:5:5'], cwd), /^lib\/util\.py:1:5 /)
    assert.match(skein(['stats'], cwd), /^python\s+2\s/m)
  })

  it('says what is wrong, with exit code 2 for bad usage and 1 for a bad index', async (t) => {
    fails(['index', 'no/such/folder'], 2, /skein: no such folder: no\/such\/folder/)
    fails(['frobnicate'], 2, /unknown command 'frobnicate'/)
    fails(['def', 'app.py:0:3'], 2, /bad position 'app\.py:0:3' \(use <file>:<line>:<col>, line and column from 1\)/)
    fails(['index', '.', '--storage', 'postgres://localhost:5432'], 2, /unknown storage 'postgres:\/\/localhost:5432' \(use memory, disk:<path>, sqlite:<path> or redis:\/\/<host>:<port>\)/)
    const empty = `disk:${tempDir(t)}`
    fails(['def', 'app.py:1:1', '--storage', empty], 1, /the index in disk:.* is empty: run 'skein index <folder> --storage disk:/)
    const src = folder(t)
    fails(['index', src, '--max-file-bytes', '1.5'], 2, /bad --max-file-bytes '1\.5' \(use a whole number of bytes, from 1\)/)
    // lib/util.py has 27 bytes, app.py 68 and web/page.ts 48: the two over are listed, exit code 1.
    assert.throws(() => skein(['index', src, '--max-file-bytes', '27']), (err) => {
      assert.equal(err.status, 1, err.stderr)
      assert.match(err.stdout, /^1 files in \d+ ms: 1 indexed, 0 unchanged, 0 removed, 2 failed$/m)
      assert.match(err.stdout, /^ {2}app\.py: not indexed: 68 bytes, over max_file_bytes \(27\)$/m)
      assert.match(err.stdout, /^ {2}web\/page\.ts: not indexed: 48 bytes, over max_file_bytes \(27\)$/m)
      return true
    })
    const dir = tempDir(t)
    skein(['index', src, '--storage', `disk:${dir}`])
    fails(['refs', 'nope.py:1:1', '--storage', `disk:${dir}`], 1, /no file 'nope\.py' in the index/)
    // Line 3 of app.py is blank: nothing there.
    fails(['def', 'app.py:3:1', '--storage', `disk:${dir}`], 1, /skein: no definition found at app\.py:3:1/)
    fails(['refs', 'app.py:3:1', '--storage', `disk:${dir}`], 1, /skein: no references found at app\.py:3:1/)
    // The root value overwritten with garbage: opening fails and names the key.
    await new DiskStorage({ path: dir }).set('skein/v7/root', Buffer.from('garbage'))
    fails(['stats', '--storage', `disk:${dir}`], 1, /skein: cannot open the index in disk:.*: stored value 'skein\/v7\/root': /)
    // A file that is not a SQLite database, given as one: refused, and left as it was.
    const junk = join(dir, 'junk.db')
    writeFileSync(junk, 'not a database '.repeat(20))
    fails(['index', dir, '--storage', `sqlite:${junk}`], 1, /skein: cannot open the index in sqlite:.*junk\.db: .*file is not a database/)
    assert.equal(readFileSync(junk, 'utf8'), 'not a database '.repeat(20))
  })
})
