; TypeScript additions to the ECMAScript query: type-level declarations,
; typed parameters, `import x = require()`. This file comes BEFORE the
; ECMAScript query, so its patterns take precedence over the generic ones
; there (a destructured typed parameter is a parameter, not a variable).

; Scopes
; ------

(interface_declaration) @local.scope
(type_alias_declaration) @local.scope
(abstract_class_declaration) @local.scope
(enum_body) @local.scope
(internal_module body: (statement_block) @local.scope.function)
(module body: (statement_block) @local.scope.function)
(function_signature) @local.scope.function
(method_signature) @local.scope.function
(abstract_method_signature) @local.scope.function
(call_signature) @local.scope.function
(construct_signature) @local.scope.function
(function_type) @local.scope.function
(constructor_type) @local.scope.function

; Imports
; -------

; import x = require('m') binds the whole module
(import_statement
  (import_require_clause
    (identifier) @local.import.namespace
    source: (string) @import.module))

; Declarations
; ------------

(interface_declaration
  name: (type_identifier) @hoist.definition.interface) @enclosing
(type_alias_declaration
  name: (type_identifier) @hoist.definition.type) @enclosing
(enum_declaration
  name: (identifier) @hoist.definition.enum) @enclosing
(abstract_class_declaration
  name: (type_identifier) @hoist.definition.class) @enclosing
(internal_module
  name: (identifier) @hoist.definition.module) @enclosing
(module
  name: (identifier) @hoist.definition.module) @enclosing
(function_signature
  name: (identifier) @hoist.definition.function) @enclosing

(method_signature
  name: [(property_identifier) (private_property_identifier)] @local.definition.method) @enclosing
(abstract_method_signature
  name: [(property_identifier) (private_property_identifier)] @local.definition.method) @enclosing
(property_signature
  name: [(property_identifier) (private_property_identifier)] @local.definition.property) @enclosing
(public_field_definition
  name: [(property_identifier) (private_property_identifier)] @local.definition.field) @enclosing

(enum_body
  name: (property_identifier) @local.definition.constant)
(enum_body
  (enum_assignment
    name: (property_identifier) @local.definition.constant) @enclosing)

(type_parameter
  name: (type_identifier) @local.definition.type)

; Parameter properties: `constructor(private repo: Repo)` declares the field
; `repo` of the class (still named by bare `repo` in the constructor).
(required_parameter
  [(accessibility_modifier) (override_modifier) "readonly"]
  pattern: (identifier) @local.definition.field) @enclosing
(optional_parameter
  [(accessibility_modifier) (override_modifier) "readonly"]
  pattern: (identifier) @local.definition.field) @enclosing

; Parameters
; ----------

(required_parameter
  pattern: [
    (identifier) @local.definition.parameter
    (rest_pattern (identifier) @local.definition.parameter)
    (object_pattern (shorthand_property_identifier_pattern) @local.definition.parameter)
    (object_pattern (pair_pattern value: (identifier) @local.definition.parameter))
    (object_pattern (pair_pattern value: (assignment_pattern left: (identifier) @local.definition.parameter)))
    (object_pattern (object_assignment_pattern left: (shorthand_property_identifier_pattern) @local.definition.parameter))
    (object_pattern (rest_pattern (identifier) @local.definition.parameter))
    (array_pattern (identifier) @local.definition.parameter)
    (array_pattern (assignment_pattern left: (identifier) @local.definition.parameter))
    (array_pattern (rest_pattern (identifier) @local.definition.parameter))
  ])
(optional_parameter
  pattern: [
    (identifier) @local.definition.parameter
    (rest_pattern (identifier) @local.definition.parameter)
    (object_pattern (shorthand_property_identifier_pattern) @local.definition.parameter)
    (object_pattern (pair_pattern value: (identifier) @local.definition.parameter))
    (object_pattern (pair_pattern value: (assignment_pattern left: (identifier) @local.definition.parameter)))
    (object_pattern (object_assignment_pattern left: (shorthand_property_identifier_pattern) @local.definition.parameter))
    (object_pattern (rest_pattern (identifier) @local.definition.parameter))
    (array_pattern (identifier) @local.definition.parameter)
    (array_pattern (assignment_pattern left: (identifier) @local.definition.parameter))
    (array_pattern (rest_pattern (identifier) @local.definition.parameter))
  ])

; Evident types and bases
; -----------------------
; Each pattern gives the name the kind and hoisting it has anyway (here or in
; the ECMAScript query); it only adds `@definition.type`/`@definition.base`.

