"""Ground truth for go-to-definition in Python, from jedi.

For every name jedi reports in the corpus's Python files that is a reference
(or a name bound by an import, which an editor also jumps through), record
where jedi's goto(follow_imports=True) lands, in the JSON shape of
ground-truth-ts.mjs. Run through ground-truth-py.mjs, which makes the venv:
    node benches/accuracy/ground-truth-py.mjs
Writes ~/.cache/skein-accuracy/py.json; a fresh cache is reused.
"""

import hashlib
import json
import multiprocessing
import os
import sys
import time
from pathlib import Path

import jedi
import parso
from jedi.inference.gradual import typeshed
from jedi.parser_utils import get_parent_scope

CORPUS = Path(os.environ.get("SKEIN_CORPUS", Path.home() / ".cache/skein-corpus"))
ROOT = CORPUS / "py"
CACHE = Path.home() / ".cache/skein-accuracy/py.json"
JEDI_CACHE = Path.home() / ".cache/skein-accuracy/jedi"
WORKERS = 2
MAX_REEXPORT_HOPS = 5
IMPORT_TYPES = {"import_from", "import_name"}


def list_files():
    """Paths relative to ROOT, sorted; dot folders are not part of the corpus."""
    out = []
    for dirpath, dirnames, filenames in os.walk(ROOT):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        out += [Path(dirpath, f).relative_to(ROOT).as_posix() for f in filenames if f.endswith(".py")]
    return sorted(out)


def cache_key(files):
    """File list with sizes, this script and jedi's version: any change regenerates."""
    digest = hashlib.sha256()
    for rel in files:
        digest.update(f"{rel}\0{(ROOT / rel).stat().st_size}\n".encode())
    digest.update(Path(__file__).read_bytes())
    digest.update(jedi.__version__.encode())
    return digest.hexdigest()[:16]


class Source:
    """One file's text, lines and parso tree, parsed once per worker."""

    def __init__(self, path):
        self.path = path
        self.code = path.read_text(encoding="utf-8")
        self.lines = self.code.splitlines()
        self.tree = parso.parse(self.code)
        self._script = None

    def script(self):
        if self._script is None:
            self._script = jedi.Script(self.code, path=str(self.path), project=_project)
        return self._script

    def utf16_column(self, line, column):
        """jedi counts code points; Skein and editors count UTF-16 units."""
        prefix = self.lines[line - 1][:column] if line - 1 < len(self.lines) else ""
        return len(prefix.encode("utf-16-le")) // 2

    def leaf(self, line, column):
        """The leaf starting at (line, column): parso gives the one before it
        when the two touch, as in `a.b`."""
        leaf = self.tree.get_leaf_for_position((line, column))
        return leaf if leaf.start_pos == (line, column) else leaf.get_next_leaf()


_project = None
_sources = {}


def hide_bundled_stubs():
    """jedi bundles an old typeshed with stubs for flask, werkzeug and requests
    of years ago, and infers through those instead of the corpus's sources,
    landing outside the project. Forget the stubs of the corpus's packages."""
    stubs = typeshed._cache_stub_file_map(sys.version_info)
    for entry in ROOT.iterdir():
        stubs.pop(entry.stem, None)


def init_worker(counter):
    """Each worker gets its own jedi/parso disk cache: they write pickles
    non-atomically, and two workers sharing one read each other's halves."""
    global _project
    with counter.get_lock():
        counter.value += 1
        jedi.settings.cache_directory = str(JEDI_CACHE / str(counter.value))
    hide_bundled_stubs()
    _project = jedi.Project(path=str(ROOT), added_sys_path=[str(ROOT)])


def source(path):
    path = Path(path).resolve()
    if path not in _sources:
        _sources[path] = Source(path)
    return _sources[path]


def in_import(leaf):
    node = leaf.parent
    while node is not None:
        if node.type in IMPORT_TYPES:
            return True
        node = node.parent
    return False


def is_attribute(leaf):
    previous = leaf.get_previous_leaf()
    return leaf.parent.type == "trailer" and previous is not None and previous.value == "."


def category(leaf):
    if in_import(leaf):
        return "import"
    if is_attribute(leaf):
        return "member"
    # A key: in `f(x=1)` the name is the callee's parameter, not a name in scope.
    siblings = leaf.parent.children
    if leaf.parent.type == "argument" and siblings[0] is leaf and len(siblings) > 1 and siblings[1] == "=":
        return "key"
    return "bare"


def is_inside(path):
    return path is not None and Path(path).resolve().is_relative_to(ROOT.resolve())


def located_inside(target):
    return is_inside(target.module_path) and target.line is not None


def is_import_binding(target):
    return located_inside(target) and in_import(source(target.module_path).leaf(target.line, target.column))


def follow_reexports(target, hops=0):
    """jedi stops at `from .m import X as X` when reached from another module;
    follow such re-exports to the definition, as TypeScript's service does."""
    if hops >= MAX_REEXPORT_HOPS or target.type == "module" or not is_import_binding(target):
        return [target]
    onward = source(target.module_path).script().goto(target.line, target.column, follow_imports=True)
    onward = [t for t in onward if (t.module_path, t.line, t.column) != (target.module_path, target.line, target.column)]
    if not onward:
        return [target]
    return [final for t in onward for final in follow_reexports(t, hops + 1)]


def owning_class(leaf):
    """The class a binding belongs to: a name bound in its body, or
    `self.<name>` bound in one of its methods through the first parameter."""
    scope = get_parent_scope(leaf)
    if not is_attribute(leaf):
        return scope if scope.type == "classdef" else None
    base = leaf.parent.get_previous_sibling()
    if base is None or base.type != "name" or scope.type != "funcdef":
        return None
    params = scope.get_params()
    cls = get_parent_scope(scope)
    return cls if params and params[0].name.value == base.value and cls.type == "classdef" else None


