; ECMAScript scopes, definitions, imports and references.
; Shared by JavaScript, TypeScript and TSX: use only nodes all three grammars
; have (JavaScript-only nodes go in js.scm, JSX in jsx.scm).
;
; Order matters: when patterns capture the same name, the earliest one says
; what it is (see `lang`). Specific patterns first, generic ones after,
; export markers and documentation last.

; Scopes
; ------

(program) @local.scope.function
(statement_block) @local.scope
(for_statement) @local.scope
(for_in_statement) @local.scope
(catch_clause) @local.scope
(switch_body) @local.scope
(class_declaration) @local.scope
(class) @local.scope
(class_body) @local.scope
(function_declaration) @local.scope.function
(generator_function_declaration) @local.scope.function
(function_expression) @local.scope.function
(generator_function) @local.scope.function
(arrow_function) @local.scope.function
(method_definition) @local.scope.function
(class_static_block) @local.scope.function

; Imports
; -------

; import x from 'm', import * as ns from 'm'
(import_statement
  (import_clause (identifier) @local.import.default)
  source: (string) @import.module)
(import_statement
  (import_clause
    (namespace_import (identifier) @local.import.namespace))
  source: (string) @import.module)
; import { a as b }, import { default as b }
(import_statement
  (import_clause
    (named_imports
      (import_specifier
        name: _ @import.name @reference.skip
        alias: (identifier) @local.import)))
  source: (string) @import.module)
(import_statement
  (import_clause
    (named_imports
      (import_specifier
        name: (identifier) @local.import
        !alias)))
  source: (string) @import.module)

