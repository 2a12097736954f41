// A Keyv instance backed by @keyv/redis is a provider as it is: one process
// indexes, another on the same Redis answers identically, and two processes
// writing one namespace at once never leave a torn file. Against a real
// redis-server on loopback, started here (.ci/run installs it).
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { createServer } from 'node:net'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { fileURLToPath } from 'node:url'
import Keyv from 'keyv'
import KeyvRedis from '@keyv/redis'
import { skein, SAMPLE_FILES, snapshot, tempDir } from './helpers.mjs'
import { redisServerPath, startRedisServer } from './redis-server.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const helpers = new URL('./helpers.mjs', import.meta.url).href
const run = promisify(execFile)

/** A child process running `script` (an ES module) with the Redis URL as its argument. */
async function inChild(script, url) {
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script, url], { cwd: root, encoding: 'utf8' })
  return stdout
}

describe('Keyv + @keyv/redis as a provider', { skip: !redisServerPath && 'redis-server is not installed (.ci/run installs it)' }, () => {
  let server
  let url
  before(async () => {
    server = await startRedisServer()
    url = server.url
  })
  after(() => server.stop())

  const keyv = (namespace) => new Keyv(new KeyvRedis(url, { throwOnErrors: true }), { namespace, throwOnErrors: true })

  it('process A indexes, process B on the same Redis opens and answers identically', async () => {
    await inChild(
      `import Keyv from 'keyv'
       import KeyvRedis from '@keyv/redis'
       import { skein, SAMPLE_FILES } from '${helpers}'
       const store = new Keyv(new KeyvRedis(process.argv[1], { throwOnErrors: true }), { namespace: 'team-a', throwOnErrors: true })
       const project = new skein.ImmutableProject(store)
       for (const [path, code] of Object.entries(SAMPLE_FILES)) await project.add_or_update_file(path, code)
       await store.disconnect()`,
      url,
    )
    const store = keyv('team-a')
    const here = await skein.ImmutableProject.open(store)
    const mine = await snapshot(here)
    assert.deepEqual(mine.paths, Object.keys(SAMPLE_FILES).sort())
    const theirs = await inChild(
      `import Keyv from 'keyv'
       import KeyvRedis from '@keyv/redis'
       import { skein, snapshot } from '${helpers}'
       const store = new Keyv(new KeyvRedis(process.argv[1], { throwOnErrors: true }), { namespace: 'team-a', throwOnErrors: true })
       const project = await skein.ImmutableProject.open(store)
       process.stdout.write(JSON.stringify(await snapshot(project)))
       await store.disconnect()`,
      url,
    )
    assert.deepEqual(JSON.parse(theirs), JSON.parse(JSON.stringify(mine)))
    // Another namespace on the same server is another project.
    const other = keyv('team-b')
    assert.deepEqual(await (await skein.ImmutableProject.open(other)).get_file_paths(), [])
    await Promise.all([store.disconnect(), other.disconnect()])
  })

  it('two processes updating one namespace at once never leave a torn file', async () => {
    const writer = (version) =>
      inChild(
        `import Keyv from 'keyv'
         import KeyvRedis from '@keyv/redis'
         import { skein } from '${helpers}'
         const store = new Keyv(new KeyvRedis(process.argv[1], { throwOnErrors: true }), { namespace: 'shared', throwOnErrors: true })
         const project = new skein.ImmutableProject(store)
         for (let round = 0; round < 15; round++) {
           for (let i = 0; i < 8; i++) {
             const body = [0, 1, 2].map((k) => 'def ${version}_' + round + '_' + k + '():\\n    return ' + k + '\\n').join('\\n')
             await project.add_or_update_file('m' + i + '.py', body)
           }
         }
         await store.disconnect()`,
        url,
      )
    await Promise.all([writer('a'), writer('b')])
    const store = keyv('shared')
    const project = await skein.ImmutableProject.open(store)
    assert.deepEqual(await project.get_file_paths(), ['m0.py', 'm1.py', 'm2.py', 'm3.py', 'm4.py', 'm5.py', 'm6.py', 'm7.py'])
    for (const path of await project.get_file_paths()) {
      const names = (await project.get_definitions(path)).map((d) => d.name)
      assert.equal(names.length, 3, `${path}: ${names}`)
      const prefix = names[0].split('_').slice(0, 2).join('_')
      assert.ok(names.every((n) => n.startsWith(`${prefix}_`)), `${path} mixes writes: ${names}`)
    }
    await store.disconnect()
  })

  it('skein index --storage redis:// keeps the index there for def, refs and stats in other processes, and for Keyv', async (t) => {
    const folder = tempDir(t, 'skein-redis-cli-')
    for (const [path, code] of Object.entries(SAMPLE_FILES)) {
      mkdirSync(dirname(join(folder, path)), { recursive: true })
      writeFileSync(join(folder, path), code)
    }
    const cli = (...args) => run(process.execPath, [join(root, 'bin/skein.js'), ...args, '--storage', url, '--namespace', 'cli'], { encoding: 'utf8' })
    const count = Object.keys(SAMPLE_FILES).length
    assert.match((await cli('index', folder)).stdout, new RegExp(`^${count} files in \\d+ ms: ${count} indexed, 0 unchanged`, 'm'))
    assert.match((await cli('index', folder)).stdout, new RegExp(`: 0 indexed, ${count} unchanged, 0 removed, 0 failed$`, 'm'))
    assert.match((await cli('stats')).stdout, new RegExp(`^total\\s+${count}\\s`, 'm'))
    // What the CLI stored is what a Keyv over the same server reads.
    const store = new Keyv(new KeyvRedis(url, { throwOnErrors: true }), { throwOnErrors: true })
    const project = await skein.ImmutableProject.open(store, { namespace: 'cli' })
    assert.deepEqual(await project.get_file_paths(), Object.keys(SAMPLE_FILES).sort())
    const [file, def] = await firstDefinition(project)
    const at = `${file}:${def.range.start.row + 1}:${def.range.start.column + 1}`
    assert.equal((await cli('def', at)).stdout.split(' ')[0], at)
    await store.disconnect()
  })

  it('skein says a Redis server cannot be reached, and exits 1', async () => {
    const closed = await new Promise((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address()
        server.close(() => resolve(port))
      })
    })
    await assert.rejects(run(process.execPath, [join(root, 'bin/skein.js'), 'stats', '--storage', `redis://127.0.0.1:${closed}`]), (err) => {
      assert.equal(err.code, 1)
      assert.match(err.stderr, new RegExp(`^skein: cannot reach redis://127.0.0.1:${closed}: connect ECONNREFUSED`))
      return true
    })
  })
})

/** A file of `project` and its first definition. */
async function firstDefinition(project) {
  for (const file of await project.get_file_paths()) {
    const [def] = await project.get_definitions(file)
    if (def) return [file, def]
  }
  throw new Error('no definitions')
}
