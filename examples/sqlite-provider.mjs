// A storage provider over one SQLite table with better-sqlite3@12, with a real
// `transaction` (all ops or none) and a batched `getMany`.
//   npm install better-sqlite3@12 && node examples/sqlite-provider.mjs [db-file]
import { createRequire } from 'node:module'
const require = createRequire(import.meta.url)
const { ImmutableProject, registerStorageProvider, createStorage } = require('../index.js')
const Database = require('better-sqlite3')

function sqliteProvider({ path }) {
  const db = new Database(path)
  db.pragma('journal_mode = WAL')
  db.exec('CREATE TABLE IF NOT EXISTS skein (key TEXT PRIMARY KEY, value BLOB NOT NULL)')
  const get = db.prepare('SELECT value FROM skein WHERE key = ?').pluck()
  const set = db.prepare('INSERT INTO skein (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
  const del = db.prepare('DELETE FROM skein WHERE key = ?')
  return {
    get: (key) => get.get(key), // Buffer or undefined
    set: (key, value) => void set.run(key, value),
    delete: (key) => void del.run(key),
    clear: () => void db.exec('DELETE FROM skein'),
    getMany: (keys) => keys.map((key) => get.get(key)),
    transaction: db.transaction((ops) => {
      for (const op of ops) {
        if (op.type === 'set') set.run(op.key, op.value)
        else del.run(op.key)
      }
    }),
    close: () => db.close(),
  }
}

registerStorageProvider('sqlite-table', sqliteProvider)
const storage = await createStorage('sqlite-table', { path: process.argv[2] ?? ':memory:' })

const project = new ImmutableProject(storage)
await project.add_or_update_file('src/math.ts', 'export function square(x: number): number {\n  return x * x\n}\n')
const [square] = await project.get_functions_in_file('src/math.ts')
console.log(square.symbol_id, JSON.stringify(await project.get_source_code(square, 'src/math.ts')))
console.log('capabilities:', JSON.stringify(storage.capabilities))
await project.close()
await storage.close() // the project never closes a storage it was given
