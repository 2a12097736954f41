// Builds api.md's CallGraph from the flat form src/call_graph_js.rs sends
// (the layout is documented there): `text`, every distinct string joined
// by NUL (or, when one holds a NUL, a JSON array of them), and `u`, a
// Uint32Array of numbers and string indexes read front to back. V8 builds
// these small objects far faster in JS than napi can set their properties
// one by one. Evaluated once per JS thread by the addon.
//
// Each project keeps the objects of the nodes it was sent, by slot, so the
// next graph builds only the nodes that changed (src/sent_graph.rs). They
// are frozen: one graph's objects are also the next graph's. The Map and
// the arrays at the top of a graph are the caller's own. A graph cut down
// by `max_depth` or `file_filter` is built apart and not kept.
;(function () {
  const NONE = 0xffffffff
  // How to build (the first number): on the objects held for the project,
  // dropping them first, or apart from them (a graph cut down by options).
  const RESET = 1
  const STANDALONE = 2
  const CALL_KIND = ['function', 'method', 'constructor']
  const CALL_TYPE = ['direct', 'method', 'constructor']
  const { freeze } = Object
  // Most nodes call nothing, or have no callers: they share one frozen
  // empty array instead of each allocating its own (about 10,000 fewer
  // objects on the corpus, and fewer for the garbage collector to move).
  const EMPTY = freeze([])
  // A range from the four numbers at `u[at]`. (A closure over the
  // builder's position would keep that position in memory, not a register.)
  const rangeAt = (u, at) =>
    freeze({
      start: freeze({ row: u[at], column: u[at + 1] }),
      end: freeze({ row: u[at + 2], column: u[at + 3] }),
    })
  // By project: `definitions`, `nodes` and `edges` (each node's edge
  // objects, in the order of its calls), indexed by slot.
  const kept = new WeakMap()

  return function buildCallGraph(project, text, isJson, u) {
    const S = isJson ? JSON.parse(text) : text.split('\0')
    let at = 0
    let held = kept.get(project)
    const mode = u[at++]
    if (mode === RESET || mode === STANDALONE) {
      held = { definitions: [], nodes: [], edges: [] }
      if (mode === RESET) kept.set(project, held)
    } else if (held === undefined) {
      throw new Error('get_call_graph: the project has no earlier graph to build on')
    }
    const { definitions, nodes: keptNodes, edges: keptEdges } = held

    const count = u[at++]
    const slots = new Uint32Array(count)
    const rebuilt = new Uint8Array(count)
    for (let i = 0; i < count; i++) {
      const slot = u[at++]
      const flags = u[at++]
      slots[i] = slot
      rebuilt[i] = flags & 2
      if ((flags & 1) === 0) continue
      const def = {
        id: u[at++],
        kind: 'definition',
        name: S[u[at++]],
        symbol_kind: S[u[at++]],
        file_path: S[u[at++]],
        range: rangeAt(u, at),
      }
      at += 4
      if (u[at++] === 1) def.enclosing_range = rangeAt(u, at)
      at += 4
      def.symbol_id = S[u[at++]]
      def.is_exported = u[at++] === 1
      const docstring = u[at++]
      if (docstring !== NONE) def.docstring = S[docstring]
      definitions[slot] = freeze(def)
    }

    const edges = new Array(u[at++])
    const nodes = new Map()
    for (let i = 0; i < count; i++) {
      const slot = slots[i]
      const callCount = u[at++]
      if (rebuilt[i] === 0) {
        const own = keptEdges[slot]
        for (let c = 0; c < callCount; c++) edges[u[at++]] = own[c]
        const node = keptNodes[slot]
        nodes.set(node.symbol, node)
        continue
      }
      const definition = definitions[slot]
      const symbol = definition.symbol_id
      const calls = callCount === 0 ? EMPTY : new Array(callCount)
      const own = callCount === 0 ? EMPTY : new Array(callCount)
      for (let c = 0; c < callCount; c++) {
        const e = u[at++]
        const target = u[at++]
        const name = u[at++]
        const location = rangeAt(u, at)
        at += 4
        const type = u[at++]
        const resolved = target === NONE ? undefined : definitions[target]
        const to = resolved === undefined ? S[name] : resolved.symbol_id
        const edge = freeze({ from: symbol, to, location, call_type: CALL_TYPE[type] })
        const call = { symbol: to, range: location, kind: CALL_KIND[type] }
        if (resolved !== undefined) call.resolved_definition = resolved
        calls[c] = freeze(call)
        own[c] = edge
        edges[e] = edge
      }
      const callerCount = u[at++]
      const called_by = callerCount === 0 ? EMPTY : new Array(callerCount)
      for (let c = 0; c < callerCount; c++) called_by[c] = definitions[u[at++]].symbol_id
      const node = freeze({
        symbol,
        definition,
        calls: freeze(calls),
        called_by: freeze(called_by),
        is_exported: definition.is_exported,
      })
      keptNodes[slot] = node
      keptEdges[slot] = own
      nodes.set(symbol, node)
    }
    const top_level_nodes = new Array(u[at++])
    for (let t = 0; t < top_level_nodes.length; t++) top_level_nodes[t] = definitions[u[at++]].symbol_id
    if (at !== u.length) throw new Error(`get_call_graph: read ${at} of ${u.length} numbers`)
    return { nodes, edges, top_level_nodes }
  }
})()
