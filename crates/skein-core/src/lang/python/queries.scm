; Python scopes, definitions, imports and references.
;
; Order matters: when patterns capture the same name, the earliest one says
; what it is (see `lang`). Specific patterns first, generic ones after,
; export markers and documentation last.

; Scopes
; ------

(module) @local.scope.function
(function_definition) @local.scope.function
(lambda) @local.scope.function
(class_definition body: (block) @local.scope)
; Comprehensions have their own scope; their targets are visible in the
; whole comprehension (the body comes before the `for`).
[
  (list_comprehension)
  (set_comprehension)
  (dictionary_comprehension)
  (generator_expression)
] @local.scope.function

; Imports
; -------

; import a.b binds the whole module a
(import_statement
  name: (dotted_name . (identifier) @local.import.namespace @import.module))
; import a.b as c binds the whole module a.b
(import_statement
  name: (aliased_import
    name: (dotted_name) @import.module
    alias: (identifier) @local.import.namespace))
; from m import * takes every public name of m
(import_from_statement
  module_name: (_) @import.module
  (wildcard_import) @import.star)
; from .m import x
(import_from_statement
  module_name: (_) @import.module
  name: (dotted_name . (identifier) @local.import .))
; from ..pkg.m import x as y
(import_from_statement
  module_name: (_) @import.module
  name: (aliased_import
    name: (dotted_name) @import.name
    alias: (identifier) @local.import))

; Functions and classes
; ---------------------

(class_definition
  body: (block
    (function_definition
      name: (identifier) @local.definition.method) @enclosing))
(class_definition
  body: (block
    (decorated_definition
      definition: (function_definition
        name: (identifier) @local.definition.method) @enclosing)))
(function_definition
  name: (identifier) @local.definition.function) @enclosing
(class_definition
  name: (identifier) @local.definition.class) @enclosing

; Class attributes: reached through the class or an instance.
(class_definition
  body: (block
    (expression_statement
      (assignment
        left: (identifier) @local.definition.field) @enclosing)))

