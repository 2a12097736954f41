//! Module resolution: which project file a module specifier names, per
//! language. Specifiers that name nothing in the project (npm packages, the
//! standard library, crates.io) resolve to `None`.
//!
//! ```
//! use skein_core::lang::Language;
//! use skein_core::resolve::PathIndex;
//! let paths = PathIndex::new(["src/util.ts", "src/lib/index.ts", "pkg/__init__.py", "pkg/m.py"]);
//! assert_eq!(paths.resolve("src/app.ts", Language::TypeScript, "./util.js").as_deref(), Some("src/util.ts"));
//! assert_eq!(paths.resolve("src/app.ts", Language::TypeScript, "./lib").as_deref(), Some("src/lib/index.ts"));
//! assert_eq!(paths.resolve("pkg/m.py", Language::Python, ".").as_deref(), Some("pkg/__init__.py"));
//! assert_eq!(paths.resolve("main.py", Language::Python, "pkg.m").as_deref(), Some("pkg/m.py"));
//! assert_eq!(paths.resolve("src/app.ts", Language::TypeScript, "react"), None);
//! ```

use super::pair_map::SharedPairMap;
use crate::lang::Language;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// Extensions tried, in order, for an extensionless JS/TS specifier.
const SCRIPT_EXTENSIONS: &[&str] = &[
    ".ts", ".tsx", ".d.ts", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs",
];

/// What a `(from, specifier)` resolved to, per language.
type Answers = Vec<(Language, Option<String>)>;

/// The project's file paths, indexed for module resolution.
#[derive(Debug, Default)]
pub struct PathIndex {
    paths: HashSet<String>,
    /// Python files by module leaf name (`m` for `a/m.py` and `a/m/__init__.py`).
    python_by_leaf: HashMap<String, Vec<String>>,
    /// Answers so far: the same specifiers are resolved from the same files
    /// over and over (every reference through a wildcard import), and the
    /// paths never change under an index (a new index is built when they do).
    resolved: SharedPairMap<Answers>,
    /// [`rust_child_module`](Self::rust_child_module) answers by
    /// `(from, name)`: every Rust path through a `mod` item asks again, and
    /// each answer walks up the folders for the crate root.
    child_modules: SharedPairMap<Option<String>>,
}

impl PathIndex {
    /// Indexes `paths`.
    pub fn new<S: Into<String>>(paths: impl IntoIterator<Item = S>) -> PathIndex {
        let mut index = PathIndex::default();
        for path in paths {
            let path = path.into();
            if let Some(stem) = path.strip_suffix(".py") {
                let stem = stem.strip_suffix("/__init__").unwrap_or(stem);
                let leaf = stem.rsplit('/').next().unwrap_or(stem);
                index
                    .python_by_leaf
                    .entry(leaf.to_string())
                    .or_default()
                    .push(path.clone());
            }
            index.paths.insert(path);
        }
        index
    }

    /// Whether the project has `path`.
    pub fn contains(&self, path: &str) -> bool {
        self.paths.contains(path)
    }

    /// The file `specifier`, written in `from`, names.
    pub fn resolve(&self, from: &str, language: Language, specifier: &str) -> Option<String> {
        let known = self
            .resolved
            .lock(from)
            .get(from, specifier)
            .and_then(|known| {
                known
                    .iter()
                    .find(|(l, _)| *l == language)
                    .map(|(_, found)| found.clone())
            });
        if let Some(found) = known {
            return found;
        }
        // Not under the lock: the other threads go on meanwhile. Two that
        // miss at once compute the same answer, and one is kept.
        let found = self.resolve_uncached(from, language, specifier);
        let mut resolved = self.resolved.lock(from);
        match resolved.get_mut(from, specifier) {
            Some(known) if known.iter().any(|(l, _)| *l == language) => {}
            Some(known) => known.push((language, found.clone())),
            None => resolved.insert(from, specifier, vec![(language, found.clone())]),
        }
        found
    }

    fn resolve_uncached(&self, from: &str, language: Language, specifier: &str) -> Option<String> {
        match language {
            Language::JavaScript | Language::TypeScript | Language::Tsx => {
                self.resolve_script(from, specifier)
            }
            Language::Python => self.resolve_python(from, specifier),
            Language::Rust => self.resolve_rust(from, specifier),
        }
    }

