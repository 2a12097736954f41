; Python scopes, definitions, imports and references.

(module) @local.scope.function
(function_definition) @local.scope.function
(lambda) @local.scope.function
(class_definition body: (block) @local.scope)

(module (function_definition name: (identifier) @local.definition.function.exported) @enclosing)
(module (decorated_definition definition: (function_definition name: (identifier) @local.definition.function.exported) @enclosing))
(block (function_definition name: (identifier) @local.definition.function) @enclosing)
(class_definition body: (block (function_definition name: (identifier) @local.definition.method) @enclosing))
(class_definition body: (block (decorated_definition definition: (function_definition name: (identifier) @local.definition.method) @enclosing)))
(class_definition name: (identifier) @local.definition.class) @enclosing

(parameters (identifier) @local.definition.parameter)
(default_parameter name: (identifier) @local.definition.parameter)
(typed_parameter (identifier) @local.definition.parameter)
(typed_default_parameter name: (identifier) @local.definition.parameter)

(expression_statement (assignment left: (identifier) @local.definition.variable) @enclosing)

(import_statement name: (dotted_name (identifier) @local.import) @import.module)
(import_from_statement
  module_name: (_) @import.module
  name: (dotted_name (identifier) @local.import))
(import_from_statement
  module_name: (_) @import.module
  name: (aliased_import name: (dotted_name) @import.name alias: (identifier) @local.import))

(identifier) @local.reference
(call (identifier) @reference.call)
