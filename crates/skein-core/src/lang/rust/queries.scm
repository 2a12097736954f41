; Rust scopes, definitions, imports and references.
;
; Order matters: when patterns capture the same name, the earliest one says
; what it is (see `lang`). Specific patterns first, generic ones after,
; export markers and documentation last.

; Scopes
; ------

(source_file) @local.scope.function
(block) @local.scope
(function_item) @local.scope.function
(function_signature_item) @local.scope.function
(closure_expression) @local.scope.function
; Items are visible in their whole module, impl or trait body.
(mod_item body: (declaration_list) @local.scope.function)
(impl_item body: (declaration_list) @local.scope.function)
(trait_item body: (declaration_list) @local.scope.function)
; Generic parameters belong to their item.
(impl_item) @local.scope
(trait_item) @local.scope
(struct_item) @local.scope
(union_item) @local.scope
(enum_item) @local.scope
(type_item) @local.scope
; Pattern bindings belong to their arm or loop; `if let` to its `if`.
(match_arm) @local.scope
(for_expression) @local.scope
(if_expression) @local.scope
(while_expression) @local.scope
; `if let` / `while let` bindings are bound in the body only, not in `else`.
(if_expression
  condition: [(let_condition) (let_chain)] @binding.condition
  consequence: (block) @binding.scope)
(while_expression
  condition: [(let_condition) (let_chain)] @binding.condition
  body: (block) @binding.scope)

; Imports
; -------

; use a::{b::{c, d as e}}
(scoped_use_list
  path: (_) @import.module
  list: (use_list
    (scoped_use_list
      path: (_) @import.module
      list: (use_list (identifier) @local.import))))
(scoped_use_list
  path: (_) @import.module
  list: (use_list
    (scoped_use_list
      path: (_) @import.module
      list: (use_list
        (use_as_clause
          path: (identifier) @import.name
          alias: (identifier) @local.import)))))
; use a::{b, c as d, e::f, g::h as i}
(scoped_use_list
  path: (_) @import.module
  list: (use_list (identifier) @local.import))
(scoped_use_list
  path: (_) @import.module
  list: (use_list
    (use_as_clause
      path: (identifier) @import.name
      alias: (identifier) @local.import)))
(scoped_use_list
  path: (_) @import.module
  list: (use_list
    (scoped_identifier
      path: (_) @import.module
      name: (identifier) @local.import)))
(scoped_use_list
  path: (_) @import.module
  list: (use_list
    (use_as_clause
      path: (scoped_identifier
        path: (_) @import.module
        name: (identifier) @import.name)
      alias: (identifier) @local.import)))
; use std::io::{self, Read} binds io
(scoped_use_list
  path: (scoped_identifier
    path: (_) @import.module
    name: (identifier) @local.import)
  list: (use_list (self)))
; use a::{self, B} binds a
(scoped_use_list
  path: (identifier) @local.import @import.module
  list: (use_list (self)))
; use a::b::*; use a::{b::*}: every public name of the module
(use_declaration
  argument: (use_wildcard (_) @import.module) @import.star)
(scoped_use_list
  path: (_) @import.module
  list: (use_list (use_wildcard (_) @import.module) @import.star))
; use a::b::C; use a::b as c; use serde; use serde_json as json
(use_declaration
  argument: (scoped_identifier
    path: (_) @import.module
    name: (identifier) @local.import))
(use_declaration
  argument: (use_as_clause
    path: (scoped_identifier
      path: (_) @import.module
      name: (identifier) @import.name)
    alias: (identifier) @local.import))
(use_declaration
  argument: (identifier) @local.import @import.module)
(use_declaration
  argument: (use_as_clause
    path: (identifier) @import.module @import.name
    alias: (identifier) @local.import))

; Items
; -----

; impl Trait for Type: the type implements the trait.
(impl_item
  trait: [
    (type_identifier) @impl.trait
    (scoped_type_identifier name: (type_identifier) @impl.trait)
    (generic_type type: [
      (type_identifier) @impl.trait
      (scoped_type_identifier name: (type_identifier) @impl.trait)
    ])
  ]
  type: [
    (type_identifier) @impl.type
    (scoped_type_identifier name: (type_identifier) @impl.type)
    (generic_type type: [
      (type_identifier) @impl.type
      (scoped_type_identifier name: (type_identifier) @impl.type)
    ])
  ])

