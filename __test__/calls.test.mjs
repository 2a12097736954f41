// Calls through the JS API: get_calls_from_definition, through a JS
// provider and after reopening, so the call sites are proven to come back
// from storage.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { skein, asyncMapProvider } from './helpers.mjs'

const { ImmutableProject } = skein

const FILES = {
  'app.py': [
    'from util import helper',
    '',
    'class User:',
    '    def save(self):',
    '        return helper(self)',
    '',
    'def run():',
    '    u = User()',
    '    u.save()',
    '    print(u)',
  ].join('\n'),
  'util.py': 'def helper(x):\n    return x\n',
  'main.js': ["import { helper } from './lib.js'", 'function main() {', '  const s = new Shape()', '  return helper(s)', '}', 'class Shape {}'].join('\n'),
  'lib.js': 'export function helper(x) { return x }\n',
}

async function indexed(storage) {
  const project = new ImmutableProject(storage)
  for (const [path, source] of Object.entries(FILES)) await project.add_or_update_file(path, source)
  return project
}

const summary = (calls) =>
  calls.map((c) => [c.caller_def.symbol_id, c.called_def.symbol_id, c.call_location.row, c.call_location.column, c.is_method_call, c.is_constructor_call])

async function callsOf(project, path, symbolId) {
  const def = (await project.get_definitions(path)).find((d) => d.symbol_id === symbolId)
  assert.ok(def, symbolId)
  return summary(await project.get_calls_from_definition(def))
}

describe('get_calls_from_definition', () => {
  it('resolves calls across files, through a JS provider and after reopening', async () => {
    const storage = asyncMapProvider()
    const first = await indexed(storage)
    const reopened = await ImmutableProject.open(storage)
    for (const project of [first, reopened]) {
      assert.deepEqual(await callsOf(project, 'app.py', 'app.py#run'), [
        ['app.py#run', 'app.py#User', 7, 8, false, true],
        ['app.py#run', 'app.py#User.save', 8, 6, true, false],
      ])
      assert.deepEqual(await callsOf(project, 'app.py', 'app.py#User.save'), [
        ['app.py#User.save', 'util.py#helper', 4, 15, false, false],
      ])
      assert.deepEqual(await callsOf(project, 'main.js', 'main.js#main'), [
        ['main.js#main', 'main.js#Shape', 2, 16, false, true],
        ['main.js#main', 'lib.js#helper', 3, 9, false, false],
      ])
      const main = (await project.get_definitions('main.js')).find((d) => d.name === 'main')
      const called = (await project.get_calls_from_definition(main))[1].called_def
      assert.equal(called.file_path, 'lib.js')
      assert.equal(called.kind, 'definition')
    }
  })

  it('rejects a definition the file does not have, naming it', async () => {
    const project = await indexed(undefined)
    const def = (await project.get_definitions('util.py'))[0]
    await assert.rejects(project.get_calls_from_definition({ ...def, symbol_id: 'util.py#gone' }), /^TypeError: util\.py: no definition 'util\.py#gone' in the file/)
  })
})
