#!/usr/bin/env bash
# Instructions analysis (and the first call graph) take against the tree-sitter parse floor, counted
# by callgrind (deterministic, unlike wall time on a shared VM).
#   benches/instructions.sh [CORPUS_DIR]
# Needs valgrind. See crates/skein-core/benches/analysis_work.rs.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(cargo bench -p skein-core --bench analysis_work --no-run --message-format=json 2>/dev/null |
  node -e 'let out="";process.stdin.on("data",d=>out+=d).on("end",()=>{for(const l of out.split("\n")){try{const m=JSON.parse(l);if(m.executable&&m.target&&m.target.name==="analysis_work")console.log(m.executable)}catch{}}})')
count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$1" "${@:2}" 2>&1 |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
load=$(count load "$@")
parse=$(count parse "$@")
analyze=$(count analyze "$@")
index=$(count index "$@")
batch=$(count index-batch "$@")
graph=$(count index-graph "$@")
dir=$(count index-dir "$@")
node -e '
const [load, parse, analyze, index, batch, graph, dir] = process.argv.slice(1).map(Number)
const m = (n) => (n / 1e6).toFixed(0) + "M"
console.log(`| run | instructions | vs parse floor |`)
console.log(`|---|---:|---:|`)
console.log(`| parse floor (tree-sitter only) | ${m(parse - load)} | 1.00× |`)
console.log(`| analyze (parse + query + scope graph) | ${m(analyze - load)} | ${((analyze - load) / (parse - load)).toFixed(2)}× |`)
console.log(`| index, memory provider (analyze + encode + commit) | ${m(index - load)} | ${((index - load) / (parse - load)).toFixed(2)}× |`)
console.log(`| index as one batch (add_or_update_files), memory provider | ${m(batch - load)} | ${((batch - load) / (parse - load)).toFixed(2)}× |`)
console.log(`| index_directory of the folder (walk, read, hash, analyze, commit), memory provider | ${m(dir - load)} | ${((dir - load) / (parse - load)).toFixed(2)}× |`)
console.log(`| first get_call_graph after that batch (vs the batch: ${((graph - batch) / (batch - load)).toFixed(3)}×) | ${m(graph - batch)} | ${((graph - batch) / (parse - load)).toFixed(2)}× |`)
' "$load" "$parse" "$analyze" "$index" "$batch" "$graph" "$dir"