; Attributes assigned through `self` (or `cls`), in a method: fields of
; the class around it.
((assignment
  left: (attribute
    object: (identifier) @_self
    attribute: (identifier) @local.definition.field)) @enclosing
  (#any-of? @_self "self" "cls"))
((pattern_list
  (attribute
    object: (identifier) @_self
    attribute: (identifier) @local.definition.field))
  (#any-of? @_self "self" "cls"))

; Parameters
; ----------

(parameters (identifier) @local.definition.parameter)
(lambda_parameters (identifier) @local.definition.parameter)
(default_parameter name: (identifier) @local.definition.parameter)
(typed_parameter (identifier) @local.definition.parameter)
(typed_default_parameter name: (identifier) @local.definition.parameter)
(parameters (list_splat_pattern (identifier) @local.definition.parameter))
(parameters (dictionary_splat_pattern (identifier) @local.definition.parameter))
(lambda_parameters (list_splat_pattern (identifier) @local.definition.parameter))
(lambda_parameters (dictionary_splat_pattern (identifier) @local.definition.parameter))
(typed_parameter (list_splat_pattern (identifier) @local.definition.parameter))
(typed_parameter (dictionary_splat_pattern (identifier) @local.definition.parameter))

; Variables
; ---------

; f = lambda x: x
(assignment
  left: (identifier) @local.definition.function
  right: (lambda)) @enclosing
; Module-level UPPER_CASE names are constants.
((module
  (expression_statement
    (assignment
      left: (identifier) @local.definition.constant) @enclosing))
  (#match? @local.definition.constant "^_*[A-Z][A-Z0-9_]*$"))

(assignment
  left: [
    (identifier) @local.definition.variable
    (pattern_list (identifier) @local.definition.variable)
    (pattern_list (list_splat_pattern (identifier) @local.definition.variable))
    (tuple_pattern (identifier) @local.definition.variable)
    (tuple_pattern (list_splat_pattern (identifier) @local.definition.variable))
    (list_pattern (identifier) @local.definition.variable)
    (list_pattern (list_splat_pattern (identifier) @local.definition.variable))
  ]) @enclosing
(named_expression
  name: (identifier) @local.definition.variable) @enclosing

; Comprehension targets belong to the comprehension.
(for_in_clause
  left: [
    (identifier) @hoist.definition.variable
    (pattern_list (identifier) @hoist.definition.variable)
    (tuple_pattern (identifier) @hoist.definition.variable)
  ])

(for_statement left: (identifier) @local.definition.variable)
(as_pattern_target (identifier) @local.definition.variable)
(as_pattern_target (tuple (identifier) @local.definition.variable))
(as_pattern_target (list (identifier) @local.definition.variable))

; match statements: `case x`, `case Point(x=px)`, `case [a, *rest]`
(case_pattern . (dotted_name . (identifier) @local.definition.variable .) .)
(keyword_pattern (dotted_name . (identifier) @local.definition.variable .))
(splat_pattern (identifier) @local.definition.variable)

; Nested unpacking, at any depth (for targets, nested tuples)
(pattern_list (identifier) @local.definition.variable)
(tuple_pattern (identifier) @local.definition.variable)
(list_pattern (identifier) @local.definition.variable)
(list_splat_pattern (identifier) @local.definition.variable)

; Evident types and bases: these patterns only complete definitions found
; above (the earlier patterns decide their kinds).
; ------------------------------------------------------------------------

; x: C = ..., x: mod.C (an annotation wins over the call)
(assignment
  left: (identifier) @local.definition.variable
  type: (type [
    (identifier) @definition.type
    (attribute attribute: (identifier) @definition.type)
  ]))
; x = C(), x = mod.C()
(assignment
  left: (identifier) @local.definition.variable
  right: (call
    function: [
      (identifier) @definition.type
      (attribute attribute: (identifier) @definition.type)
    ]))
; self.x: C = ..., self.x = C() (an annotation wins over the call)
((assignment
  left: (attribute
    object: (identifier) @_self
    attribute: (identifier) @local.definition.field)
  type: (type [
    (identifier) @definition.type
    (attribute attribute: (identifier) @definition.type)
  ]))
  (#any-of? @_self "self" "cls"))
((assignment
  left: (attribute
    object: (identifier) @_self
    attribute: (identifier) @local.definition.field)
  right: (call
    function: [
      (identifier) @definition.type
      (attribute attribute: (identifier) @definition.type)
    ]))
  (#any-of? @_self "self" "cls"))
; def f(p: C, q: mod.C = None)
(typed_parameter
  (identifier) @local.definition.parameter
  type: (type [
    (identifier) @definition.type
    (attribute attribute: (identifier) @definition.type)
  ]))
(typed_default_parameter
  name: (identifier) @local.definition.parameter
  type: (type [
    (identifier) @definition.type
    (attribute attribute: (identifier) @definition.type)
  ]))
; class A(B, mod.C, Generic[T]): positional bases only (not metaclass=)
(class_definition
  name: (identifier) @local.definition.class
  superclasses: (argument_list [
    (identifier) @definition.base
    (attribute attribute: (identifier) @definition.base)
    (subscript value: [
      (identifier) @definition.base
      (attribute attribute: (identifier) @definition.base)
    ])
  ]))

; Exports: module-level names not starting with `_` are exported; the
; builder applies that rule (`Language::exports_public_module_names`), as a
; pattern rooted at the module costs time per top-level statement.

; References
; ----------

(identifier) @local.reference

; Member accesses: `obj.name` is looked up on what `obj` is; `self.name`
; and `cls.name` on the class around the method.
((attribute
  object: (identifier) @receiver.self
  attribute: (identifier) @reference.member)
  (#any-of? @receiver.self "self" "cls"))
((attribute
  object: (call function: (identifier) @_super) @receiver.super
  attribute: (identifier) @reference.member)
  (#eq? @_super "super"))
; `C().m`: an instance of `C` when `C` is a class (the resolver checks).
(attribute
  object: (call function: (identifier) @receiver.instance)
  attribute: (identifier) @reference.member)
; (the builder prefers the `self`/`super()` receivers above to this one)
(attribute
  object: (_) @receiver
  attribute: (identifier) @reference.member)

; Names that are not uses of a binding in scope.
(keyword_argument name: (identifier) @reference.skip)
(keyword_pattern . (identifier) @reference.skip)
(import_statement name: (dotted_name (identifier) @reference.skip))
(aliased_import name: (dotted_name (identifier) @reference.skip))
(import_from_statement module_name: (dotted_name (identifier) @reference.skip))
(import_from_statement module_name: (relative_import (dotted_name (identifier) @reference.skip)))
; ...but each part of `from a.b import c` names a module: a, then a.b.
(import_from_statement module_name: _ @import.path)

(call function: (identifier) @reference.call)
(call function: (attribute attribute: (identifier) @reference.call))
; `@logged` calls `logged` with the function it decorates, where the
; decorated definition stands (module or class body).
(decorator (identifier) @reference.call)
(decorator (attribute attribute: (identifier) @reference.call))

; Names a value evidently holds, for calls through it (docs/calls.md):
; dict and list entries, what a variable is set to, what a function returns.
(assignment
  left: (identifier) @value.holder
  right: (dictionary
    (pair
      key: (string (string_content) @value.key)
      value: (identifier) @value.entry)))
(assignment
  left: (identifier) @value.holder
  right: [
    (list (identifier) @value.entry)
    (tuple (identifier) @value.entry)
  ])
(assignment left: (identifier) @value.holder right: (identifier) @value.assigned)
(function_definition
  name: (identifier) @value.holder
  body: (block (return_statement (identifier) @value.returned)))
; HANDLERS["a"](), FUNCS[1](), make()()
(call
  function: (subscript
    value: (identifier) @call.slot
    subscript: [
      (string (string_content) @call.key)
      (integer) @call.key
    ]))
(call function: (call function: (identifier) @call.result))

; Documentation: the first statement of the body, when it is a string
; --------------------------------------------------------------------

(function_definition
  name: (identifier) @local.definition.function
  body: (block . (expression_statement (string) @docstring))) @enclosing
(class_definition
  name: (identifier) @local.definition.class
  body: (block . (expression_statement (string) @docstring))) @enclosing
