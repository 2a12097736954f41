// A second process opening the same disk folder answers every query exactly
// as the process that indexed it; and the examples and the CLI run.
import { it } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { skein, tempDir, SAMPLE_FILES, snapshot } from './helpers.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const helpers = new URL('./helpers.mjs', import.meta.url).href

function inChild(script, args) {
  return execFileSync(process.execPath, ['--input-type=module', '-e', script, ...args], { cwd: root, encoding: 'utf8' })
}

it('a second process opens a disk store and answers identically', async (t) => {
  const folder = tempDir(t)
  // process B indexes
  inChild(
    `import { skein, SAMPLE_FILES } from '${helpers}'
     const project = new skein.ImmutableProject(new skein.DiskStorage({ path: process.argv[1] }))
     for (const [path, code] of Object.entries(SAMPLE_FILES)) await project.add_or_update_file(path, code)
     await project.remove_file('src/view.tsx')
     await project.close()`,
    [folder],
  )
  // this process opens, and a third one snapshots too
  const here = await skein.ImmutableProject.open(new skein.DiskStorage({ path: folder }))
  const mine = await snapshot(here)
  assert.deepEqual(mine.paths, Object.keys(SAMPLE_FILES).filter((p) => p !== 'src/view.tsx').sort())
  const theirs = JSON.parse(
    inChild(
      `import { skein, snapshot } from '${helpers}'
       const project = await skein.ImmutableProject.open(await skein.createStorage('disk', { path: process.argv[1] }))
       process.stdout.write(JSON.stringify(await snapshot(project)))`,
      [folder],
    ),
  )
  assert.deepEqual(theirs, JSON.parse(JSON.stringify(mine)))

  // what this process writes, a fresh process reads
  await here.add_or_update_file('src/extra.py', 'def extra():\n    pass\n')
  const names = inChild(
    `import { skein } from '${helpers}'
     const project = new skein.ImmutableProject(new skein.DiskStorage({ path: process.argv[1] }))
     process.stdout.write((await project.get_definitions('src/extra.py')).map((d) => d.symbol_id).join(','))`,
    [folder],
  )
  assert.equal(names, 'src/extra.py#extra')
  assert.ok(SAMPLE_FILES['src/lib.rs'])
})

