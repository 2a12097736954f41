; JSX: component names used as elements are references (the generic
; identifier pattern already captures them); lowercase names are intrinsic
; elements (`<div>`), not uses of a binding.

((jsx_opening_element name: (identifier) @reference.skip)
  (#match? @reference.skip "^[a-z]"))
((jsx_closing_element name: (identifier) @reference.skip)
  (#match? @reference.skip "^[a-z]"))
((jsx_self_closing_element name: (identifier) @reference.skip)
  (#match? @reference.skip "^[a-z]"))
