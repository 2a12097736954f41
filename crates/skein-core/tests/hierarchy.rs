//! Class hierarchies across files, per language: relationships, subclasses,
//! implementations, the inheritance chain (Python's MRO) and
//! `is_subclass_of`, on the indexing project and on one reopened from its
//! storage.

use skein_core::project::{Base, Located, Project, ProjectOptions};
use skein_core::storage::MemoryStorage;
use std::sync::Arc;

async fn projects(files: &[(&str, &str)]) -> [Project; 2] {
    let storage = Arc::new(MemoryStorage::new());
    let project = Project::new(storage.clone(), ProjectOptions::default());
    for (path, source) in files {
        project.add_or_update_file(path, source).await.unwrap();
    }
    let reopened = Project::open(storage, ProjectOptions::default())
        .await
        .unwrap();
    [project, reopened]
}

fn ids(found: &[Located]) -> Vec<String> {
    found.iter().map(|(_, d)| d.symbol_id.clone()).collect()
}

fn base_id(base: &Base) -> String {
    match &base.definition {
        Some((_, d)) => d.symbol_id.clone(),
        None => format!("?{}", base.name),
    }
}

/// `id` split into (path, symbol id).
fn at(id: &str) -> (&str, &str) {
    (id.split('#').next().unwrap(), id)
}

async fn chain(project: &Project, id: &str) -> Vec<String> {
    let (path, id) = at(id);
    ids(&project.get_inheritance_chain(path, id).await.unwrap())
}

#[tokio::test]
async fn python_multiple_inheritance_follows_the_mro() {
    let base = "class Base:\n    pass\n";
    let models = "from base import Base\n\n\
                  class A(Base):\n    pass\n\nclass B(Base):\n    pass\n\n\
                  class C(A, B, Exception):\n    pass\n\nclass D(C):\n    pass\n";
    for project in projects(&[("base.py", base), ("models.py", models)]).await {
        // C3: D, C, A, B, Base (Exception is not in the project).
        assert_eq!(
            chain(&project, "models.py#D").await,
            ["models.py#C", "models.py#A", "models.py#B", "base.py#Base"]
        );
        let relationship = project
            .get_class_relationships("models.py", "models.py#C")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            base_id(relationship.parent.as_ref().unwrap()),
            "models.py#A"
        );
        assert!(relationship.interfaces.is_empty());
        let subclasses = project
            .find_subclasses("base.py", "base.py#Base")
            .await
            .unwrap();
        assert_eq!(ids(&subclasses), ["models.py#A", "models.py#B"]);
        assert!(project
            .is_subclass_of(at("models.py#D"), at("base.py#Base"))
            .await
            .unwrap());
        assert!(!project
            .is_subclass_of(at("models.py#A"), at("models.py#B"))
            .await
            .unwrap());
        assert!(!project
            .is_subclass_of(at("models.py#A"), at("models.py#A"))
            .await
            .unwrap());
    }
}

#[tokio::test]
async fn typescript_classes_and_interfaces() {
    let shapes = "export interface Named { name(): string }\n\
                  export interface Shape extends Named { area(): number }\n\
                  export abstract class Base implements Named { name() { return 'b' } }\n";
    let impls = "import { Base, Shape } from './shapes'\n\
                 import { Component } from 'react'\n\
                 export class Square extends Base implements Shape { area() { return 1 } }\n\
                 export class Widget extends Component {}\n";
    for project in projects(&[("shapes.ts", shapes), ("impls.ts", impls)]).await {
        let square = project
            .get_class_relationships("impls.ts", "impls.ts#Square")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(base_id(square.parent.as_ref().unwrap()), "shapes.ts#Base");
        let interfaces: Vec<String> = square.interfaces.iter().map(base_id).collect();
        assert_eq!(interfaces, ["shapes.ts#Shape"]);
        // A base outside the project is known by name.
        let widget = project
            .get_class_relationships("impls.ts", "impls.ts#Widget")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(base_id(widget.parent.as_ref().unwrap()), "?Component");
        // An interface extends interfaces.
        let shape = project
            .get_class_relationships("shapes.ts", "shapes.ts#Shape")
            .await
            .unwrap()
            .unwrap();
        assert!(shape.parent.is_none());
        assert_eq!(
            shape.interfaces.iter().map(base_id).collect::<Vec<_>>(),
            ["shapes.ts#Named"]
        );
        // Implementations of Named: Base directly, Square through Shape.
        let named = project
            .find_implementations("shapes.ts", "shapes.ts#Named")
            .await
            .unwrap();
        let mut named = ids(&named);
        named.sort();
        assert_eq!(named, ["impls.ts#Square", "shapes.ts#Base"]);
        assert!(project
            .is_subclass_of(at("impls.ts#Square"), at("shapes.ts#Named"))
            .await
            .unwrap());
        // Not a class: no relationships.
        assert!(project
            .get_class_relationships("shapes.ts", "shapes.ts#Base.name")
            .await
            .unwrap()
            .is_none());
    }
}