def bindings(owner, leaf, reference_leaf):
    """Python declares nothing: every binding of a name is as much its
    definition as another, and jedi names only some (one branch of an `if`, or
    a `d[k] = v` that binds nothing). So a target stands for every binding of
    its name in its scope (for an attribute, in its class); in the reference's
    own scope, every one before the reference."""
    names = [n for n in owner.tree.get_used_names().get(leaf.value, []) if n.is_definition()]
    cls = owning_class(leaf)
    if cls is not None:
        return [n for n in names if owning_class(n) is cls]
    if is_attribute(leaf):
        return []
    scope = get_parent_scope(leaf)
    same = [n for n in names if not is_attribute(n) and get_parent_scope(n) is scope]
    if reference_leaf is not None and get_parent_scope(reference_leaf) is scope:
        same = [n for n in same if n.start_pos < reference_leaf.start_pos]
    return same


def binding_kind(leaf):
    kinds = {"param": "param", "funcdef": "function", "classdef": "class"}
    return kinds.get(leaf.parent.type, "statement")


def span(owner, line, column, length, kind):
    row, start = line - 1, owner.utf16_column(line, column)
    return {
        "file": owner.path.resolve().relative_to(ROOT.resolve()).as_posix(),
        "start": {"row": row, "column": start},
        "end": {"row": row, "column": start + length},
        "kind": kind,
    }


def locations(target, own, reference_leaf):
    """An in-project target as expected definitions: itself (unless it binds
    nothing) and the other bindings it stands for."""
    owner = source(target.module_path)
    if target.type == "module":
        # Going to a module opens its file: the whole file is the target.
        return [{**span(owner, 1, 0, 0, "module"), "end": {"row": len(owner.lines), "column": 0}}]
    units = len(target.name.encode("utf-16-le")) // 2
    itself = span(owner, target.line, target.column, units, target.type)
    leaf = owner.leaf(target.line, target.column)
    if leaf is None or leaf.type != "name" or leaf.value != target.name:
        return [itself]
    others = [span(owner, *n.start_pos, units, binding_kind(n)) for n in bindings(owner, leaf, reference_leaf if owner is own else None)]
    if not leaf.is_definition() and others:
        return others
    return [itself, *others]


def reference(file, own, name):
    """The record for one jedi name, or None (a declaration, or no definition)."""
    leaf = own.leaf(name.line, name.column)
    if name.is_definition() and not in_import(leaf):
        return None
    targets = [t for target in name.goto(follow_imports=True) for t in follow_reexports(target)]
    here = (own.path.resolve(), name.line, name.column)
    if any(t.module_path is not None and (Path(t.module_path).resolve(), t.line, t.column) == here for t in targets):
        return None
    # Builtins (no path) are external; namespace packages and implicit module
    # attributes (`__name__`) have no place in the project to point at.
    targets = [t for t in targets if t.type != "namespace" and (located_inside(t) or not is_inside(t.module_path))]
    ref = {
        "file": file,
        "row": name.line - 1,
        "column": own.utf16_column(name.line, name.column),
        "name": name.name,
        "category": category(leaf),
    }
    if not targets:
        # Bound by an import jedi cannot follow: a package missing from the
        # corpus, so external, as it would be with the package installed.
        return {**ref, "external": True} if any(map(is_import_binding, name.goto())) else None
    inside = [t for t in targets if is_inside(t.module_path)]
    if not inside:
        return {**ref, "external": True}
    expected = {}
    for target in inside:
        for loc in locations(target, own, leaf):
            expected.setdefault((loc["file"], loc["start"]["row"], loc["start"]["column"]), loc)
    return {**ref, "expected": list(expected.values())}


def analyze(file):
    """All reference records of one file, and the names jedi failed on."""
    own = source(ROOT / file)
    refs, errors = [], []
    for name in own.script().get_names(all_scopes=True, definitions=True, references=True):
        try:
            ref = reference(file, own, name)
        except Exception as error:  # one bad name must not end the run
            errors.append(f"{file}:{name.line}:{name.column} {name.name}: {type(error).__name__}: {error}")
            continue
        if ref:
            refs.append(ref)
    return file, refs, errors


def generate(files, key):
    started = time.time()
    refs, errors = [], []
    # Largest files first, so the two workers finish together.
    order = sorted(files, key=lambda f: -(ROOT / f).stat().st_size)
    with multiprocessing.Pool(WORKERS, init_worker, (multiprocessing.Value("i", 0),)) as pool:
        for done, (_, file_refs, file_errors) in enumerate(pool.imap_unordered(analyze, order), 1):
            refs += file_refs
            errors += file_errors
            print(f"\rpy: {done}/{len(files)} files, {len(refs)} references", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    refs.sort(key=lambda r: (r["file"], r["row"], r["column"]))
    elapsed_ms = round((time.time() - started) * 1000)
    tool = f"jedi {jedi.__version__}"
    return {"key": key, "lang": "py", "tool": tool, "files": len(files), "elapsed_ms": elapsed_ms, "errors": errors, "refs": refs}


def main():
    files = list_files()
    key = cache_key(files)
    try:
        if json.loads(CACHE.read_text())["key"] == key:
            return
    except (OSError, ValueError, KeyError):
        pass
    data = generate(files, key)
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    CACHE.write_text(json.dumps(data))
    print(f"py: {len(data['refs'])} references in {data['elapsed_ms'] / 1000:.1f} s, {len(data['errors'])} jedi errors -> {CACHE}", file=sys.stderr)


if __name__ == "__main__":
    main()