    fn first_existing(&self, candidates: impl IntoIterator<Item = String>) -> Option<String> {
        candidates.into_iter().find(|c| self.paths.contains(c))
    }

    /// Relative specifiers with Node/TypeScript rules: the path as written,
    /// with each extension, a `.js` written for a `.ts` on disk, `index` files.
    fn resolve_script(&self, from: &str, specifier: &str) -> Option<String> {
        if !is_relative(specifier) {
            return None;
        }
        let base = normalize(&join(parent(from), specifier));
        let mut candidates = vec![base.clone()];
        for (written, replacements) in [
            (".js", &[".ts", ".tsx", ".d.ts"][..]),
            (".jsx", &[".tsx"][..]),
            (".mjs", &[".mts", ".d.mts"][..]),
            (".cjs", &[".cts", ".d.cts"][..]),
        ] {
            if let Some(stem) = base.strip_suffix(written) {
                candidates.extend(replacements.iter().map(|ext| format!("{stem}{ext}")));
            }
        }
        candidates.extend(SCRIPT_EXTENSIONS.iter().map(|ext| format!("{base}{ext}")));
        let dir = base.trim_end_matches('/');
        candidates.extend(
            SCRIPT_EXTENSIONS
                .iter()
                .map(|ext| format!("{dir}/index{ext}")),
        );
        self.first_existing(candidates)
    }

    /// Relative (`.m`, `..pkg`) and absolute (`a.b`) Python modules; an
    /// absolute one is found by path suffix, preferring the file nearest
    /// `from` (the project does not know `sys.path`). A suffix only counts
    /// where the folder above it is not itself a package: `flask/typing.py`
    /// is `flask.typing`, never the standard library's `typing`.
    fn resolve_python(&self, from: &str, specifier: &str) -> Option<String> {
        let dots = specifier.chars().take_while(|&c| c == '.').count();
        let rest = specifier[dots..].replace('.', "/");
        if dots > 0 {
            let mut dir = parent(from).to_string();
            for _ in 1..dots {
                dir = parent(&dir).to_string();
            }
            let base = join_dir(&dir, &rest);
            return if rest.is_empty() {
                self.first_existing([join_dir(&dir, "__init__.py")])
            } else {
                self.first_existing([format!("{base}.py"), format!("{base}/__init__.py")])
            };
        }
        let leaf = rest.rsplit('/').next()?;
        let suffixes = [format!("{rest}.py"), format!("{rest}/__init__.py")];
        self.python_by_leaf
            .get(leaf)?
            .iter()
            .filter(|path| path.as_str() != from)
            .filter(|path| {
                suffixes.iter().any(|suffix| {
                    let Some(root) = path.strip_suffix(suffix.as_str()) else {
                        return false;
                    };
                    root.is_empty()
                        || (root.ends_with('/')
                            && !self.paths.contains(&format!("{root}__init__.py")))
                })
            })
            .max_by_key(|path| {
                (
                    common_prefix_len(parent(path), parent(from)),
                    std::cmp::Reverse(path.len()),
                )
            })
            .cloned()
    }

    /// `crate::a::b`, `super::x`, `self::m`, and 2018-style `a::b` for a
    /// module of the current module or of the crate root. `std`, `serde` and
    /// other crates give `None`.
    fn resolve_rust(&self, from: &str, specifier: &str) -> Option<String> {
        let (root, here) = self.rust_module_of(from)?;
        let segments: Vec<&str> = specifier.split("::").filter(|s| !s.is_empty()).collect();
        let (start, rest): (Vec<String>, &[&str]) = match segments.first() {
            Some(&"crate") => (Vec::new(), &segments[1..]),
            Some(&"self") => (here.clone(), &segments[1..]),
            Some(&"super") => {
                let supers = segments.iter().take_while(|&&s| s == "super").count();
                let keep = here.len().checked_sub(supers)?;
                (here[..keep].to_vec(), &segments[supers..])
            }
            _ => {
                // Uniform paths: a child of the current module, else of the crate root.
                let first_here = self.rust_module_file(&root, &extend(&here, &segments[..1]));
                if first_here.is_some() {
                    (here.clone(), &segments[..])
                } else {
                    (Vec::new(), &segments[..])
                }
            }
        };
        self.rust_module_file(&root, &extend(&start, rest))
    }

