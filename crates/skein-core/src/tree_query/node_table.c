// Lists the nodes of a tree in pre-order, as `TreeCursor` visits them, in
// one pass over tree-sitter's own subtrees; anonymous leaves a query cannot
// match are left out (see `skein_node_table`).
//
// `TreeCursor` rebuilds its child iterator from the parent on every step to
// a next sibling, and the node, kind, field and child count of the node it
// is on each take another call: over half of what `TreeQuery` spends. Here
// one loop walks the children arrays directly. It is compiled against the
// headers of the tree-sitter crate that compiled the library (build.rs), so
// the subtree layout is the library's own; what each node is given mirrors
// tree_cursor.c (`ts_tree_cursor_child_iterator_next`,
// `ts_tree_cursor_current_node`, `ts_tree_cursor_current_field_id`) and
// node.c (`ts_node_symbol`, `ts_node_is_named`). `tree_query::node_table`
// tests it against a `TreeCursor` walk node for node.

#include <stdlib.h>
#include <string.h>
#include "tree_sitter/api.h"
#include "./language.h"
#include "./subtree.h"
#include "./tree.h"

#define SKEIN_NONE UINT32_MAX

// Mirrors `TableNode` in mod.rs (repr(C)).
// A node's `TSNode` is `context` and `id` with the tree of the root (not
// kept: 8 bytes a node, room for `end_byte` in 64).
typedef struct {
  uint32_t context[4];
  const void *id;
  // The kinds of the node's children, one bit per kind modulo 64
  // (`syntax::kind_bit`).
  uint64_t child_kinds;
  uint32_t parent;
  uint32_t first_child;
  uint32_t next_sibling;
  // The last child listed so far: where the next child is linked.
  uint32_t last_child;
  // Where the node ends: known here from its size, where `ts_node_end_byte`
  // would read the subtree again later.
  uint32_t end_byte;
  TSSymbol kind;
  TSFieldId field;
  bool named;
} SkeinTableNode;

// A node whose children are being listed. A hidden node's children are
// listed as children of its nearest visible ancestor. The walk keeps one
// per level in a stack and works on the innermost in place: copying it in
// and out of locals at each level cost 6% of the walk.
typedef struct {
  const Subtree *children;
  const TSSymbol *alias_sequence;
  const TSFieldMapEntry *field_map;
  const TSFieldMapEntry *field_map_end;
  // Where the next child starts (after its padding).
  Length position;
  uint32_t child_count;
  uint32_t child_index;
  uint32_t structural_child_index;
  uint32_t visible_parent;
  // The field a child without one of its own takes: the field of the
  // hidden node being listed (0 under a visible node).
  TSFieldId inherited_field;
} Frame;

static inline uint32_t skein_add_node(
  SkeinTableNode *out,
  uint32_t capacity,
  uint32_t *count,
  TSNode node,
  uint32_t end_byte,
  TSSymbol kind,
  TSFieldId field,
  bool named,
  uint32_t parent
) {
  uint32_t at = (*count)++;
  if (at < capacity) {
    out[at] = (SkeinTableNode) {
      .context = {node.context[0], node.context[1], node.context[2], node.context[3]},
      .id = node.id,
      .child_kinds = 0,
      .parent = parent,
      .first_child = SKEIN_NONE,
      .next_sibling = SKEIN_NONE,
      .last_child = SKEIN_NONE,
      .end_byte = end_byte,
      .kind = kind,
      .field = field,
      .named = named,
    };
  }
  if (parent != SKEIN_NONE && parent < capacity) {
    SkeinTableNode *up = &out[parent];
    if (up->last_child == SKEIN_NONE) {
      up->first_child = at;
    } else if (up->last_child < capacity) {
      out[up->last_child].next_sibling = at;
    }
    up->last_child = at;
    up->child_kinds |= (uint64_t)1 << (kind % 64);
  }
  return at;
}

static inline Frame skein_frame(
  const TSLanguage *language,
  Subtree subtree,
  Length position,
  uint32_t visible_parent,
  TSFieldId inherited_field
) {
  Frame frame = {
    .children = ts_subtree_children(subtree),
    .alias_sequence = ts_language_alias_sequence(language, subtree.ptr->production_id),
    .position = position,
    .child_count = subtree.ptr->child_count,
    .child_index = 0,
    .structural_child_index = 0,
    .visible_parent = visible_parent,
    .inherited_field = inherited_field,
  };
  ts_language_field_map(
    language, subtree.ptr->production_id, &frame.field_map, &frame.field_map_end
  );
  return frame;
}

