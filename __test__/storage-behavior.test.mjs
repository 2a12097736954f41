// One behaviour suite that every JS-visible storage passes: the built-ins
// through createStorage and their classes, and JS providers (a sync Map
// object, async objects with and without transaction/getMany, a Keyv
// instance) through the registry. Cases are written once (like OpenDAL's
// behaviour tests and Keyv's test-suite); capabilities gate the rest.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import Keyv from 'keyv'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { skein, tempDir, syncMapProvider, asyncMapProvider, SAMPLE_FILES, snapshot } from './helpers.mjs'

const { createStorage, registerStorageProvider, InMemoryStorage, DiskStorage, ImmutableProject } = skein

registerStorageProvider('test-sync-map', () => syncMapProvider())
registerStorageProvider('test-async', () => asyncMapProvider())
registerStorageProvider('test-async-tx', async () => asyncMapProvider({ transaction: true, getMany: true }))
registerStorageProvider('test-keyv', () => new Keyv())

const STORAGES = [
  { name: "createStorage('memory')", make: () => createStorage('memory'), transaction: true },
  { name: "createStorage('disk')", make: (t) => createStorage('disk', { path: tempDir(t) }), transaction: false },
  { name: "createStorage('sqlite')", make: (t) => createStorage('sqlite', { path: join(tempDir(t), 'index.db') }), transaction: true },
  { name: 'new InMemoryStorage()', make: async () => new InMemoryStorage(), transaction: true },
  { name: 'new DiskStorage()', make: async (t) => new DiskStorage({ path: tempDir(t) }), transaction: false },
  { name: 'sync Map object', make: () => createStorage('test-sync-map'), transaction: false },
  { name: 'async object', make: () => createStorage('test-async'), transaction: false },
  { name: 'async object with transaction and getMany', make: () => createStorage('test-async-tx'), transaction: true },
  { name: 'Keyv instance', make: () => createStorage('test-keyv'), transaction: false },
]

const bytes = (...values) => Buffer.from(values)

for (const spec of STORAGES) {
  describe(`storage behaviour: ${spec.name}`, () => {
    it('reports its capabilities', async (t) => {
      const storage = await spec.make(t)
      assert.equal(storage.capabilities.transaction, spec.transaction)
    })

    it('gives null for a missing key', async (t) => {
      const storage = await spec.make(t)
      assert.equal(await storage.get('missing'), null)
    })

    it('round-trips values, binary and empty', async (t) => {
      const storage = await spec.make(t)
      const values = { a: bytes(1, 2, 3), zero: bytes(0, 0xff, 0, 0x80), empty: Buffer.alloc(0), big: Buffer.alloc(1 << 20, 7) }
      for (const [key, value] of Object.entries(values)) await storage.set(key, value)
      for (const [key, value] of Object.entries(values)) assert.deepEqual(await storage.get(key), value, key)
    })

    it('overwrites and deletes, missing keys included', async (t) => {
      const storage = await spec.make(t)
      await storage.set('k', bytes(1))
      await storage.set('k', bytes(2))
      assert.deepEqual(await storage.get('k'), bytes(2))
      await storage.delete('k')
      await storage.delete('k')
      await storage.delete('never-set')
      assert.equal(await storage.get('k'), null)
    })

    it('keeps awkward keys apart', async (t) => {
      const storage = await spec.make(t)
      const keys = ['a.ts', 'a.js', 'A.ts', 'dir/a.ts', 'dir\\a.ts', '../a', 'é.py', '😀', '#:%', 'x'.repeat(300), '']
      for (const [i, key] of keys.entries()) await storage.set(key, bytes(i))
      for (const [i, key] of keys.entries()) assert.deepEqual(await storage.get(key), bytes(i), JSON.stringify(key))
    })

    it('clears everything', async (t) => {
      const storage = await spec.make(t)
      await storage.set('a', bytes(1))
      await storage.set('b', bytes(2))
      await storage.clear()
      assert.equal(await storage.get('a'), null)
      assert.equal(await storage.get('b'), null)
    })

    it('applies a transaction in order', async (t) => {
      const storage = await spec.make(t)
      await storage.set('gone', bytes(9))
      await storage.transaction([
        { type: 'set', key: 'x', value: bytes(1) },
        { type: 'delete', key: 'x' },
        { type: 'delete', key: 'y' },
        { type: 'set', key: 'y', value: bytes(2) },
        { type: 'delete', key: 'gone' },
      ])
      assert.equal(await storage.get('x'), null)
      assert.deepEqual(await storage.get('y'), bytes(2))
      assert.equal(await storage.get('gone'), null)
    })

    it('rejects a malformed transaction op by position, writing nothing', async (t) => {
      const storage = await spec.make(t)
      await assert.rejects(
        storage.transaction([{ type: 'set', key: 'a', value: bytes(1) }, { type: 'upsert', key: 'b' }]),
        /op 1 has type 'upsert'/,
      )
      assert.equal(await storage.get('a'), null)
    })

    it('reads many keys in order, with duplicates and gaps', async (t) => {
      const storage = await spec.make(t)
      await storage.set('a', bytes(1))
      await storage.set('b', bytes(2))
      assert.deepEqual(await storage.getMany(['b', 'missing', 'a', 'b']), [bytes(2), null, bytes(1), bytes(2)])
      assert.deepEqual(await storage.getMany([]), [])
    })

    it('loses nothing under concurrent writes', async (t) => {
      const storage = await spec.make(t)
      await Promise.all(Array.from({ length: 100 }, (_, i) => storage.set(`k${i}`, bytes(i))))
      const values = await storage.getMany(Array.from({ length: 100 }, (_, i) => `k${i}`))
      assert.deepEqual(values, Array.from({ length: 100 }, (_, i) => bytes(i)))
    })

    it('holds a project that a second ImmutableProject answers for identically', async (t) => {
      const storage = await spec.make(t)
      const first = new ImmutableProject(storage)
      await Promise.all(Object.entries(SAMPLE_FILES).map(([path, code]) => first.add_or_update_file(path, code)))
      const second = await ImmutableProject.open(storage)
      assert.deepEqual(await snapshot(second), await snapshot(first))
      assert.deepEqual(await second.get_file_paths(), Object.keys(SAMPLE_FILES).sort())
    })

    it('keeps namespaces apart', async (t) => {
      const storage = await spec.make(t)
      const a = new ImmutableProject(storage, { namespace: 'team/a' })
      const b = new ImmutableProject(storage, { namespace: 'team/b' })
      await a.add_or_update_file('a.py', 'x = 1\n')
      await b.add_or_update_file('b.py', 'y = 2\n')
      assert.deepEqual(await new ImmutableProject(storage, { namespace: 'team/a' }).get_file_paths(), ['a.py'])
      assert.deepEqual(await new ImmutableProject(storage, { namespace: 'team/b' }).get_file_paths(), ['b.py'])
    })
  })
}