; p: Foo, p?: ns.Foo, p: Foo<T>, p = new Foo()
(required_parameter
  pattern: (identifier) @local.definition.parameter
  type: (type_annotation
    [
      (type_identifier) @definition.type
      (nested_type_identifier name: (type_identifier) @definition.type)
      (generic_type name: (type_identifier) @definition.type)
      (generic_type name: (nested_type_identifier name: (type_identifier) @definition.type))
    ]))
(optional_parameter
  pattern: (identifier) @local.definition.parameter
  type: (type_annotation
    [
      (type_identifier) @definition.type
      (nested_type_identifier name: (type_identifier) @definition.type)
      (generic_type name: (type_identifier) @definition.type)
      (generic_type name: (nested_type_identifier name: (type_identifier) @definition.type))
    ]))
(required_parameter
  pattern: (identifier) @local.definition.parameter
  value: (new_expression
    constructor: [
      (identifier) @definition.type
      (member_expression property: (property_identifier) @definition.type)
    ]))
; repo: Repo, repo = new Repo()
(public_field_definition
  name: [(property_identifier) (private_property_identifier)] @local.definition.field
  type: (type_annotation
    [
      (type_identifier) @definition.type
      (nested_type_identifier name: (type_identifier) @definition.type)
      (generic_type name: (type_identifier) @definition.type)
      (generic_type name: (nested_type_identifier name: (type_identifier) @definition.type))
    ])) @enclosing
(public_field_definition
  name: [(property_identifier) (private_property_identifier)] @local.definition.field
  value: (new_expression
    constructor: [
      (identifier) @definition.type
      (member_expression property: (property_identifier) @definition.type)
    ])) @enclosing
; let x: Foo, var x: Foo (function-valued ones are functions, as in the
; ECMAScript query; a typed `const x: T = require(..)` stays a variable)
(lexical_declaration
  (variable_declarator
    name: (identifier) @local.definition.function
    type: (type_annotation
      [
        (type_identifier) @definition.type
        (nested_type_identifier name: (type_identifier) @definition.type)
        (generic_type name: (type_identifier) @definition.type)
        (generic_type name: (nested_type_identifier name: (type_identifier) @definition.type))
      ])
    value: [(arrow_function) (function_expression) (generator_function)]) @enclosing)
(lexical_declaration
  (variable_declarator
    name: (identifier) @local.definition.variable
    type: (type_annotation
      [
        (type_identifier) @definition.type
        (nested_type_identifier name: (type_identifier) @definition.type)
        (generic_type name: (type_identifier) @definition.type)
        (generic_type name: (nested_type_identifier name: (type_identifier) @definition.type))
      ])) @enclosing)
(variable_declaration
  (variable_declarator
    name: (identifier) @hoist.definition.function
    type: (type_annotation
      [
        (type_identifier) @definition.type
        (nested_type_identifier name: (type_identifier) @definition.type)
        (generic_type name: (type_identifier) @definition.type)
        (generic_type name: (nested_type_identifier name: (type_identifier) @definition.type))
      ])
    value: [(arrow_function) (function_expression) (generator_function)]) @enclosing)
(variable_declaration
  (variable_declarator
    name: (identifier) @hoist.definition.variable
    type: (type_annotation
      [
        (type_identifier) @definition.type
        (nested_type_identifier name: (type_identifier) @definition.type)
        (generic_type name: (type_identifier) @definition.type)
        (generic_type name: (nested_type_identifier name: (type_identifier) @definition.type))
      ])) @enclosing)