; Methods: in an impl, `Foo` qualifies them (`Foo.method`).
(impl_item
  type: [
    (type_identifier) @qualifier.name
    (generic_type type: (type_identifier) @qualifier.name)
    (generic_type type: (scoped_type_identifier name: (type_identifier) @qualifier.name))
    (scoped_type_identifier name: (type_identifier) @qualifier.name)
  ]) @enclosing
; Impls for tuples, references, primitives… are qualified by the type as
; written, so their items never pass for items of the enclosing module.
(impl_item
  type: [
    (tuple_type) (reference_type) (array_type) (primitive_type)
    (pointer_type) (function_type) (dynamic_type) (unit_type)
  ] @qualifier.name) @enclosing
(impl_item
  body: (declaration_list
    (function_item name: (identifier) @local.definition.method) @enclosing))
(trait_item
  body: (declaration_list
    [
      (function_item name: (identifier) @local.definition.method)
      (function_signature_item name: (identifier) @local.definition.method)
    ] @enclosing))

(function_item name: (identifier) @hoist.definition.function) @enclosing
(function_signature_item name: (identifier) @hoist.definition.function) @enclosing
(struct_item name: (type_identifier) @hoist.definition.struct) @enclosing
(union_item name: (type_identifier) @hoist.definition.struct) @enclosing
(enum_item name: (type_identifier) @hoist.definition.enum) @enclosing
(trait_item name: (type_identifier) @hoist.definition.trait) @enclosing
(type_item name: (type_identifier) @hoist.definition.type) @enclosing
(associated_type name: (type_identifier) @hoist.definition.type) @enclosing
(const_item name: (identifier) @hoist.definition.constant) @enclosing
(static_item name: (identifier) @hoist.definition.constant) @enclosing
(mod_item name: (identifier) @hoist.definition.module) @enclosing
(macro_definition name: (identifier) @local.definition.function) @enclosing

(enum_variant name: (identifier) @local.definition.constant) @enclosing
(field_declaration name: (field_identifier) @local.definition.field) @enclosing

(type_parameter name: (type_identifier) @local.definition.type)
(const_parameter name: (identifier) @local.definition.constant)

; Parameters
; ----------

(parameter pattern: (identifier) @local.definition.parameter)
(parameter pattern: (mut_pattern (identifier) @local.definition.parameter))
(parameter pattern: (reference_pattern (identifier) @local.definition.parameter))
(closure_parameters (identifier) @local.definition.parameter)
(closure_parameters (mut_pattern (identifier) @local.definition.parameter))
(closure_parameters (reference_pattern (identifier) @local.definition.parameter))

; let, visible after the whole statement (`let x = f(x)` reads the old x)
; -------------------------------------------------------------------------

(let_declaration
  pattern: [
    (identifier) @local.definition.variable
    (mut_pattern (identifier) @local.definition.variable)
    (ref_pattern (identifier) @local.definition.variable)
    (reference_pattern (identifier) @local.definition.variable)
    (tuple_pattern (identifier) @local.definition.variable)
    (tuple_pattern (mut_pattern (identifier) @local.definition.variable))
    (tuple_pattern (ref_pattern (identifier) @local.definition.variable))
    (tuple_struct_pattern type: (_) (identifier) @local.definition.variable)
    (struct_pattern (field_pattern name: (shorthand_field_identifier) @local.definition.variable))
    (struct_pattern (field_pattern pattern: (identifier) @local.definition.variable))
    (slice_pattern (identifier) @local.definition.variable)
  ]) @enclosing

; Other pattern bindings, at any depth. A capitalized name in a pattern is
; a unit variant or constant (`None`, `MAX`), not a binding.
; --------------------------------------------------------------------------

