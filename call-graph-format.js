// Call graphs for people to look at: get_call_graph's result as JSON, DOT
// (Graphviz) or Mermaid text.
//   const { formatCallGraph } = require('skein/call-graph-format')
//   formatCallGraph(await project.get_call_graph(), 'mermaid')
'use strict'

const FORMATS = ['json', 'dot', 'mermaid']

/** A node as plain data: where it is and whom it calls. */
function nodeSummary(node) {
  const def = node.definition
  return {
    symbol: node.symbol,
    name: def.name,
    kind: def.symbol_kind,
    file: def.file_path,
    line: def.range.start.row + 1,
    is_exported: node.is_exported,
    calls: node.calls.map((c) => c.symbol),
    called_by: node.called_by,
  }
}

/** `name (file:line)`, or the file alone for module-level code. */
function label(node) {
  const def = node.definition
  if (def.symbol_kind === 'module') return `${def.file_path} (module code)`
  return `${def.name} (${def.file_path}:${def.range.start.row + 1})`
}

function toJson(graph) {
  return JSON.stringify(
    {
      nodes: [...graph.nodes.values()].map(nodeSummary),
      edges: graph.edges.map((e) => ({ from: e.from, to: e.to, call_type: e.call_type, line: e.location.start.row + 1 })),
      top_level_nodes: graph.top_level_nodes,
    },
    null,
    2,
  )
}

const dotString = (s) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`

/** The edges, one per (caller, callee, call type): a picture needs no call sites. */
function distinctEdges(graph) {
  const seen = new Set()
  return graph.edges.filter((e) => {
    const key = JSON.stringify([e.from, e.to, e.call_type])
    return !seen.has(key) && seen.add(key)
  })
}

function toDot(graph) {
  const lines = ['digraph calls {', '  rankdir=LR;', '  node [shape=box, fontname="Helvetica"];']
  for (const [symbol, node] of graph.nodes) lines.push(`  ${dotString(symbol)} [label=${dotString(label(node))}];`)
  for (const edge of distinctEdges(graph)) {
    const style = edge.call_type === 'direct' ? '' : ` [label=${dotString(edge.call_type)}]`
    lines.push(`  ${dotString(edge.from)} -> ${dotString(edge.to)}${style};`)
  }
  lines.push('}')
  return lines.join('\n')
}

// Mermaid ids must be plain words; labels escape quotes as entities.
const mermaidLabel = (s) => `"${s.replace(/"/g, '#quot;')}"`

function toMermaid(graph) {
  const ids = new Map()
  const idOf = (symbol) => {
    if (!ids.has(symbol)) ids.set(symbol, `n${ids.size}`)
    return ids.get(symbol)
  }
  const lines = ['flowchart LR']
  for (const [symbol, node] of graph.nodes) lines.push(`  ${idOf(symbol)}[${mermaidLabel(label(node))}]`)
  for (const edge of distinctEdges(graph)) {
    if (!ids.has(edge.to)) lines.push(`  ${idOf(edge.to)}[${mermaidLabel(edge.to)}]`)
    const arrow = edge.call_type === 'direct' ? '-->' : `-->|${edge.call_type}|`
    lines.push(`  ${idOf(edge.from)} ${arrow} ${idOf(edge.to)}`)
  }
  return lines.join('\n')
}

/**
 * `graph` (from `get_call_graph`) as text in `format`: `json`, `dot` or
 * `mermaid`. Throws a TypeError naming the formats for any other.
 */
function formatCallGraph(graph, format = 'json') {
  switch (format) {
    case 'json':
      return toJson(graph)
    case 'dot':
      return toDot(graph)
    case 'mermaid':
      return toMermaid(graph)
    default:
      throw new TypeError(`unknown call graph format '${format}' (use ${FORMATS.join(', ')})`)
  }
}

module.exports = { formatCallGraph, FORMATS }