; class A extends B implements I, ns.J<T>; interface I extends J, K
([
  (class_declaration
    name: (type_identifier) @hoist.definition.class
    (class_heritage
      (extends_clause
        value: [
          (identifier) @definition.base
          (member_expression property: (property_identifier) @definition.base)
        ])))
  (abstract_class_declaration
    name: (type_identifier) @hoist.definition.class
    (class_heritage
      (extends_clause
        value: [
          (identifier) @definition.base
          (member_expression property: (property_identifier) @definition.base)
        ])))
] @enclosing)
([
  (class_declaration
    name: (type_identifier) @hoist.definition.class
    (class_heritage
      (implements_clause
        [
          (type_identifier) @definition.base
          (nested_type_identifier name: (type_identifier) @definition.base)
          (generic_type name: (type_identifier) @definition.base)
          (generic_type name: (nested_type_identifier name: (type_identifier) @definition.base))
        ])))
  (abstract_class_declaration
    name: (type_identifier) @hoist.definition.class
    (class_heritage
      (implements_clause
        [
          (type_identifier) @definition.base
          (nested_type_identifier name: (type_identifier) @definition.base)
          (generic_type name: (type_identifier) @definition.base)
          (generic_type name: (nested_type_identifier name: (type_identifier) @definition.base))
        ])))
] @enclosing)
(interface_declaration
  name: (type_identifier) @hoist.definition.interface
  (extends_type_clause
    type: [
      (type_identifier) @definition.base
      (nested_type_identifier name: (type_identifier) @definition.base)
      (generic_type name: (type_identifier) @definition.base)
      (generic_type name: (nested_type_identifier name: (type_identifier) @definition.base))
    ])) @enclosing
; const A = class extends B {}
(lexical_declaration
  (variable_declarator
    name: (identifier) @local.definition.variable
    value: (class
      (class_heritage
        (extends_clause
          value: [
            (identifier) @definition.base
            (member_expression property: (property_identifier) @definition.base)
          ])))) @enclosing)
(variable_declaration
  (variable_declarator
    name: (identifier) @hoist.definition.variable
    value: (class
      (class_heritage
        (extends_clause
          value: [
            (identifier) @definition.base
            (member_expression property: (property_identifier) @definition.base)
          ])))) @enclosing)

; Exports
; -------

(export_statement
  "default" @export.default
  declaration: [
    (abstract_class_declaration name: (type_identifier) @hoist.definition.class)
    (interface_declaration name: (type_identifier) @hoist.definition.interface)
  ] @enclosing)
; export = x (CommonJS-style: the default export)
(export_statement
  "=" @export.default
  (identifier) @reference.export)

(export_statement
  declaration: [
    (interface_declaration name: (type_identifier) @hoist.definition.interface.exported)
    (type_alias_declaration name: (type_identifier) @hoist.definition.type.exported)
    (enum_declaration name: (identifier) @hoist.definition.enum.exported)
    (abstract_class_declaration name: (type_identifier) @hoist.definition.class.exported)
    (internal_module name: (identifier) @hoist.definition.module.exported)
    (function_signature name: (identifier) @hoist.definition.function.exported)
  ] @enclosing)
(export_statement
  declaration: (ambient_declaration
    [
      (function_signature name: (identifier) @hoist.definition.function.exported)
      (class_declaration name: (_) @hoist.definition.class.exported)
      (lexical_declaration (variable_declarator name: (identifier) @local.definition.variable.exported))
      (variable_declaration (variable_declarator name: (identifier) @hoist.definition.variable.exported))
    ] @enclosing))

; References
; ----------

(type_identifier) @local.reference
; `ns.Foo` in a type, `a.b` in `namespace a.b`: a member of what is before
; the dot, not a name in scope.
(nested_type_identifier
  module: _ @receiver
  name: (type_identifier) @reference.member)
(nested_identifier
  object: _ @receiver
  property: (property_identifier) @reference.member)

; Documentation
; -------------

((comment) @docstring
  .
  [
    (interface_declaration name: (type_identifier) @hoist.definition.interface)
    (type_alias_declaration name: (type_identifier) @hoist.definition.type)
    (enum_declaration name: (identifier) @hoist.definition.enum)
    (abstract_class_declaration name: (type_identifier) @hoist.definition.class)
    (function_signature name: (identifier) @hoist.definition.function)
    (method_signature name: [(property_identifier) (private_property_identifier)] @local.definition.method)
    (abstract_method_signature name: [(property_identifier) (private_property_identifier)] @local.definition.method)
    (property_signature name: [(property_identifier) (private_property_identifier)] @local.definition.property)
    (public_field_definition name: [(property_identifier) (private_property_identifier)] @local.definition.field)
  ] @enclosing
  (#match? @docstring "^/[*][*]"))
((comment) @docstring
  .
  (export_statement
    declaration: [
      (interface_declaration name: (type_identifier) @hoist.definition.interface)
      (type_alias_declaration name: (type_identifier) @hoist.definition.type)
      (enum_declaration name: (identifier) @hoist.definition.enum)
      (abstract_class_declaration name: (type_identifier) @hoist.definition.class)
      (function_signature name: (identifier) @hoist.definition.function)
    ] @enclosing)
  (#match? @docstring "^/[*][*]"))