    /// The crate root folder and the module path of a Rust file
    /// (`src/a/b.rs` → `["a", "b"]`).
    fn rust_module_of(&self, from: &str) -> Option<(String, Vec<String>)> {
        let mut dir = parent(from);
        loop {
            let root_file = ["lib.rs", "main.rs"]
                .iter()
                .any(|f| self.paths.contains(&join_dir(dir, f)));
            if root_file {
                let relative = from
                    .strip_prefix(dir)
                    .unwrap_or(from)
                    .trim_start_matches('/');
                let stem = relative.strip_suffix(".rs").unwrap_or(relative);
                let mut module: Vec<String> = stem.split('/').map(str::to_string).collect();
                if matches!(
                    module.last().map(String::as_str),
                    Some("mod" | "lib" | "main")
                ) {
                    module.pop();
                }
                return Some((dir.to_string(), module));
            }
            if dir.is_empty() {
                return None;
            }
            dir = parent(dir);
        }
    }

    /// The file of module `segments` under crate root `root`.
    fn rust_module_file(&self, root: &str, segments: &[String]) -> Option<String> {
        if segments.is_empty() {
            return self.first_existing([join_dir(root, "lib.rs"), join_dir(root, "main.rs")]);
        }
        let base = join_dir(root, &segments.join("/"));
        self.first_existing([format!("{base}.rs"), format!("{base}/mod.rs")])
    }

    /// The folder holding the crate root (`lib.rs`/`main.rs`) of a Rust file.
    pub fn rust_crate_root(&self, from: &str) -> Option<String> {
        self.rust_module_of(from).map(|(root, _)| root)
    }

    /// The file of a Rust `mod name;` declared in `from`.
    pub fn rust_child_module(&self, from: &str, name: &str) -> Option<String> {
        let known = self.child_modules.lock(from).get(from, name).cloned();
        if let Some(known) = known {
            return known;
        }
        let found = self
            .rust_module_of(from)
            .and_then(|(root, here)| self.rust_module_file(&root, &extend(&here, &[name])));
        self.child_modules
            .lock(from)
            .insert(from, name, found.clone());
        found
    }

    /// The file of submodule `name` of a Python package whose `__init__.py`
    /// is `package`.
    pub fn python_submodule(&self, package: &str, name: &str) -> Option<String> {
        let dir = package.strip_suffix("__init__.py")?.trim_end_matches('/');
        let base = join_dir(dir, name);
        self.first_existing([format!("{base}.py"), format!("{base}/__init__.py")])
    }
}

fn extend(base: &[String], more: &[&str]) -> Vec<String> {
    base.iter()
        .cloned()
        .chain(more.iter().map(|s| s.to_string()))
        .collect()
}

/// Whether a JS/TS specifier is a path (`./x`, `../x`, `.`, `..`), the
/// only kind that can name a file of the project; others name packages.
fn is_relative(specifier: &str) -> bool {
    specifier.starts_with("./")
        || specifier.starts_with("../")
        || specifier == "."
        || specifier == ".."
}

/// Extensions a JS/TS module specifier may leave out or write differently
/// from the file it resolves to (`./a.js` for `a.ts`), longest first.
const STEM_EXTENSIONS: &[&str] = &[
    ".d.mts", ".d.cts", ".d.ts", ".mjs", ".cjs", ".jsx", ".mts", ".cts", ".tsx", ".js", ".ts",
];

fn strip_script_extension(segment: &str) -> Option<&str> {
    STEM_EXTENSIONS
        .iter()
        .find_map(|ext| segment.strip_suffix(ext).filter(|s| !s.is_empty()))
}

