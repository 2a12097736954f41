// A storage provider is any object with get/set/delete/clear. This one keeps
// values in a Map, with synchronous methods: no Promises needed.
//   node examples/map-provider.mjs
import { createRequire } from 'node:module'
const { ImmutableProject } = createRequire(import.meta.url)('../index.js')

const map = new Map()
const provider = {
  get: (key) => map.get(key), // Buffer, or undefined when missing
  set: (key, value) => void map.set(key, value),
  delete: (key) => void map.delete(key),
  clear: () => map.clear(),
}

const project = new ImmutableProject(provider)
await project.add_or_update_file('shapes.py', 'class Circle:\n    def area(self):\n        return 3.14\n')
for (const def of await project.get_definitions('shapes.py')) {
  console.log(`${def.symbol_kind} ${def.symbol_id} at ${def.range.start.row}:${def.range.start.column}`)
}

// A second project over the same provider sees the same files without re-parsing.
const reopened = await ImmutableProject.open(provider)
console.log('files:', (await reopened.get_file_paths()).join(', '))
console.log('keys stored:', map.size)