for (const example of ['map-provider.mjs', 'sqlite-provider.mjs', 'keyv-provider.mjs']) {
  it(`examples/${example} runs`, () => {
    const out = execFileSync(process.execPath, [`examples/${example}`], { cwd: root, encoding: 'utf8' })
    assert.ok(out.trim().length > 0)
    if (example === 'sqlite-provider.mjs') {
      assert.match(out, /^src\/math\.ts#square "function square\(x: number\): number \{\\n {2}return x \* x\\n\}"$/m)
      assert.match(out, /capabilities: \{"transaction":true,"getMany":true\}/)
    }
    if (example === 'map-provider.mjs') assert.match(out, /method shapes\.py#Circle\.area at 1:8|function shapes\.py#Circle\.area at 1:8/)
  })
}

it('skein index prints files, definitions and references per language', () => {
  const out = execFileSync(process.execPath, ['bin/skein.js', 'index', 'examples'], { cwd: root, encoding: 'utf8' })
  assert.match(out, /^javascript\s+3\s+\d+\s+\d+$/m)
  assert.match(out, /^3 files in \d+ ms: 3 indexed, 0 unchanged, 0 removed, 0 failed$/m)
  assert.throws(() => execFileSync(process.execPath, ['bin/skein.js', 'index', 'no/such/folder'], { cwd: root, stdio: 'pipe' }), (err) => {
    assert.equal(err.status, 2)
    assert.match(err.stderr.toString(), /skein: no such folder: no\/such\/folder/)
    return true
  })
})

it('a sqlite database: one process indexes while another reads, and every read sees whole files', async (t) => {
  const { spawn } = await import('node:child_process')
  const { writeFileSync, mkdirSync } = await import('node:fs')
  const { join } = await import('node:path')
  const src = tempDir(t)
  // Enough files that the writer is still at work while this process reads.
  for (let i = 0; i < 300; i++) {
    mkdirSync(join(src, `pkg${i % 10}`), { recursive: true })
    writeFileSync(join(src, `pkg${i % 10}`, `m${i}.py`), `def f${i}():\n    return ${i}\n\n\ndef g${i}():\n    return f${i}()\n`)
  }
  const db = join(tempDir(t), 'index.db')
  const writer = spawn(process.execPath, ['bin/skein.js', 'index', src, '--storage', `sqlite:${db}`], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
  const exited = new Promise((resolve) => writer.on('exit', resolve))
  let stderr = ''
  writer.stderr.on('data', (d) => (stderr += d))
  let reads = 0
  let running = true
  exited.then(() => (running = false))
  while (running) {
    const storage = await skein.createStorage('sqlite', { path: db })
    const reader = await skein.ImmutableProject.open(storage)
    for (const path of await reader.get_file_paths()) {
      // A file listed is whole: its two definitions are there.
      const names = (await reader.get_definitions(path)).map((d) => d.name)
      assert.equal(names.length, 2, `${path}: ${names}`)
    }
    await reader.close()
    reads++
  }
  assert.equal(await exited, 0, stderr)
  assert.ok(reads > 0)
  const after = await skein.ImmutableProject.open(await skein.createStorage('sqlite', { path: db }))
  assert.equal((await after.get_file_paths()).length, 300)
  const again = await after.index_directory(src)
  assert.deepEqual([again.files_indexed, again.files_unchanged], [0, 300])
})

for (const kind of ['disk', 'sqlite']) {
  it(`kill -9 during index_directory (${kind}): every file is whole, old or new, and the next run completes`, async (t) => {
    const { spawn } = await import('node:child_process')
    const { writeFileSync, mkdirSync } = await import('node:fs')
    const { join } = await import('node:path')
    const src = tempDir(t)
    const files = 400
    const write = (version) => {
      for (let i = 0; i < files; i++) {
        mkdirSync(join(src, `pkg${i % 20}`), { recursive: true })
        const body = Array.from({ length: 5 }, (_, k) => `def ${version}_${i}_${k}():\n    return ${k}\n`).join('\n')
        writeFileSync(join(src, `pkg${i % 20}`, `m${i}.py`), body)
      }
    }
    const store = kind === 'disk' ? `disk:${tempDir(t)}` : `sqlite:${join(tempDir(t), 'index.db')}`
    const open = async () =>
      skein.ImmutableProject.open(kind === 'disk' ? new skein.DiskStorage({ path: store.slice(5) }) : await skein.createStorage('sqlite', { path: store.slice(7) }))
    write('old')
    execFileSync(process.execPath, ['bin/skein.js', 'index', src, '--storage', store], { cwd: root, stdio: 'pipe' })
    write('new')
    // Killed once it reports progress: mid-run, with files committed and files not.
    const child = spawn(process.execPath, ['bin/skein.js', 'index', src, '--storage', store], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] })
    const killed = new Promise((resolve) => child.on('exit', (code, signal) => resolve(signal)))
    child.stderr.on('data', (d) => {
      if (/skein: \d+\/\d+ files/.test(String(d)) && !/skein: 0\//.test(String(d))) child.kill('SIGKILL')
    })
    assert.equal(await killed, 'SIGKILL')

    const project = await open()
    const versions = { old: 0, new: 0 }
    for (const path of await project.get_file_paths()) {
      const names = (await project.get_definitions(path)).map((d) => d.name)
      const version = names[0].split('_')[0]
      assert.equal(names.length, 5, `${path}: ${names}`)
      assert.ok(names.every((n) => n.startsWith(`${version}_`)), `${path} mixes versions: ${names}`)
      versions[version]++
    }
    assert.equal(versions.old + versions.new, files)
    // Killed after at least one file was stored (its progress line came after).
    assert.ok(versions.new >= 1, JSON.stringify(versions))
    const again = await project.index_directory(src)
    assert.equal(again.files_failed.length, 0)
    assert.equal(again.files_indexed, versions.old)
    assert.equal(again.files_unchanged, versions.new)
    const reopened = await open()
    for (const path of await reopened.get_file_paths()) {
      assert.ok((await reopened.get_definitions(path)).every((d) => d.name.startsWith('new_')), path)
    }
  })
}
