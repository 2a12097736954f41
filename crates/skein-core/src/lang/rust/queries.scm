; Rust scopes, definitions, imports and references.

(source_file) @local.scope.function
(block) @local.scope
(function_item) @local.scope.function
(closure_expression) @local.scope.function
(impl_item) @local.scope
(mod_item) @local.scope

(function_item name: (identifier) @hoist.definition.function) @enclosing
(struct_item name: (type_identifier) @hoist.definition.struct) @enclosing
(enum_item name: (type_identifier) @hoist.definition.enum) @enclosing
(trait_item name: (type_identifier) @hoist.definition.trait) @enclosing
(let_declaration pattern: (identifier) @local.definition.variable) @enclosing
(parameter pattern: (identifier) @local.definition.parameter)

(use_declaration argument: (scoped_identifier name: (identifier) @local.import) @import.module)

(identifier) @local.reference
(type_identifier) @local.reference
(call_expression function: (identifier) @reference.call)
