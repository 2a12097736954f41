; TypeScript additions to the ECMAScript query: type-level declarations.

(interface_declaration name: (type_identifier) @local.definition.interface) @enclosing
(type_alias_declaration name: (type_identifier) @local.definition.type) @enclosing
(enum_declaration name: (identifier) @local.definition.enum) @enclosing
(abstract_class_declaration name: (type_identifier) @local.definition.class) @enclosing
(required_parameter pattern: (identifier) @local.definition.parameter)
(optional_parameter pattern: (identifier) @local.definition.parameter)
(type_identifier) @local.reference
