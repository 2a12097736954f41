// A Keyv instance is a provider as it is (same method names). With a Keyv
// store such as @keyv/redis, every machine that opens the same namespace sees
// the same index.
//   node examples/keyv-provider.mjs
import { createRequire } from 'node:module'
import Keyv from 'keyv'
const { ImmutableProject } = createRequire(import.meta.url)('../index.js')

const keyv = new Keyv() // a shared cache: new Keyv(new KeyvRedis(url, { throwOnErrors: true }), { throwOnErrors: true })
const project = new ImmutableProject(keyv, { namespace: 'my-repo' })
await project.add_or_update_file('lib.rs', 'pub fn parse(input: &str) -> usize {\n    input.len()\n}\n')
const defs = await (await ImmutableProject.open(keyv, { namespace: 'my-repo' })).get_definitions('lib.rs')
console.log(defs.map((d) => `${d.symbol_kind} ${d.symbol_id}`).join('\n'))
