// JS providers under failure: errors name the method and key, stored state
// is never torn, the project stays usable, and a file update crosses the
// JS boundary a small constant number of times.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { skein, asyncMapProvider, syncMapProvider, faultyProvider } from './helpers.mjs'

const { ImmutableProject } = skein

const OLD = 'def old_name():\n    return 1\n'
const NEW = 'def new_name():\n    return 2\n\nclass Added:\n    pass\n'

/** Definitions of `path` as seen by a fresh project over `provider`. */
async function freshNames(provider, path) {
  const project = await ImmutableProject.open(provider)
  return (await project.get_definitions(path)).map((d) => d.name).join(',')
}

for (const variant of [
  { name: 'without transaction', options: {} },
  { name: 'with transaction and getMany', options: { transaction: true, getMany: true } },
]) {
  describe(`fault injection, provider ${variant.name}`, () => {
    it('leaves each file fully old or fully new when any write of an update fails', async () => {
      const baseline = faultyProvider(asyncMapProvider(variant.options))
      const counting = new ImmutableProject(baseline)
      await counting.add_or_update_file('a.py', OLD)
      baseline.failWrite(-1)
      await counting.add_or_update_file('a.py', NEW)
      const writesPerUpdate = baseline.state.writes
      assert.ok(writesPerUpdate >= 1)

      for (let n = 0; n < writesPerUpdate; n++) {
        const provider = faultyProvider(asyncMapProvider(variant.options))
        const project = new ImmutableProject(provider)
        await project.add_or_update_file('a.py', OLD)
        await project.add_or_update_file('b.py', 'untouched = 1\n')
        provider.failWrite(n)
        let rejected = false
        await project.add_or_update_file('a.py', NEW).catch((err) => {
          rejected = true
          assert.match(err.message, /^a\.py: storage provider (set|delete|transaction)/)
          assert.match(err.message, /injected failure of write/)
        })
        provider.heal()
        const seen = await freshNames(provider, 'a.py')
        assert.ok(['old_name', 'new_name,Added'].includes(seen), `write ${n}: a.py reads ${seen}`)
        if (rejected && n === 0) assert.equal(seen, 'old_name', 'a failure before the commit point changes nothing')
        assert.equal(await freshNames(provider, 'b.py'), 'untouched')
        // the same project object is still usable, and its next update lands
        await project.add_or_update_file('a.py', 'def final():\n    pass\n')
        assert.equal(await freshNames(provider, 'a.py'), 'final')
        assert.equal((await project.get_definitions('a.py'))[0].name, 'final')
      }
    })

    it('leaves a removed file present or absent when a write fails', async () => {
      for (let n = 0; n < 3; n++) {
        const provider = faultyProvider(asyncMapProvider(variant.options))
        const project = new ImmutableProject(provider)
        await project.add_or_update_file('a.py', OLD)
        provider.failWrite(n)
        await project.remove_file('a.py').catch(() => {})
        provider.heal()
        const reopened = await ImmutableProject.open(provider)
        const paths = await reopened.get_file_paths()
        if (paths.length) assert.equal(await freshNames(provider, 'a.py'), 'old_name')
        else assert.deepEqual(await reopened.get_definitions('a.py'), [])
      }
    })

    it('times out a provider that never settles, then recovers', async () => {
      const provider = faultyProvider(asyncMapProvider(variant.options))
      const project = new ImmutableProject(provider, { provider_timeout_ms: 50 })
      await project.add_or_update_file('a.py', OLD)
      provider.state.hang = true
      await assert.rejects(project.add_or_update_file('a.py', NEW), /did not settle within 50 ms/)
      provider.heal()
      assert.ok(['old_name', 'new_name,Added'].includes(await freshNames(provider, 'a.py')))
      await project.add_or_update_file('a.py', NEW)
      assert.equal(await freshNames(provider, 'a.py'), 'new_name,Added')
    })
  })
}