// Whether `kind` is in the bit set `kinds` of `words` 64-bit words.
static inline bool skein_kind_listed(const uint64_t *kinds, uint32_t words, TSSymbol kind) {
  return kind / 64 < words && (kinds[kind / 64] >> (kind % 64)) & 1;
}

// Writes the nodes of the tree under `root` into `out` (room for
// `capacity`) and returns how many there are. When that is more than
// `capacity`, `out` holds nothing usable and the caller asks again with
// room for all. Returns `SKEIN_NONE` when memory runs out.
//
// Anonymous leaves (punctuation, keywords) not in a field are left out
// unless their kind is in `kept_anonymous` (`kept_words` words): a query
// that never names them cannot match them, and they are four nodes in ten.
uint32_t skein_node_table(
  TSNode root,
  SkeinTableNode *out,
  uint32_t capacity,
  const uint64_t *kept_anonymous,
  uint32_t kept_words
) {
  const TSTree *tree = root.tree;
  const TSLanguage *language = tree->language;
  uint32_t count = 0;
  skein_add_node(
    out, capacity, &count, root, ts_node_end_byte(root), ts_node_symbol(root), 0,
    ts_node_is_named(root), SKEIN_NONE
  );
  Subtree root_subtree = *(const Subtree *)root.id;
  if (ts_subtree_child_count(root_subtree) == 0) return count;

  Frame inline_frames[64];
  Frame *frames = inline_frames;
  uint32_t frame_capacity = 64;
  uint32_t depth = 0;
  Length root_position = {root.context[0], {root.context[1], root.context[2]}};
  // The frame being listed is `frames[depth]`, worked on in place.
  Frame *at = frames;
  *at = skein_frame(language, root_subtree, root_position, 0, 0);

  for (;;) {
    if (at->child_index == at->child_count) {
      if (depth == 0) break;
      at = &frames[--depth];
      continue;
    }
    const Subtree *child = &at->children[at->child_index];
    Length position = at->position;
    bool extra = ts_subtree_extra(*child);
    TSSymbol alias = 0;
    TSFieldId field = 0;
    if (!extra) {
      if (at->alias_sequence) alias = at->alias_sequence[at->structural_child_index];
      for (const TSFieldMapEntry *map = at->field_map; map < at->field_map_end; map++) {
        if (!map->inherited && map->child_index == at->structural_child_index) {
          field = map->field_id;
          break;
        }
      }
      if (field == 0) field = at->inherited_field;
      at->structural_child_index++;
    }
    at->position = length_add(at->position, ts_subtree_size(*child));
    uint32_t end_byte = at->position.bytes;
    at->child_index++;
    if (at->child_index < at->child_count) {
      at->position = length_add(at->position, ts_subtree_padding(at->children[at->child_index]));
    }

    uint32_t visible_parent = at->visible_parent;
    bool visible = ts_subtree_visible(*child) || alias != 0;
    if (visible) {
      // As ts_node_new builds it.
      TSNode node = {
        {position.bytes, position.extent.row, position.extent.column, alias}, child, tree
      };
      TSSymbol kind = ts_language_public_symbol(
        language, alias ? alias : ts_subtree_symbol(*child)
      );
      bool named = alias
        ? ts_language_symbol_metadata(language, alias).named
        : ts_subtree_named(*child);
      // Left out only with no visible child (as the else branch trusts
      // tree-sitter's count): nothing listed hangs off it.
      if (!named && field == 0 && ts_subtree_visible_child_count(*child) == 0
          && !skein_kind_listed(kept_anonymous, kept_words, kind)) {
        continue;
      }
      visible_parent = skein_add_node(
        out, capacity, &count, node, end_byte, kind, field, named, visible_parent
      );
      field = 0;
      if (ts_subtree_child_count(*child) == 0) continue;
    } else if (ts_subtree_visible_child_count(*child) == 0) {
      continue;
    }

    if (depth + 1 == frame_capacity) {
      uint32_t grown = frame_capacity * 2;
      Frame *bigger = frames == inline_frames
        ? malloc(grown * sizeof(Frame))
        : realloc(frames, grown * sizeof(Frame));
      if (!bigger) {
        if (frames != inline_frames) free(frames);
        return SKEIN_NONE;
      }
      if (frames == inline_frames) memcpy(bigger, inline_frames, (depth + 1) * sizeof(Frame));
      frames = bigger;
      frame_capacity = grown;
    }
    at = &frames[++depth];
    *at = skein_frame(language, *child, position, visible_parent, field);
  }

  if (frames != inline_frames) free(frames);
  return count;
}