/// The stem a JS/TS import of `specifier` in `from` gives its module: the
/// last segment of the path it resolves against, without a script
/// extension (`./util.js` → `util`, `..` → the folder's name). `None` for
/// a bare specifier (a package), which resolves to nothing in the project.
/// An import can reach a file only if this is one of the file's
/// [`script_module_stems`].
///
/// ```
/// use skein_core::resolve::{script_import_stem, script_module_stems};
/// assert_eq!(script_import_stem("src/app.ts", "./lib/util.js").as_deref(), Some("util"));
/// assert_eq!(script_import_stem("src/app.ts", "react"), None);
/// assert!(script_module_stems("src/lib/util.ts").contains(&"util".to_string()));
/// assert!(script_module_stems("src/lib/index.ts").contains(&"lib".to_string()));
/// ```
pub fn script_import_stem(from: &str, specifier: &str) -> Option<String> {
    if !is_relative(specifier) {
        return None;
    }
    let base = normalize(&join(parent(from), specifier));
    let segment = base.rsplit('/').next().unwrap_or("");
    Some(
        strip_script_extension(segment)
            .unwrap_or(segment)
            .to_string(),
    )
}

/// Every stem an import that resolves to the script at `path` may have
/// ([`script_import_stem`]): its file name with script extensions taken
/// off one by one, and for an `index` file its folder's name the same way.
pub fn script_module_stems(path: &str) -> Vec<String> {
    let mut stems = Vec::new();
    let mut add_all = |segment: &str| {
        let mut segment = segment;
        stems.push(segment.to_string());
        while let Some(stripped) = strip_script_extension(segment) {
            stems.push(stripped.to_string());
            segment = stripped;
        }
    };
    let file_name = path.rsplit('/').next().unwrap_or(path);
    add_all(file_name);
    if strip_script_extension(file_name) == Some("index") {
        add_all(parent(path).rsplit('/').next().unwrap_or(""));
    }
    stems.sort();
    stems.dedup();
    stems
}

/// The folder of a path (`""` for a top-level file).
fn parent(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

fn join(dir: &str, relative: &str) -> String {
    if dir.is_empty() {
        relative.to_string()
    } else {
        format!("{dir}/{relative}")
    }
}

fn join_dir(dir: &str, name: &str) -> String {
    if name.is_empty() {
        dir.to_string()
    } else {
        join(dir, name)
    }
}

/// Resolves `.` and `..` segments; a `..` above the top stays (it names
/// nothing in the project).
fn normalize(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if matches!(out.last(), Some(&s) if s != "..") {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            s => out.push(s),
        }
    }
    out.join("/")
}