describe('registry', () => {
  it('lists built-ins first, then registered names', () => {
    const names = skein.storageProviders()
    assert.deepEqual(names.slice(0, 3), ['memory', 'disk', 'sqlite'])
    assert.ok(names.includes('test-keyv'))
  })

  it('rejects an unknown name with the known names', async () => {
    await assert.rejects(createStorage('nope'), (err) => {
      assert.match(err.message, /^Unknown storage provider: nope \(known: memory, disk, sqlite, /)
      return true
    })
  })

  it('replaces a registration under the same name', async () => {
    registerStorageProvider('test-replace', () => syncMapProvider(new Map([['k', bytes(1)]])))
    registerStorageProvider('test-replace', () => syncMapProvider(new Map([['k', bytes(2)]])))
    const storage = await createStorage('test-replace')
    assert.deepEqual(await storage.get('k'), bytes(2))
    assert.equal(skein.storageProviders().filter((n) => n === 'test-replace').length, 1)
  })

  it('passes options to the factory and accepts a returned Storage', async () => {
    let seen
    registerStorageProvider('test-options', (options) => {
      seen = options
      return new InMemoryStorage()
    })
    const storage = await createStorage('test-options', { region: 'eu' })
    assert.deepEqual(seen, { region: 'eu' })
    assert.equal(storage.capabilities.transaction, true)
  })

  it('rejects when a factory returns something that is not a provider', async () => {
    registerStorageProvider('test-bad-factory', () => 42)
    await assert.rejects(createStorage('test-bad-factory'), /storage provider 'test-bad-factory': the factory returned Number/)
    registerStorageProvider('test-missing-method', () => ({ get() {}, set() {} }))
    await assert.rejects(createStorage('test-missing-method'), /must have a delete\(\) method/)
  })

  it('rejects disk and sqlite without a path, and a file that is not a database', async (t) => {
    await assert.rejects(createStorage('sqlite'), /createStorage\('sqlite'\) needs options\.path, a database file path/)
    const notDb = join(tempDir(t), 'notes.txt')
    writeFileSync(notDb, 'plain text, not a database, long enough to have a header')
    await assert.rejects(createStorage('sqlite', { path: notDb }), /createStorage\('sqlite'\): .*notes\.txt.*not a database/)
    await assert.rejects(createStorage('disk'), /createStorage\('disk'\) needs options.path/)
  })
})
