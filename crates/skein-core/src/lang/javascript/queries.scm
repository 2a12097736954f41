; ECMAScript scopes, definitions, imports and references.
; Shared by JavaScript, TypeScript and TSX: use no JSX node here (see jsx.scm).

(program) @local.scope.function
(statement_block) @local.scope
(for_statement) @local.scope
(for_in_statement) @local.scope
(catch_clause) @local.scope
(class_body) @local.scope
(function_declaration) @local.scope.function
(generator_function_declaration) @local.scope.function
(function_expression) @local.scope.function
(arrow_function) @local.scope.function
(method_definition) @local.scope.function

(function_declaration
  name: (identifier) @hoist.definition.function) @enclosing
(generator_function_declaration
  name: (identifier) @hoist.definition.function) @enclosing
(export_statement
  declaration: (function_declaration
    name: (identifier) @hoist.definition.function.exported) @enclosing)

(class_declaration
  name: (_) @local.definition.class) @enclosing
(export_statement
  declaration: (class_declaration
    name: (_) @local.definition.class.exported) @enclosing)

(method_definition
  name: (property_identifier) @local.definition.method) @enclosing

(lexical_declaration
  (variable_declarator
    name: (identifier) @local.definition.variable) @enclosing)
(variable_declaration
  (variable_declarator
    name: (identifier) @hoist.definition.variable) @enclosing)
(export_statement
  declaration: (lexical_declaration
    (variable_declarator
      name: (identifier) @local.definition.variable.exported) @enclosing))

(formal_parameters (identifier) @local.definition.parameter)
(formal_parameters (assignment_pattern left: (identifier) @local.definition.parameter))
(arrow_function parameter: (identifier) @local.definition.parameter)

(import_statement
  (import_clause
    (named_imports
      (import_specifier
        name: (identifier) @import.name
        alias: (identifier) @local.import)))
  source: (string) @import.module)
(import_statement
  (import_clause
    (named_imports
      (import_specifier
        name: (identifier) @local.import
        !alias)))
  source: (string) @import.module)
(import_statement
  (import_clause (identifier) @local.import)
  source: (string) @import.module)
(import_statement
  (import_clause (namespace_import (identifier) @local.import))
  source: (string) @import.module)

(identifier) @local.reference

(call_expression function: (identifier) @reference.call)
(call_expression function: (member_expression property: (property_identifier) @reference.call))
(new_expression constructor: (identifier) @reference.call)
