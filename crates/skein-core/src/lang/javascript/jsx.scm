; JSX: component names used as elements are references.

(jsx_opening_element name: (identifier) @local.reference)
(jsx_self_closing_element name: (identifier) @local.reference)