((let_condition pattern: (identifier) @local.definition.variable)
  (#match? @local.definition.variable "^[a-z_]"))
((for_expression pattern: (identifier) @local.definition.variable)
  (#match? @local.definition.variable "^[a-z_]"))
((match_pattern . (identifier) @local.definition.variable)
  (#match? @local.definition.variable "^[a-z_]"))
((tuple_pattern (identifier) @local.definition.variable)
  (#match? @local.definition.variable "^[a-z_]"))
((tuple_struct_pattern type: (_) (identifier) @local.definition.variable)
  (#match? @local.definition.variable "^[a-z_]"))
((slice_pattern (identifier) @local.definition.variable)
  (#match? @local.definition.variable "^[a-z_]"))
(field_pattern name: (shorthand_field_identifier) @local.definition.variable)
((field_pattern pattern: (identifier) @local.definition.variable)
  (#match? @local.definition.variable "^[a-z_]"))
(mut_pattern (identifier) @local.definition.variable)
(ref_pattern (identifier) @local.definition.variable)
((reference_pattern (identifier) @local.definition.variable)
  (#match? @local.definition.variable "^[a-z_]"))
((captured_pattern . (identifier) @local.definition.variable)
  (#match? @local.definition.variable "^[a-z_]"))

; Evident types and bases: these patterns only complete definitions found
; above (the earlier patterns decide their kinds). A type is a path, maybe
; generic (`Vec<T>` is `Vec`) or behind a reference (`&mut Foo`).
; ------------------------------------------------------------------------

; let x: Foo (the annotation wins over the value)
(let_declaration
  pattern: [
    (identifier) @local.definition.variable
    (mut_pattern (identifier) @local.definition.variable)
  ]
  type: [
    (type_identifier) @definition.type
    (scoped_type_identifier) @definition.type
    (generic_type type: [(type_identifier) (scoped_type_identifier)] @definition.type)
    (reference_type type: [
      (type_identifier) @definition.type
      (scoped_type_identifier) @definition.type
      (generic_type type: [(type_identifier) (scoped_type_identifier)] @definition.type)
    ])
  ])
; let x = Foo { .. }
(let_declaration
  pattern: [
    (identifier) @local.definition.variable
    (mut_pattern (identifier) @local.definition.variable)
  ]
  value: (struct_expression
    name: [(type_identifier) (scoped_type_identifier)] @definition.type))
; let x = Foo::new(..), a::Foo::with(..)?: the receiver is a type (CamelCase)
((let_declaration
  pattern: [
    (identifier) @local.definition.variable
    (mut_pattern (identifier) @local.definition.variable)
  ]
  value: [
    (call_expression
      function: (scoped_identifier
        path: [
          (identifier) @definition.type
          (scoped_identifier name: (identifier) @definition.type)
        ]))
    (try_expression
      (call_expression
        function: (scoped_identifier
          path: [
            (identifier) @definition.type
            (scoped_identifier name: (identifier) @definition.type)
          ])))
  ])
  (#match? @definition.type "^[A-Z]")
  (#not-eq? @definition.type "Self"))
; let x = Foo(..): a tuple struct built in place (CamelCase)
((let_declaration
  pattern: [
    (identifier) @local.definition.variable
    (mut_pattern (identifier) @local.definition.variable)
  ]
  value: (call_expression function: (identifier) @definition.type))
  (#match? @definition.type "^[A-Z]"))
; fn f(p: Foo, q: &Foo)
(parameter
  pattern: (identifier) @local.definition.parameter
  type: [
    (type_identifier) @definition.type
    (scoped_type_identifier) @definition.type
    (generic_type type: [(type_identifier) (scoped_type_identifier)] @definition.type)
    (reference_type type: [
      (type_identifier) @definition.type
      (scoped_type_identifier) @definition.type
      (generic_type type: [(type_identifier) (scoped_type_identifier)] @definition.type)
    ])
  ])
; struct S { f: Foo }
(field_declaration
  name: (field_identifier) @local.definition.field
  type: [
    (type_identifier) @definition.type
    (scoped_type_identifier) @definition.type
    (generic_type type: [(type_identifier) (scoped_type_identifier)] @definition.type)
    (reference_type type: [
      (type_identifier) @definition.type
      (scoped_type_identifier) @definition.type
      (generic_type type: [(type_identifier) (scoped_type_identifier)] @definition.type)
    ])
  ])
; trait A: B + c::C + D<T>
(trait_item
  name: (type_identifier) @hoist.definition.trait
  bounds: (trait_bounds [
    (type_identifier) @definition.base
    (scoped_type_identifier) @definition.base
    (generic_type type: [(type_identifier) (scoped_type_identifier)] @definition.base)
  ]))

; Exports: items with a visibility (`pub`, `pub(crate)`)
; ------------------------------------------------------

(function_item (visibility_modifier) name: (identifier) @hoist.definition.function.exported) @enclosing
(function_signature_item (visibility_modifier) name: (identifier) @hoist.definition.function.exported) @enclosing
(struct_item (visibility_modifier) name: (type_identifier) @hoist.definition.struct.exported) @enclosing
(union_item (visibility_modifier) name: (type_identifier) @hoist.definition.struct.exported) @enclosing
(enum_item (visibility_modifier) name: (type_identifier) @hoist.definition.enum.exported) @enclosing
(trait_item (visibility_modifier) name: (type_identifier) @hoist.definition.trait.exported) @enclosing
(type_item (visibility_modifier) name: (type_identifier) @hoist.definition.type.exported) @enclosing
(const_item (visibility_modifier) name: (identifier) @hoist.definition.constant.exported) @enclosing
(static_item (visibility_modifier) name: (identifier) @hoist.definition.constant.exported) @enclosing
(mod_item (visibility_modifier) name: (identifier) @hoist.definition.module.exported) @enclosing
(field_declaration (visibility_modifier) name: (field_identifier) @local.definition.field.exported) @enclosing
((attribute_item (attribute (identifier) @_macro_export))
  .
  (macro_definition name: (identifier) @local.definition.function.exported) @enclosing
  (#eq? @_macro_export "macro_export"))

; Re-exports: `pub use a::B`, `pub use a::B as C`, `pub use a::{B, C as D}`
; (`pub use a::*` is already a star module).
(use_declaration
  (visibility_modifier)
  argument: (scoped_identifier
    path: (_) @import.module
    name: (identifier) @export.from))
(use_declaration
  (visibility_modifier)
  argument: (use_as_clause
    path: (scoped_identifier
      path: (_) @import.module
      name: (identifier) @export.from)
    alias: (identifier) @export.alias))
(use_declaration
  (visibility_modifier)
  argument: (scoped_use_list
    path: (_) @import.module
    list: (use_list (identifier) @export.from)))
(use_declaration
  (visibility_modifier)
  argument: (scoped_use_list
    path: (_) @import.module
    list: (use_list
      (use_as_clause
        path: (identifier) @export.from
        alias: (identifier) @export.alias))))

; References
; ----------

(identifier) @local.reference
(type_identifier) @local.reference

; Member accesses: `x.f`, `x.m()`, and the tail of a path (`Foo::new`,
; `Color::Red`, `module::f`, `crate::a::f`, `a::Type`) are looked up on
; what the receiver is; on `self` and `Self`, the `impl` around them. A
; receiver that is not a reference (`crate`, `super`, `self::`) is a path.
(field_expression
  value: (self) @receiver.self
  field: (field_identifier) @reference.member)
((field_expression
  value: (_) @receiver
  field: (field_identifier) @reference.member)
  (#not-eq? @receiver "self"))
((scoped_identifier
  path: (identifier) @receiver.self
  name: (identifier) @reference.member)
  (#eq? @receiver.self "Self"))
((scoped_identifier
  path: (_) @receiver
  name: (identifier) @reference.member)
  (#not-eq? @receiver "Self"))
((scoped_type_identifier
  path: (identifier) @receiver.self
  name: (type_identifier) @reference.member)
  (#eq? @receiver.self "Self"))
((scoped_type_identifier
  path: (_) @receiver
  name: (type_identifier) @reference.member)
  (#not-eq? @receiver "Self"))

; Names that are not uses of a binding in scope: labels, lifetimes,
; attribute names.
(label (identifier) @reference.skip)
(lifetime (identifier) @reference.skip)
(attribute (identifier) @reference.skip)
; Inside `use`, only the first segment of a path names something in scope.
(use_as_clause path: (identifier) @reference.skip)
(use_list (scoped_identifier path: (identifier) @reference.skip))
(use_list (scoped_use_list path: (identifier) @reference.skip))
(use_list (use_wildcard (identifier) @reference.skip))
(attribute arguments: (token_tree (identifier) @reference.skip))

(call_expression function: (identifier) @reference.call)
(call_expression function: (scoped_identifier name: (identifier) @reference.call))
(call_expression function: (field_expression field: (field_identifier) @reference.call))
(macro_invocation macro: (identifier) @reference.call)

; Names a value evidently holds, for calls through it (docs/calls.md):
; array elements, what a binding is set to, what a function returns.
(static_item name: (identifier) @value.holder value: (array_expression (identifier) @value.entry))
(const_item name: (identifier) @value.holder value: (array_expression (identifier) @value.entry))
(let_declaration
  pattern: (identifier) @value.holder
  value: (array_expression (identifier) @value.entry))
(let_declaration pattern: (identifier) @value.holder value: (identifier) @value.assigned)
(function_item name: (identifier) @value.holder body: (block (identifier) @value.returned))
(function_item
  name: (identifier) @value.holder
  body: (block (expression_statement (return_expression (identifier) @value.returned))))
; TABLE[1](), make()()
(call_expression
  function: (index_expression (identifier) @call.slot (integer_literal) @call.key))
(call_expression function: (call_expression function: (identifier) @call.result))

; Documentation: `///` and `/** */` comments before an item are found by
; walking siblings in `rust::leading_doc` (as a pattern, a run of comments is
; matched in time quadratic in its length).
