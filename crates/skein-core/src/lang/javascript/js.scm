; JavaScript-only nodes (the TypeScript grammars spell them differently).
; This file comes BEFORE the ECMAScript query, so its patterns take
; precedence over the generic ones there (a destructured parameter is a
; parameter, not a variable).

(formal_parameters
  [
    (identifier) @local.definition.parameter
    (assignment_pattern left: (identifier) @local.definition.parameter)
    (rest_pattern (identifier) @local.definition.parameter)
    (object_pattern (shorthand_property_identifier_pattern) @local.definition.parameter)
    (object_pattern (pair_pattern value: (identifier) @local.definition.parameter))
    (object_pattern (pair_pattern value: (assignment_pattern left: (identifier) @local.definition.parameter)))
    (object_pattern (object_assignment_pattern left: (shorthand_property_identifier_pattern) @local.definition.parameter))
    (object_pattern (rest_pattern (identifier) @local.definition.parameter))
    (array_pattern (identifier) @local.definition.parameter)
    (array_pattern (assignment_pattern left: (identifier) @local.definition.parameter))
    (array_pattern (rest_pattern (identifier) @local.definition.parameter))
    (assignment_pattern left: (object_pattern (shorthand_property_identifier_pattern) @local.definition.parameter))
    (assignment_pattern left: (array_pattern (identifier) @local.definition.parameter))
  ])

(field_definition
  property: [(property_identifier) (private_property_identifier)] @local.definition.field) @enclosing
(field_definition
  property: [(property_identifier) (private_property_identifier)] @local.definition.field
  value: (new_expression
    constructor: [
      (identifier) @definition.type
      (member_expression property: (property_identifier) @definition.type)
    ])) @enclosing

; this.x = value in a constructor or method defines the field x (the
; builder makes the class around the method its owner). TypeScript declares
; its fields, so there this stays a member access.
(assignment_expression
  left: (member_expression
    object: (this)
    property: [(property_identifier) (private_property_identifier)] @local.definition.field)) @enclosing
(assignment_expression
  left: (member_expression
    object: (this)
    property: [(property_identifier) (private_property_identifier)] @local.definition.field)
  right: (new_expression
    constructor: [
      (identifier) @definition.type
      (member_expression property: (property_identifier) @definition.type)
    ])) @enclosing

; class A extends B, extends ns.B; const A = class extends B {}. Each
; pattern gives the name the kind and hoisting the ECMAScript query gives it.
(class_declaration
  name: (identifier) @hoist.definition.class
  (class_heritage
    [
      (identifier) @definition.base
      (member_expression property: (property_identifier) @definition.base)
    ])) @enclosing
(lexical_declaration
  (variable_declarator
    name: (identifier) @local.definition.variable
    value: (class
      (class_heritage
        [
          (identifier) @definition.base
          (member_expression property: (property_identifier) @definition.base)
        ]))) @enclosing)
(variable_declaration
  (variable_declarator
    name: (identifier) @hoist.definition.variable
    value: (class
      (class_heritage
        [
          (identifier) @definition.base
          (member_expression property: (property_identifier) @definition.base)
        ]))) @enclosing)
; module.exports = class C extends B {}
(expression_statement
  (assignment_expression
    left: (member_expression
      object: (identifier) @_module
      property: (property_identifier) @_exports)
    right: (class
      name: (identifier) @local.definition.class
      (class_heritage
        [
          (identifier) @definition.base
          (member_expression property: (property_identifier) @definition.base)
        ]))) @enclosing
  (#eq? @_module "module")
  (#eq? @_exports "exports"))

((comment) @docstring
  .
  (field_definition
    property: [(property_identifier) (private_property_identifier)] @local.definition.field) @enclosing
  (#match? @docstring "^/[*][*]"))

; class A extends B / extends ns.B (TypeScript's heritage has its own
; clauses, in typescript/queries.scm)
(class_declaration
  name: (_) @hoist.definition.class
  (class_heritage [
    (identifier) @definition.base
    (member_expression property: (property_identifier) @definition.base)
  ])) @enclosing