fn common_prefix_len(a: &str, b: &str) -> usize {
    a.split('/')
        .zip(b.split('/'))
        .take_while(|(x, y)| x == y)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// An import that resolves to a file names one of the file's stems,
        /// so the name filter may use stems to rule importers out.
        #[test]
        fn an_import_names_a_stem_of_what_it_resolves_to(
            files in proptest::collection::vec(
                ("(a/|b/|a/b/|)", "(a|b|index|a\\.b)", "(\\.js|\\.ts|\\.d\\.ts|\\.mjs|\\.mts|\\.tsx|\\.jsx|\\.cjs|\\.js\\.ts)"),
                1..8,
            ),
            from in "(a/|b/|a/b/|)m\\.ts",
            spec in "(\\./|\\.\\./|\\.\\./\\.\\./)(a/|b/|)(a|b|index|a\\.b|)(\\.js|\\.mjs|\\.ts|/|)",
        ) {
            let paths: Vec<String> = files.iter().map(|(d, n, e)| format!("{d}{n}{e}")).collect();
            let index = PathIndex::new(paths.iter().cloned());
            if let Some(found) = index.resolve(&from, Language::TypeScript, &spec) {
                let stem = script_import_stem(&from, &spec).expect("a relative specifier has a stem");
                let stems = script_module_stems(&found);
                prop_assert!(stems.contains(&stem), "{spec} from {from} → {found}: {stem} not in {stems:?}");
            }
        }
    }

    #[test]
    fn scripts() {
        let paths = PathIndex::new([
            "src/a.ts",
            "src/b.js",
            "src/c/index.js",
            "src/d.mts",
            "lib/e.d.ts",
            "x.jsx",
        ]);
        let r = |from: &str, spec: &str| paths.resolve(from, Language::TypeScript, spec);
        assert_eq!(r("src/m.ts", "./a").as_deref(), Some("src/a.ts"));
        assert_eq!(r("src/m.ts", "./a.js").as_deref(), Some("src/a.ts"));
        assert_eq!(r("src/m.ts", "./b.js").as_deref(), Some("src/b.js"));
        assert_eq!(r("src/m.ts", "./c").as_deref(), Some("src/c/index.js"));
        assert_eq!(r("src/m.ts", "./c/").as_deref(), Some("src/c/index.js"));
        assert_eq!(r("src/m.ts", "./d.mjs").as_deref(), Some("src/d.mts"));
        assert_eq!(r("src/m.ts", "../lib/e").as_deref(), Some("lib/e.d.ts"));
        assert_eq!(r("src/deep/m.ts", "../../x").as_deref(), Some("x.jsx"));
        assert_eq!(r("src/m.ts", "../../a"), None);
        assert_eq!(r("src/m.ts", "a"), None);
        assert_eq!(r("m.ts", "./src/a").as_deref(), Some("src/a.ts"));
    }

    #[test]
    fn python() {
        let paths = PathIndex::new([
            "flask/__init__.py",
            "flask/app.py",
            "flask/json/__init__.py",
            "flask/json/provider.py",
            "tests/flask/app.py",
            "werkzeug/utils.py",
        ]);
        let r = |from: &str, spec: &str| paths.resolve(from, Language::Python, spec);
        assert_eq!(
            r("flask/app.py", ".json").as_deref(),
            Some("flask/json/__init__.py")
        );
        assert_eq!(
            r("flask/json/provider.py", "..app").as_deref(),
            Some("flask/app.py")
        );
        assert_eq!(
            r("flask/json/provider.py", "..").as_deref(),
            Some("flask/__init__.py")
        );
        assert_eq!(
            r("flask/app.py", "werkzeug.utils").as_deref(),
            Some("werkzeug/utils.py")
        );
        assert_eq!(
            r("flask/json/provider.py", "flask.app").as_deref(),
            Some("flask/app.py")
        );
        assert_eq!(
            r("tests/x.py", "flask.app").as_deref(),
            Some("tests/flask/app.py")
        );
        assert_eq!(r("flask/app.py", "os.path"), None);
        // Inside a package, a same-named file is a submodule, not the stdlib module.
        assert_eq!(r("flask/app.py", "json"), None);
        assert_eq!(r("flask/json/__init__.py", "json"), None);
        assert_eq!(
            paths
                .python_submodule("flask/__init__.py", "json")
                .as_deref(),
            Some("flask/json/__init__.py")
        );
    }

    #[test]
    fn rust() {
        let paths = PathIndex::new([
            "serde/src/lib.rs",
            "serde/src/de/mod.rs",
            "serde/src/de/value.rs",
            "serde/src/ser.rs",
            "regex/src/main.rs",
        ]);
        let r = |from: &str, spec: &str| paths.resolve(from, Language::Rust, spec);
        assert_eq!(
            r("serde/src/de/value.rs", "crate::ser").as_deref(),
            Some("serde/src/ser.rs")
        );
        assert_eq!(
            r("serde/src/de/value.rs", "super").as_deref(),
            Some("serde/src/de/mod.rs")
        );
        assert_eq!(
            r("serde/src/de/value.rs", "super::super").as_deref(),
            Some("serde/src/lib.rs")
        );
        assert_eq!(
            r("serde/src/de/mod.rs", "self::value").as_deref(),
            Some("serde/src/de/value.rs")
        );
        assert_eq!(
            r("serde/src/de/mod.rs", "value").as_deref(),
            Some("serde/src/de/value.rs")
        );
        assert_eq!(
            r("serde/src/de/mod.rs", "ser").as_deref(),
            Some("serde/src/ser.rs")
        );
        assert_eq!(
            r("serde/src/lib.rs", "crate").as_deref(),
            Some("serde/src/lib.rs")
        );
        assert_eq!(r("serde/src/lib.rs", "std::fmt"), None);
        assert_eq!(
            paths.rust_child_module("serde/src/lib.rs", "de").as_deref(),
            Some("serde/src/de/mod.rs")
        );
    }
}