; const x = require('m') binds what the module assigns to module.exports
; (its default export; the module itself when it has none);
; const {a, b: c} = require('m')
; imports names of it
(variable_declarator
  name: (identifier) @local.import.default
  value: (call_expression
    function: (identifier) @_require
    arguments: (arguments . (string) @import.module .))
  (#eq? @_require "require"))
; const y = require('m').x is an alias of x
(variable_declarator
  name: (identifier) @local.import
  value: (member_expression
    object: (call_expression
      function: (identifier) @_require
      arguments: (arguments . (string) @import.module .))
    property: (property_identifier) @import.name)
  (#eq? @_require "require"))
(variable_declarator
  name: (object_pattern
    (shorthand_property_identifier_pattern) @local.import)
  value: (call_expression
    function: (identifier) @_require
    arguments: (arguments . (string) @import.module .))
  (#eq? @_require "require"))
(variable_declarator
  name: (object_pattern
    (pair_pattern
      key: (property_identifier) @import.name
      value: (identifier) @local.import))
  value: (call_expression
    function: (identifier) @_require
    arguments: (arguments . (string) @import.module .))
  (#eq? @_require "require"))

; CommonJS exports
; ----------------

; exports.f = function () {}, module.exports.f = () => {}, also inside an
; expression (`var f = (exports.f = function () {})`)
((assignment_expression
  left: (member_expression
    object: (identifier) @_exports
    property: (property_identifier) @local.definition.function.exported)
  right: [(function_expression) (arrow_function) (generator_function)]) @enclosing
  (#eq? @_exports "exports"))
((assignment_expression
  left: (member_expression
    object: (member_expression
      object: (identifier) @_module
      property: (property_identifier) @_exports)
    property: (property_identifier) @local.definition.function.exported)
  right: [(function_expression) (arrow_function) (generator_function)]) @enclosing
  (#eq? @_module "module")
  (#eq? @_exports "exports"))
; exports.x = y exports the local y as x
(assignment_expression
  left: (member_expression
    object: (identifier) @_exports
    property: (property_identifier) @definition.skip @export.alias)
  right: (identifier) @reference.export
  (#eq? @_exports "exports"))
(assignment_expression
  left: (member_expression
    object: (member_expression
      object: (identifier) @_module
      property: (property_identifier) @_exports)
    property: (property_identifier) @definition.skip @export.alias)
  right: (identifier) @reference.export
  (#eq? @_module "module")
  (#eq? @_exports "exports"))
; exports.x = value
(expression_statement
  (assignment_expression
    left: (member_expression
      object: (identifier) @_exports
      property: (property_identifier) @local.definition.variable.exported)) @enclosing
  (#eq? @_exports "exports"))
(expression_statement
  (assignment_expression
    left: (member_expression
      object: (member_expression
        object: (identifier) @_module
        property: (property_identifier) @_exports)
      property: (property_identifier) @local.definition.variable.exported)) @enclosing
  (#eq? @_module "module")
  (#eq? @_exports "exports"))
; module.exports = f is the default export; module.exports = { a, b: c }
; exports a, and c as b
(assignment_expression
  left: (member_expression
    object: (identifier) @_module
    property: (property_identifier) @_exports)
  right: [
    (identifier) @reference.export @export.default
    (object (shorthand_property_identifier) @reference.export)
    (object (pair
      key: (property_identifier) @export.alias
      value: (identifier) @reference.export))
  ]
  (#eq? @_module "module")
  (#eq? @_exports "exports"))
; module.exports = function f() {}, module.exports = class C {}: the name
; binds only inside the expression, and is the default export
(expression_statement
  (assignment_expression
    left: (member_expression
      object: (identifier) @_module
      property: (property_identifier) @_exports)
    right: [
      (function_expression name: (identifier) @hoist.definition.function)
      (generator_function name: (identifier) @hoist.definition.function)
      (class name: (_) @local.definition.class)
    ] @export.default) @enclosing
  (#eq? @_module "module")
  (#eq? @_exports "exports"))

; Constructor functions (ES5 classes): Foo.prototype.m = function () {}
; defines method m of Foo; Foo.m = … at the top level a static member.
(expression_statement
  (assignment_expression
    left: (member_expression
      object: (member_expression
        object: (identifier) @qualifier.name
        property: (property_identifier) @_prototype)
      property: (property_identifier) @local.definition.method)
    right: [(function_expression) (arrow_function) (generator_function)]) @enclosing
  (#eq? @_prototype "prototype"))
(program
  (expression_statement
    (assignment_expression
      left: (member_expression
        object: (identifier) @qualifier.name
        property: (property_identifier) @local.definition.method)
      right: [(function_expression) (arrow_function) (generator_function)]) @enclosing)
  (#not-any-of? @qualifier.name "exports" "module"))
(program
  (expression_statement
    (assignment_expression
      left: (member_expression
        object: (identifier) @qualifier.name
        property: (property_identifier) @local.definition.property)) @enclosing)
  (#not-any-of? @qualifier.name "exports" "module"))

; Functions and classes
; ---------------------

(function_declaration
  name: (identifier) @hoist.definition.function) @enclosing
(generator_function_declaration
  name: (identifier) @hoist.definition.function) @enclosing

(class_declaration
  name: (_) @hoist.definition.class) @enclosing

(method_definition
  name: (property_identifier) @local.definition.constructor
  (#eq? @local.definition.constructor "constructor")) @enclosing
(method_definition
  name: [(property_identifier) (private_property_identifier)] @local.definition.method) @enclosing

; Variables
; ---------

; const f = () => {}, var g = function () {}
(lexical_declaration
  (variable_declarator
    name: (identifier) @local.definition.function
    value: [(arrow_function) (function_expression) (generator_function)]) @enclosing)
(variable_declaration
  (variable_declarator
    name: (identifier) @hoist.definition.function
    value: [(arrow_function) (function_expression) (generator_function)]) @enclosing)

(lexical_declaration
  (variable_declarator
    name: [
      (identifier) @local.definition.variable
      (object_pattern (shorthand_property_identifier_pattern) @local.definition.variable)
      (object_pattern (pair_pattern value: (identifier) @local.definition.variable))
      (object_pattern (pair_pattern value: (assignment_pattern left: (identifier) @local.definition.variable)))
      (object_pattern (object_assignment_pattern left: (shorthand_property_identifier_pattern) @local.definition.variable))
      (object_pattern (rest_pattern (identifier) @local.definition.variable))
      (array_pattern (identifier) @local.definition.variable)
      (array_pattern (assignment_pattern left: (identifier) @local.definition.variable))
      (array_pattern (rest_pattern (identifier) @local.definition.variable))
    ]) @enclosing)
(variable_declaration
  (variable_declarator
    name: [
      (identifier) @hoist.definition.variable
      (object_pattern (shorthand_property_identifier_pattern) @hoist.definition.variable)
      (object_pattern (pair_pattern value: (identifier) @hoist.definition.variable))
      (object_pattern (pair_pattern value: (assignment_pattern left: (identifier) @hoist.definition.variable)))
      (object_pattern (object_assignment_pattern left: (shorthand_property_identifier_pattern) @hoist.definition.variable))
      (object_pattern (rest_pattern (identifier) @hoist.definition.variable))
      (array_pattern (identifier) @hoist.definition.variable)
      (array_pattern (assignment_pattern left: (identifier) @hoist.definition.variable))
      (array_pattern (rest_pattern (identifier) @hoist.definition.variable))
    ]) @enclosing)

(for_in_statement
  kind: "var"
  left: (identifier) @hoist.definition.variable)
(for_in_statement
  kind: ["let" "const"]
  left: (identifier) @local.definition.variable)
(catch_clause
  parameter: (identifier) @local.definition.variable)

; Parameters
; ----------

(arrow_function
  parameter: (identifier) @local.definition.parameter)

; Destructuring assignments assign, they do not declare
; -----------------------------------------------------

(assignment_expression
  left: [
    (array_pattern (identifier) @definition.skip)
    (array_pattern (assignment_pattern left: (identifier) @definition.skip))
    (array_pattern (rest_pattern (identifier) @definition.skip))
    (object_pattern (shorthand_property_identifier_pattern) @definition.skip @local.reference)
    (object_pattern (pair_pattern value: (identifier) @definition.skip))
    (object_pattern (object_assignment_pattern left: (shorthand_property_identifier_pattern) @definition.skip @local.reference))
    (object_pattern (rest_pattern (identifier) @definition.skip))
  ])
(for_in_statement
  !kind
  left: [
    (array_pattern (identifier) @definition.skip)
    (object_pattern (shorthand_property_identifier_pattern) @definition.skip @local.reference)
    (object_pattern (pair_pattern value: (identifier) @definition.skip))
  ])

; Nested destructuring, at any depth
; ----------------------------------

(object_pattern (shorthand_property_identifier_pattern) @local.definition.variable)
(object_assignment_pattern left: (shorthand_property_identifier_pattern) @local.definition.variable)
(pair_pattern value: (identifier) @local.definition.variable)
(array_pattern (identifier) @local.definition.variable)
(rest_pattern (identifier) @local.definition.variable)
(assignment_pattern left: (identifier) @local.definition.variable)

; Evident types
; -------------

; const u = new User(), new ns.User() (the kind is decided above)
(variable_declarator
  name: (identifier) @local.definition.variable
  value: (new_expression
    constructor: [
      (identifier) @definition.type
      (member_expression property: (property_identifier) @definition.type)
    ]))

; Exports
; -------

; export default function f() {}, export default class C {}
(export_statement
  "default" @export.default
  declaration: [
    (function_declaration name: (identifier) @hoist.definition.function)
    (generator_function_declaration name: (identifier) @hoist.definition.function)
    (class_declaration name: (_) @hoist.definition.class)
  ] @enclosing)
(export_statement
  declaration: [
    (function_declaration name: (identifier) @hoist.definition.function.exported)
    (generator_function_declaration name: (identifier) @hoist.definition.function.exported)
    (class_declaration name: (_) @hoist.definition.class.exported)
  ] @enclosing)
(export_statement
  declaration: (lexical_declaration
    (variable_declarator
      name: [
        (identifier) @local.definition.variable.exported
        (object_pattern (shorthand_property_identifier_pattern) @local.definition.variable.exported)
        (object_pattern (pair_pattern value: (identifier) @local.definition.variable.exported))
        (array_pattern (identifier) @local.definition.variable.exported)
      ]) @enclosing))
(export_statement
  declaration: (variable_declaration
    (variable_declarator
      name: [
        (identifier) @hoist.definition.variable.exported
        (object_pattern (shorthand_property_identifier_pattern) @hoist.definition.variable.exported)
        (object_pattern (pair_pattern value: (identifier) @hoist.definition.variable.exported))
        (array_pattern (identifier) @hoist.definition.variable.exported)
      ]) @enclosing))

; export { a, b as c }; export default a
(export_statement
  (export_clause
    (export_specifier
      name: (identifier) @reference.export
      !alias))
  !source)
(export_statement
  (export_clause
    (export_specifier
      name: (identifier) @reference.export
      alias: [
        (identifier) @export.alias
        (string (string_fragment) @export.alias)
        "default" @export.alias
      ]))
  !source)
(export_statement
  "default" @export.default
  value: (identifier) @reference.export)
; An anonymous default export (`export default { a, b }`, `export default
; (config) => …`, `export default function () {}`) is a definition named
; `default`, at the keyword; an object's keys are exports of the module.
(export_statement
  "default" @local.definition.function @export.default
  value: [(arrow_function) (function_expression) (generator_function)]) @enclosing
(export_statement
  "default" @local.definition.class @export.default
  value: (class)) @enclosing
(export_statement
  "default" @local.definition.variable @export.default
  value: [(object) (call_expression) (new_expression) (array) (member_expression)]) @enclosing
(export_statement
  value: (object (shorthand_property_identifier) @reference.export))
(export_statement
  value: (object (pair
    key: (property_identifier) @export.alias
    value: (identifier) @reference.export)))
(export_specifier alias: (_) @reference.skip)
; export { a as b } from './m', export { default } from './m' re-export
; names of another module
(export_statement
  (export_clause
    (export_specifier
      name: _ @export.from @reference.skip
      !alias))
  source: (string) @import.module)
(export_statement
  (export_clause
    (export_specifier
      name: _ @export.from @reference.skip
      alias: [
        (identifier) @export.alias
        (string (string_fragment) @export.alias)
        "default" @export.alias
      ]))
  source: (string) @import.module)
; export * from './m'; export * as ns from './m' (ns stands for the module)
(export_statement
  "*" @export.star
  source: (string) @import.module)
(export_statement
  (namespace_export
    "*" @export.from
    [
      (identifier) @export.alias @reference.skip
      (string (string_fragment) @export.alias)
    ])
  source: (string) @import.module)

; References
; ----------

(identifier) @local.reference
(shorthand_property_identifier) @local.reference

; Names that bind only inside their own expression.
(function_expression name: (identifier) @reference.skip)
(generator_function name: (identifier) @reference.skip)
(class name: (_) @reference.skip)

; `var self = this` stands for the instance in nested functions.
(variable_declarator
  name: (identifier) @local.definition.variable
  value: (this) @definition.self)

; Member accesses: `recv.name`, `this.name`, `a?.b`, `<Foo.Bar>` (the
; builder links a nested access `a.b` as the receiver of `c` in `a.b.c`).
(member_expression
  object: (this) @receiver.self
  property: [(property_identifier) (private_property_identifier)] @reference.member)
(member_expression
  object: (super) @receiver.super
  property: [(property_identifier) (private_property_identifier)] @reference.member)
; `new C().m`: an instance of `C`, built in place.
(member_expression
  object: (new_expression constructor: (identifier) @receiver.instance)
  property: [(property_identifier) (private_property_identifier)] @reference.member)
; (No predicate excludes `this`/`super` here: the builder prefers the
; specific receivers above, and a text predicate on every member access
; costs more than the match.)
(member_expression
  object: _ @receiver
  property: [(property_identifier) (private_property_identifier)] @reference.member)

(call_expression function: (identifier) @reference.call)
; `@logged` calls `logged` where the decorated class or member stands.
(decorator (identifier) @reference.call)
(decorator (member_expression property: (property_identifier) @reference.call))
(call_expression function: (member_expression property: (property_identifier) @reference.call))
(new_expression constructor: (identifier) @reference.call.constructor)
(new_expression constructor: (member_expression property: (property_identifier) @reference.call.constructor))

; Names a value evidently holds, for calls through it (docs/calls.md):
; object and array entries, what a `const` is set to, what a function
; returns. (`let` and `var` may be set again where no definition shows it.)
(lexical_declaration
  kind: "const"
  (variable_declarator
    name: (identifier) @value.holder
    value: (object [
      (shorthand_property_identifier) @value.entry.named
      (pair
        key: [(property_identifier) (string (string_fragment))] @value.key
        value: (identifier) @value.entry)
    ])))
(lexical_declaration
  kind: "const"
  (variable_declarator
    name: (identifier) @value.holder
    value: (array (identifier) @value.entry)))
(lexical_declaration
  kind: "const"
  (variable_declarator name: (identifier) @value.holder value: (identifier) @value.assigned))
(function_declaration
  name: (identifier) @value.holder
  body: (statement_block (return_statement (identifier) @value.returned)))
(lexical_declaration
  kind: "const"
  (variable_declarator
    name: (identifier) @value.holder
    value: (arrow_function body: (identifier) @value.returned)))
; handlers["a"](), list[1](), make()()
(call_expression
  function: (subscript_expression
    object: (identifier) @call.slot
    index: [
      (number) @call.key
      (string (string_fragment) @call.key)
    ]))
(call_expression function: (call_expression function: (identifier) @call.result))

; Documentation: a JSDoc comment right before the declaration
; -----------------------------------------------------------

((comment) @docstring
  .
  [
    (function_declaration name: (identifier) @hoist.definition.function)
    (generator_function_declaration name: (identifier) @hoist.definition.function)
    (class_declaration name: (_) @hoist.definition.class)
    (method_definition name: [(property_identifier) (private_property_identifier)] @local.definition.method)
  ] @enclosing
  (#match? @docstring "^/[*][*]"))
((comment) @docstring
  .
  (lexical_declaration
    (variable_declarator name: (identifier) @local.definition.variable) @enclosing)
  (#match? @docstring "^/[*][*]"))
((comment) @docstring
  .
  (variable_declaration
    (variable_declarator name: (identifier) @hoist.definition.variable) @enclosing)
  (#match? @docstring "^/[*][*]"))
((comment) @docstring
  .
  (export_statement
    declaration: [
      (function_declaration name: (identifier) @hoist.definition.function)
      (generator_function_declaration name: (identifier) @hoist.definition.function)
      (class_declaration name: (_) @hoist.definition.class)
    ] @enclosing)
  (#match? @docstring "^/[*][*]"))
((comment) @docstring
  .
  (export_statement
    declaration: (lexical_declaration
      (variable_declarator name: (identifier) @local.definition.variable) @enclosing))
  (#match? @docstring "^/[*][*]"))
