// Builds api.md's CallGraph from the flat form src/call_graph_js.rs sends
// (the layout is documented there): `text`, every distinct string joined
// by NUL (or, when one holds a NUL, a JSON array of them), and `u`, a
// Uint32Array of numbers and string indexes read front to back. V8 builds
// these small objects far faster in JS than napi can set their properties
// one by one. Evaluated by the addon for each graph.
;(function buildCallGraph(text, isJson, u) {
  const S = isJson ? JSON.parse(text) : text.split('\0')
  const NONE = 0xffffffff
  const CALL_KIND = ['function', 'method', 'constructor']
  const CALL_TYPE = ['direct', 'method', 'constructor']
  let at = 0
  const range = () => ({
    start: { row: u[at++], column: u[at++] },
    end: { row: u[at++], column: u[at++] },
  })
  const count = u[at++]
  const defs = new Array(count)
  for (let i = 0; i < count; i++) {
    const def = {
      id: u[at++],
      kind: 'definition',
      name: S[u[at++]],
      symbol_kind: S[u[at++]],
      file_path: S[u[at++]],
      range: range(),
    }
    const enclosed = u[at++]
    const enclosing = range()
    if (enclosed) def.enclosing_range = enclosing
    def.symbol_id = S[u[at++]]
    def.is_exported = u[at++] === 1
    const docstring = u[at++]
    if (docstring !== NONE) def.docstring = S[docstring]
    defs[i] = def
  }
  const edges = new Array(u[at++])
  // Per edge, the called node's definition (undefined outside the
  // project) and the kind its call has.
  const targets = new Array(edges.length)
  const kinds = new Array(edges.length)
  for (let e = 0; e < edges.length; e++) {
    const from = defs[u[at++]].symbol_id
    const target = u[at++]
    const name = u[at++]
    targets[e] = target === NONE ? undefined : defs[target]
    edges[e] = {
      from,
      to: target === NONE ? S[name] : defs[target].symbol_id,
      location: range(),
      call_type: CALL_TYPE[u[at]],
    }
    kinds[e] = CALL_KIND[u[at++]]
  }
  const nodes = new Map()
  for (let i = 0; i < count; i++) {
    const definition = defs[i]
    const calls = new Array(u[at++])
    for (let c = 0; c < calls.length; c++) {
      const e = u[at++]
      const edge = edges[e]
      const call = { symbol: edge.to, range: edge.location, kind: kinds[e] }
      if (targets[e] !== undefined) call.resolved_definition = targets[e]
      calls[c] = call
    }
    const called_by = new Array(u[at++])
    for (let c = 0; c < called_by.length; c++) called_by[c] = defs[u[at++]].symbol_id
    nodes.set(definition.symbol_id, {
      symbol: definition.symbol_id,
      definition,
      calls,
      called_by,
      is_exported: definition.is_exported,
    })
  }
  const top_level_nodes = new Array(u[at++])
  for (let t = 0; t < top_level_nodes.length; t++) top_level_nodes[t] = defs[u[at++]].symbol_id
  if (at !== u.length) throw new Error(`get_call_graph: read ${at} of ${u.length} numbers`)
  return { nodes, edges, top_level_nodes }
})