describe('provider errors', () => {
  it('applies provider_timeout_ms given to createStorage', async () => {
    skein.registerStorageProvider('test-hanging', () => ({ ...syncMapProvider(), get: () => new Promise(() => {}) }))
    const storage = await skein.createStorage('test-hanging', { provider_timeout_ms: 40 })
    await assert.rejects(storage.get('k'), /^Error: storage provider get 'k': did not settle within 40 ms$/)
  })

  it('names the method and key and carries the provider message', async () => {
    const provider = { ...syncMapProvider(), get: async () => Promise.reject(new Error('ECONNREFUSED 127.0.0.1:6379')) }
    const project = new ImmutableProject(provider)
    await assert.rejects(project.get_file_paths(), (err) => {
      assert.ok(err instanceof Error)
      assert.match(err.message, /^storage provider get 'skein\/v7\/root': ECONNREFUSED 127\.0\.0\.1:6379$/)
      assert.equal(err.code, 'SKEIN_PROVIDER')
      assert.equal(err.method, 'get')
      return true
    })
  })

  it('turns a synchronous throw into a rejection, not a crash', async () => {
    const provider = { ...syncMapProvider(), set: () => { throw new Error('disk full') } }
    const project = new ImmutableProject(provider)
    await assert.rejects(project.add_or_update_file('a.py', OLD), /^Error: a\.py: storage provider set 'skein\/v7\/root': disk full$/)
    assert.deepEqual(await project.get_file_paths(), [])
  })

  it('rejects a value that is not bytes with a TypeError naming the key', async () => {
    const map = new Map()
    const provider = syncMapProvider(map)
    await new ImmutableProject(provider).add_or_update_file('a.py', OLD)
    const key = [...map.keys()].find((k) => k.includes('/dir/'))
    map.set(key, { not: 'bytes' })
    await assert.rejects(new ImmutableProject(provider).get_file_paths(), (err) => {
      assert.ok(err instanceof TypeError)
      assert.equal(err.message, `storage provider getMany: expected a Buffer, Uint8Array, null or undefined, got Object`.replace('getMany', 'get').replace(': expected', ` '${key}': expected`))
      assert.equal(err.key, key)
      return true
    })
    map.set(key, 42)
    await assert.rejects(new ImmutableProject(provider).get_file_paths(), TypeError)
  })

  it('reports corrupted stored bytes by key, and open rejects', async () => {
    const map = new Map()
    const provider = syncMapProvider(map)
    await new ImmutableProject(provider).add_or_update_file('a.py', OLD)
    const slot = [...map.keys()].find((k) => k.includes('/file/'))
    const bytes = Buffer.from(map.get(slot))
    bytes[bytes.length - 1] ^= 0xff
    map.set(slot, bytes)
    await assert.rejects(new ImmutableProject(provider).get_definitions('a.py'), (err) => {
      assert.match(err.message, new RegExp(`^a\\.py: stored value '${slot.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}': value is corrupted \\(checksum mismatch\\)$`))
      assert.equal(err.code, 'SKEIN_CORRUPT')
      return true
    })
    const bucket = [...map.keys()].find((k) => k.includes('/dir/'))
    map.set(bucket, Buffer.from('garbage'))
    await assert.rejects(ImmutableProject.open(provider), /stored value 'skein\/v7\/dir\/[0-9a-f]{2}': value is truncated/)
  })
})

describe('a Keyv that swallows errors', () => {
  it('is warned of once per process, unless it throws them or is in memory', () => {
    // In a child: the warning is once per process.
    const script = `
      const { default: Keyv } = require('keyv')
      const { ImmutableProject } = require(${JSON.stringify(fileURLToPath(new URL('../index.js', import.meta.url)))})
      const warnings = []
      process.on('warning', (w) => warnings.push(w.name + ': ' + w.message))
      const store = () => ({ get() {}, set() {}, delete() {}, clear() {} })
      new ImmutableProject(new Keyv())                                     // its own Map: cannot fail
      new ImmutableProject(new Keyv({ store: store(), throwOnErrors: true }))
      const before = warnings.length
      new ImmutableProject(new Keyv({ store: store() }))                  // warned
      new ImmutableProject(new Keyv({ store: store() }))                  // not again
      setImmediate(() => console.log(JSON.stringify({ before, warnings })))
    `
    const { before, warnings } = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }))
    assert.equal(before, 0)
    assert.equal(warnings.length, 1)
    assert.match(warnings[0], /^SkeinWarning: this Keyv storage reports errors only as 'error' events: .* \{ throwOnErrors: true \}/)
  })
})

describe('boundary crossings', () => {
  for (const [name, options, expected] of [
    ['without transaction', {}, { set: 2, delete: 1, transaction: 0 }],
    ['with transaction', { transaction: true, getMany: true }, { set: 0, delete: 0, transaction: 1 }],
  ]) {
    it(`an update costs a constant number of calls, ${name}`, async () => {
      const provider = asyncMapProvider(options)
      const project = new ImmutableProject(provider)
      await project.add_or_update_file('target.py', OLD)
      for (const size of [1, 300]) {
        await Promise.all(Array.from({ length: size }, (_, i) => project.add_or_update_file(`f${size}_${i}.py`, `x${i} = ${i}\n`)))
        for (const key of Object.keys(provider.calls)) provider.calls[key] = 0
        await project.add_or_update_file('target.py', size === 1 ? NEW : OLD)
        const { set, delete: del, transaction, get, getMany } = provider.calls
        assert.deepEqual({ set, delete: del, transaction }, expected, `with ${size} other files`)
        // Its bucket, re-read: another process may have written it since.
        assert.deepEqual({ get, getMany }, { get: 1, getMany: 0 }, 'one read: the bucket')
      }
    })
  }
})

describe('opening a project', () => {
  it('reads the root and only the buckets in use', async () => {
    const provider = asyncMapProvider()
    const project = new ImmutableProject(provider)
    for (const name of ['a.py', 'b.js', 'c.rs']) await project.add_or_update_file(name, 'x = 1\n'.replace('x = 1', name.endsWith('.rs') ? 'fn x() {}' : 'var x = 1'))
    for (const key of Object.keys(provider.calls)) provider.calls[key] = 0
    const reopened = await ImmutableProject.open(provider)
    assert.equal((await reopened.get_file_paths()).length, 3)
    assert.ok(provider.calls.get <= 4, `open made ${provider.calls.get} get calls`)
    const empty = asyncMapProvider()
    await ImmutableProject.open(empty)
    assert.equal(empty.calls.get, 1, 'an empty store costs one read')
  })
})
