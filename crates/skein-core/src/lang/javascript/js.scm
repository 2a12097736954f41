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

((comment) @docstring
  .
  (field_definition
    property: [(property_identifier) (private_property_identifier)] @local.definition.field) @enclosing
  (#match? @docstring "^/[*][*]"))