#[tokio::test]
async fn javascript_extends_across_files() {
    let base = "export class Animal { speak() { return '' } }\n";
    let dog = "import { Animal } from './animal.js'\nexport class Dog extends Animal {}\nexport class Puppy extends Dog {}\n";
    for project in projects(&[("animal.js", base), ("dog.js", dog)]).await {
        assert_eq!(
            chain(&project, "dog.js#Puppy").await,
            ["dog.js#Dog", "animal.js#Animal"]
        );
        let subclasses = project
            .find_subclasses("animal.js", "animal.js#Animal")
            .await
            .unwrap();
        assert_eq!(ids(&subclasses), ["dog.js#Dog"]);
    }
}

#[tokio::test]
async fn rust_supertraits() {
    let lib = "pub trait Named { fn name(&self) -> String; }\n\
               pub trait Greeter: Named + Clone { fn greet(&self) {} }\n\
               pub trait Polite: Greeter {}\n";
    for project in projects(&[("src/lib.rs", lib)]).await {
        assert_eq!(
            chain(&project, "src/lib.rs#Polite").await,
            ["src/lib.rs#Greeter", "src/lib.rs#Named"]
        );
        let greeter = project
            .get_class_relationships("src/lib.rs", "src/lib.rs#Greeter")
            .await
            .unwrap()
            .unwrap();
        assert!(greeter.parent.is_none());
        let supertraits: Vec<String> = greeter.interfaces.iter().map(base_id).collect();
        assert_eq!(supertraits, ["src/lib.rs#Named", "?Clone"]);
    }
}

#[tokio::test]
async fn rust_impl_trait_for_type_across_files() {
    let lib = "mod shapes;\npub trait Area { fn area(&self) -> f64; }\n";
    let shapes = "use crate::Area;\nuse std::fmt;\n\
                  pub struct Square(f64);\npub struct Circle(f64);\npub enum Blob { A }\n\
                  impl Area for Square { fn area(&self) -> f64 { self.0 * self.0 } }\n\
                  impl crate::Area for Circle { fn area(&self) -> f64 { 3.0 * self.0 } }\n\
                  impl fmt::Display for Square {\n    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result { Ok(()) }\n}\n\
                  impl Square { pub fn new() -> Square { Square(1.0) } }\n";
    for project in projects(&[("src/lib.rs", lib), ("src/shapes.rs", shapes)]).await {
        let implementations = project
            .find_implementations("src/lib.rs", "src/lib.rs#Area")
            .await
            .unwrap();
        assert_eq!(
            ids(&implementations),
            ["src/shapes.rs#Square", "src/shapes.rs#Circle"]
        );
        // A type's traits are its interfaces; one outside the project by name.
        let square = project
            .get_class_relationships("src/shapes.rs", "src/shapes.rs#Square")
            .await
            .unwrap()
            .unwrap();
        assert!(square.parent.is_none());
        let traits: Vec<String> = square.interfaces.iter().map(base_id).collect();
        assert_eq!(traits, ["src/lib.rs#Area", "?Display"]);
        let blob = project
            .get_class_relationships("src/shapes.rs", "src/shapes.rs#Blob")
            .await
            .unwrap()
            .unwrap();
        assert!(blob.parent.is_none() && blob.interfaces.is_empty());
    }
}

#[tokio::test]
async fn an_unknown_definition_is_an_error_naming_it() {
    let [project, _] = projects(&[("a.py", "class A:\n    pass\n")]).await;
    let err = project
        .get_inheritance_chain("a.py", "a.py#Gone")
        .await
        .unwrap_err();
    assert_eq!(err.path(), Some("a.py"));
    assert!(
        err.to_string().contains("no definition 'a.py#Gone'"),
        "{err}"
    );
}
