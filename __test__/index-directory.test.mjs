// index_directory through the JS API: a real folder on disk, a JS provider
// and the disk store, progress, re-runs, and bad input.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync, rmSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { skein, tempDir, asyncMapProvider } from './helpers.mjs'

const { ImmutableProject, DiskStorage } = skein

function write(root, path, content) {
  mkdirSync(dirname(join(root, path)), { recursive: true })
  writeFileSync(join(root, path), content)
}

function sampleFolder(t) {
  const root = tempDir(t, 'skein-folder-')
  write(root, 'app.py', 'from lib.util import helper\n\ndef main():\n    helper()\n')
  write(root, 'lib/util.py', 'def helper():\n    return 1\n')
  write(root, 'web/index.ts', 'export function start(): void {}\n')
  write(root, 'node_modules/dep/index.js', 'function dep() {}\n')
  write(root, '.gitignore', 'dist/\n')
  write(root, 'dist/bundle.js', 'function bundled() {}\n')
  write(root, 'notes.md', '# not code\n')
  write(root, 'blob.py', Buffer.from([0, 1, 2, 0]))
  write(root, 'latin1.py', Buffer.from("name = 'caf\xe9'\n", 'latin1'))
  return root
}

describe('index_directory', () => {
  it('indexes a folder through a JS provider, reporting each file, and a second project reads it without re-parsing', async (t) => {
    const root = sampleFolder(t)
    const storage = asyncMapProvider()
    const project = new ImmutableProject(storage)
    const progress = []
    const result = await project.index_directory(root, {
      exclude: ['node_modules'],
      on_progress: (p) => progress.push(p),
    })
    assert.deepEqual(await project.get_file_paths(), ['app.py', 'lib/util.py', 'web/index.ts'])
    assert.equal(result.files_indexed, 3)
    assert.equal(result.files_unchanged, 0)
    assert.equal(result.files_removed, 0)
    assert.deepEqual(result.files_failed.map((f) => f.file_path), ['latin1.py'])
    assert.match(result.files_failed[0].error, /not UTF-8/)
    assert.equal(result.definitions, 3) // main, helper, start
    assert.ok(result.references > 0)
    assert.ok(result.elapsed_ms >= 0)
    // One call per file found (the binary one too), in order, all before the call settled.
    assert.deepEqual(progress.map((p) => p.done), [1, 2, 3, 4, 5])
    assert.ok(progress.every((p) => p.total === 5))
    assert.deepEqual(progress.map((p) => p.file_path).sort(), ['app.py', 'blob.py', 'latin1.py', 'lib/util.py', 'web/index.ts'])

    const reopened = await ImmutableProject.open(storage)
    const again = await reopened.index_directory(root, { exclude: ['node_modules'] })
    assert.deepEqual([again.files_indexed, again.files_unchanged, again.files_removed], [0, 3, 0])
    assert.equal(again.definitions, result.definitions)
    const main = (await reopened.get_definitions('app.py')).find((d) => d.name === 'main')
    const calls = await reopened.get_calls_from_definition(main)
    assert.deepEqual(calls.map((c) => c.called_def.symbol_id), ['lib/util.py#helper'])
  })

  it('commits the files of a folder in groups: one transaction per group, or overlapping writes of distinct keys', async (t) => {
    const root = tempDir(t, 'skein-groups-')
    const files = 40
    for (let i = 0; i < files; i++) {
      write(root, `pkg/m${i}.py`, `def f${i}():\n    return ${i}\n`)
    }
    const expected = Array.from({ length: files }, (_, i) => `pkg/m${i}.py`).sort()

    const transactional = asyncMapProvider({ transaction: true })
    const result = await new ImmutableProject(transactional).index_directory(root)
    assert.equal(result.files_indexed, files)
    assert.ok(transactional.calls.transaction < files / 2, `${transactional.calls.transaction} transactions`)
    assert.deepEqual(await (await ImmutableProject.open(transactional)).get_file_paths(), expected)

    // Without transactions, a group's new indexes are written at once, then
    // its buckets: never two writes of one key at a time.
    const plain = asyncMapProvider()
    const inFlight = new Set()
    let most = 0
    const set = plain.set
    plain.set = async function (key, value) {
      assert.ok(!inFlight.has(key), `two writes of ${key} at once`)
      inFlight.add(key)
      most = Math.max(most, inFlight.size)
      try {
        return await set.call(this, key, value)
      } finally {
        inFlight.delete(key)
      }
    }
    const plainResult = await new ImmutableProject(plain).index_directory(root)
    assert.equal(plainResult.files_indexed, files)
    assert.ok(most > 1, `at most ${most} writes at once`)
    const reopened = await ImmutableProject.open(plain)
    assert.deepEqual(await reopened.get_file_paths(), expected)
    const definitions = await reopened.get_definitions('pkg/m7.py')
    assert.deepEqual(definitions.map((d) => d.name), ['f7'])
  })

  it('follows changes on disk with the disk store: updated, new and removed files', async (t) => {
    const root = sampleFolder(t)
    const project = new ImmutableProject(new DiskStorage({ path: tempDir(t) }))
    await project.index_directory(root, { include: ['*.py'] })
    assert.deepEqual(await project.get_file_paths(), ['app.py', 'lib/util.py'])
    write(root, 'lib/util.py', 'def helper():\n    return 2\n\ndef other():\n    pass\n')
    write(root, 'lib/new.py', 'def fresh():\n    pass\n')
    rmSync(join(root, 'app.py'))
    const result = await project.index_directory(root, { include: ['*.py'] })
    assert.deepEqual([result.files_indexed, result.files_unchanged, result.files_removed], [2, 0, 1])
    assert.deepEqual(await project.get_file_paths(), ['lib/new.py', 'lib/util.py'])
    assert.deepEqual((await project.get_definitions('lib/util.py')).map((d) => d.name), ['helper', 'other'])
  })

  it('keeps files added one by one, and can set .gitignore aside', async (t) => {
    const root = sampleFolder(t)
    const project = new ImmutableProject()
    await project.add_or_update_file('scratch.ts', 'export const x = 1\n')
    await project.index_directory(root, { exclude: ['node_modules'] })
    assert.deepEqual(await project.get_file_paths(), ['app.py', 'lib/util.py', 'scratch.ts', 'web/index.ts'])
    const all = await project.index_directory(root, { gitignore: false })
    assert.deepEqual(await project.get_file_paths(), ['app.py', 'dist/bundle.js', 'lib/util.py', 'node_modules/dep/index.js', 'scratch.ts', 'web/index.ts'])
    assert.deepEqual([all.files_indexed, all.files_unchanged], [2, 3])
    await assert.rejects(project.index_directory(root, { gitignore: 'no' }), /options\.gitignore must be a boolean/)
  })

  it('lists a file over max_file_bytes as failed and indexes the rest', async (t) => {
    const root = sampleFolder(t)
    const source = 'def f():\n    pass\n'.repeat(100)
    write(root, 'big.py', source)
    const project = new ImmutableProject()
    const result = await project.index_directory(root, { max_file_bytes: source.length - 1 })
    assert.deepEqual(
      result.files_failed.find((f) => f.file_path === 'big.py'),
      { file_path: 'big.py', error: `not indexed: ${source.length} bytes, over max_file_bytes (${source.length - 1})` },
    )
    assert.ok(!(await project.get_file_paths()).includes('big.py'))
    assert.ok((await project.get_file_paths()).includes('app.py'))
    // The default (16 MiB) takes it.
    const again = await project.index_directory(root)
    assert.ok(!again.files_failed.some((f) => f.file_path === 'big.py'))
    assert.equal((await project.get_definitions('big.py')).length, 100)
  })

  it('rejects a missing folder, bad options and a throwing on_progress, naming them', async (t) => {
    const project = new ImmutableProject()
    await assert.rejects(project.index_directory('/nonexistent/skein-folder'), /\/nonexistent\/skein-folder: index_directory: cannot read folder/)
    const root = sampleFolder(t)
    await assert.rejects(project.index_directory(root, { include: 'src' }), /index_directory: options\.include must be an array of strings/)
    await assert.rejects(project.index_directory(root, { exclude: ['src/['] }), /options\.exclude: bad glob 'src\/\['/)
    await assert.rejects(project.index_directory(root, { on_progress: 5 }), /options\.on_progress must be a function/)
    for (const bad of [0, -1, Number.NaN, 'big']) {
      await assert.rejects(project.index_directory(root, { max_file_bytes: bad }), /index_directory: options\.max_file_bytes must be a positive number, got /)
    }
    await assert.rejects(
      project.index_directory(root, {
        on_progress: () => {
          throw new Error('progress bar broke')
        },
      }),
      /index_directory: on_progress threw: progress bar broke/,
    )
    // The project is still usable.
    const result = await project.index_directory(root)
    assert.ok(result.files_unchanged + result.files_indexed >= 3)
  })
})
