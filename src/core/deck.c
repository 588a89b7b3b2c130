/* Input decks are checked before PETSc reads them, so that a missing, unreadable, empty or
 * malformed deck is one line naming the file (and, for a YAML syntax error, the line and
 * column), not a traceback from every rank. A YAML deck must also have the shape PETSc's reader
 * takes (a mapping of option names to scalars, lists or nested mappings; "<<" merge keys and
 * "$$" keys as it treats them), and no key twice in one mapping: YAML forbids it, but libyaml
 * does not check it, and PETSc would silently keep the later value -- a deck edited to add a
 * key it already had would run another experiment than the one the reader sees first. Nor may
 * two keys set one option: PETSc's option names ignore case, and a nested mapping names its
 * options after its key ("ts: {type: rk}" beside "ts_type: euler"). Nor may a merge key "<<"
 * set an option the mapping set before it: PETSc applies it where it stands, against YAML's
 * rule. A deck named inside a plain options file is checked as well, since PETSc reads it too.
 * Runs before PETSc is initialised: plain C. */
#include "coreimpl.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <yaml.h>

#define MCK_DECK_DEPTH 8 /* options files naming options files: more is a loop */

/* Whether the file holds anything but blanks and comments. */
static int HasContent(FILE *f)
{
  char line[4096];

  rewind(f);
  while (fgets(line, sizeof(line), f)) {
    const char *c = line + strspn(line, " \t\r\n");
    if (*c && *c != '#' && *c != '%') return 1;
  }
  return 0;
}

/* The first syntax error of a YAML document, as libyaml (PETSc's own YAML reader) reports it. */
static int YAMLError(FILE *f, const char option[], const char path[], char msg[], size_t len)
{
  yaml_parser_t parser;
  yaml_event_t  event;
  int           bad = 0, done = 0;

  rewind(f);
  if (!yaml_parser_initialize(&parser)) return 0;
  yaml_parser_set_input_file(&parser, f);
  while (!done) {
    if (!yaml_parser_parse(&parser, &event)) {
      (void)snprintf(msg, len, "%s %s: not valid YAML: line %lu, column %lu: %s", option, path,
                     (unsigned long)parser.problem_mark.line + 1, (unsigned long)parser.problem_mark.column + 1,
                     parser.problem ? parser.problem : "syntax error");
      bad = 1;
      break;
    }
    done = event.type == YAML_STREAM_END_EVENT;
    yaml_event_delete(&event);
  }
  yaml_parser_delete(&parser);
  return bad;
}

static const char *NodeNoun(const yaml_node_t *n)
{
  return n->type == YAML_MAPPING_NODE ? "a mapping" : n->type == YAML_SEQUENCE_NODE ? "a list" : "a value";
}

static int DeckShapeError(yaml_document_t *doc, const yaml_node_t *map, const char where[], char msg[], size_t len);
static int DeckMergeOrderError(yaml_document_t *doc, const yaml_node_t *map, const yaml_node_pair_t *merge,
                               const char where[], char msg[], size_t len);

/* The one key of a list's mapping item is a merge key: PETSc's reader stops on it. */
static int ItemIsMerge(yaml_document_t *doc, const yaml_node_t *item)
{
  yaml_node_t *key;

  if (item->data.mapping.pairs.top == item->data.mapping.pairs.start) return 0;
  key = yaml_document_get_node(doc, item->data.mapping.pairs.start->key);
  return key && key->type == YAML_SCALAR_NODE && !strcmp((const char *)key->data.scalar.value, "<<");
}

/* A list value: its items are values, or mappings of at most one key (PETSc's form of a list
 * of prefixed sub-decks), that key not a merge key. */
static int DeckListError(yaml_document_t *doc, const yaml_node_t *list, const char where[], char msg[], size_t len)
{
  for (yaml_node_item_t *it = list->data.sequence.items.start; it < list->data.sequence.items.top; it++) {
    yaml_node_t *item = yaml_document_get_node(doc, *it);

    if (!item || item->type == YAML_SCALAR_NODE) continue;
    if (item->type == YAML_MAPPING_NODE && ItemIsMerge(doc, item)) {
      (void)snprintf(msg, len,
                     "%sline %lu: the merge key << is the key of a list's item; allowed: << in a mapping only", where,
                     (unsigned long)item->start_mark.line + 1);
      return 1;
    }
    if (item->type == YAML_MAPPING_NODE && item->data.mapping.pairs.top - item->data.mapping.pairs.start <= 1) {
      if (DeckShapeError(doc, item, where, msg, len)) return 1;
      continue;
    }
    (void)snprintf(msg, len, "%sline %lu: an item of a list is %s; allowed: values, or mappings of one key", where,
                   (unsigned long)item->start_mark.line + 1, NodeNoun(item));
    return 1;
  }
  return 0;
}

/* The merge key's value: a mapping, or a list of mappings, each merged into the mapping it is in. */
static int DeckMergeError(yaml_document_t *doc, const yaml_node_t *value, const char where[], char msg[], size_t len)
{
  if (value->type == YAML_MAPPING_NODE) return DeckShapeError(doc, value, where, msg, len);
  if (value->type == YAML_SEQUENCE_NODE) {
    for (yaml_node_item_t *it = value->data.sequence.items.start; it < value->data.sequence.items.top; it++) {
      yaml_node_t *item = yaml_document_get_node(doc, *it);

      if (!item) continue;
      if (item->type != YAML_MAPPING_NODE) {
        value = item;
        break;
      }
      if (DeckShapeError(doc, item, where, msg, len)) return 1;
    }
    if (value->type == YAML_SEQUENCE_NODE) return 0;
  }
  (void)snprintf(msg, len, "%sline %lu: the merge key << is given %s; allowed: a mapping or a list of mappings", where,
                 (unsigned long)value->start_mark.line + 1, NodeNoun(value));
  return 1;
}

/* A mapping of option names: keys that are names, each once, with values PETSc's reader takes. */
static int DeckShapeError(yaml_document_t *doc, const yaml_node_t *map, const char where[], char msg[], size_t len)
{
  for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
    yaml_node_t *key = yaml_document_get_node(doc, p->key), *value = yaml_document_get_node(doc, p->value);
    const char  *name;

    if (!key || !value) continue;
    if (key->type != YAML_SCALAR_NODE) {
      (void)snprintf(msg, len, "%sline %lu: a key is %s; allowed: option names", where,
                     (unsigned long)key->start_mark.line + 1, NodeNoun(key));
      return 1;
    }
    name = (const char *)key->data.scalar.value;
    if (!strncmp(name, "$$", 2)) continue; /* anchors and !include, as PETSc treats them */
    if (!strcmp(name, "<<")) {
      if (DeckMergeError(doc, value, where, msg, len) || DeckMergeOrderError(doc, map, p, where, msg, len)) return 1;
      continue;
    }
    for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < p; q++) {
      yaml_node_t *other = yaml_document_get_node(doc, q->key);

      if (other && other->type == YAML_SCALAR_NODE && !strcmp((const char *)other->data.scalar.value, name)) {
        (void)snprintf(msg, len, "%sline %lu: the key %s is given twice (first on line %lu); allowed: each key once",
                       where, (unsigned long)key->start_mark.line + 1, name, (unsigned long)other->start_mark.line + 1);
        return 1;
      }
    }
    if (value->type == YAML_MAPPING_NODE && DeckShapeError(doc, value, where, msg, len)) return 1;
    if (value->type == YAML_SEQUENCE_NODE && DeckListError(doc, value, where, msg, len)) return 1;
  }
  return 0;
}

/* ---- one option set twice under two spellings --------------------------------------------
 * PETSc's reader names the option of a key after the keys of the mappings around it ("ts:
 * {type: rk}" sets -ts_type, as "ts_type: rk" does; a list's one-key mapping item "key: [{a: ..}]"
 * adds "key_") and compares option names ignoring case: two keys that the exact check above
 * sees as different can still set one option, and PETSc would keep the later value. */
typedef struct {
  char          name[512]; /* the option, without its dash, as the deck spells it */
  char          keys[512]; /* the keys that lead to it: "ts: type" */
  unsigned long line;
} DeckOption;

typedef struct {
  DeckOption *v;
  size_t      n, cap;
} DeckOptions;

static int DeckOptionAdd(DeckOptions *o, const char prefix[], const char path[], const char key[], unsigned long line)
{
  if (o->n == o->cap) {
    size_t      cap = o->cap ? 2 * o->cap : 64;
    DeckOption *v   = (DeckOption *)realloc(o->v, cap * sizeof(*v));

    if (!v) return 1;
    o->v   = v;
    o->cap = cap;
  }
  (void)snprintf(o->v[o->n].name, sizeof(o->v[o->n].name), "%s%s", prefix, key);
  (void)snprintf(o->v[o->n].keys, sizeof(o->v[o->n].keys), "%s%s", path, key);
  o->v[o->n++].line = line;
  return 0;
}

static int DeckOptionClash(yaml_document_t *doc, const yaml_node_t *map, const char where[], char msg[], size_t len);

/* The options a mapping sets with its own keys and those of the mappings and list items inside
 * it (prefix: their option prefix, path: their keys so far). A merge key's mappings give
 * defaults that the mapping's own keys override: each is checked on its own instead. */
static int DeckOptionsCollect(yaml_document_t *doc, const yaml_node_t *map, const char prefix[], const char path[],
                              DeckOptions *o, const char where[], char msg[], size_t len)
{
  for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
    yaml_node_t  *key = yaml_document_get_node(doc, p->key), *value = yaml_document_get_node(doc, p->value);
    const char   *name;
    char          inner[512], innerpath[512];
    unsigned long line;

    if (!key || !value || key->type != YAML_SCALAR_NODE) continue;
    name = (const char *)key->data.scalar.value;
    line = (unsigned long)key->start_mark.line + 1;
    if (!strncmp(name, "$$", 2)) continue;
    if (!strcmp(name, "<<")) {
      if (value->type == YAML_MAPPING_NODE && DeckOptionClash(doc, value, where, msg, len)) return 1;
      if (value->type == YAML_SEQUENCE_NODE)
        for (yaml_node_item_t *it = value->data.sequence.items.start; it < value->data.sequence.items.top; it++) {
          yaml_node_t *item = yaml_document_get_node(doc, *it);

          if (item && item->type == YAML_MAPPING_NODE && DeckOptionClash(doc, item, where, msg, len)) return 1;
        }
      continue;
    }
    (void)snprintf(inner, sizeof(inner), "%s%s_", prefix, name);
    if (value->type == YAML_MAPPING_NODE) {
      (void)snprintf(innerpath, sizeof(innerpath), "%s%s: ", path, name);
      if (DeckOptionsCollect(doc, value, inner, innerpath, o, where, msg, len)) return 1;
      continue;
    }
    if (DeckOptionAdd(o, prefix, path, name, line)) return 0; /* out of memory: PETSc will say so */
    if (value->type != YAML_SEQUENCE_NODE) continue;
    (void)snprintf(innerpath, sizeof(innerpath), "%s%s: - ", path, name);
    for (yaml_node_item_t *it = value->data.sequence.items.start; it < value->data.sequence.items.top; it++) {
      yaml_node_t *item = yaml_document_get_node(doc, *it);

      if (item && item->type == YAML_MAPPING_NODE &&
          DeckOptionsCollect(doc, item, inner, innerpath, o, where, msg, len))
        return 1;
    }
  }
  return 0;
}

/* Two keys of a mapping (with what is inside it) that set one option: refused, naming both. */
static int DeckOptionClash(yaml_document_t *doc, const yaml_node_t *map, const char where[], char msg[], size_t len)
{
  DeckOptions o   = {NULL, 0, 0};
  int         bad = DeckOptionsCollect(doc, map, "", "", &o, where, msg, len);

  for (size_t j = 1; j < o.n && !bad; j++)
    for (size_t i = 0; i < j && !bad; i++)
      if (!strcasecmp(o.v[i].name, o.v[j].name)) {
        (void)snprintf(msg, len,
                       "%sline %lu: the keys %s (line %lu) and %s (line %lu) both set the option -%s; allowed: each "
                       "option once (option names ignore case)",
                       where, o.v[j].line, o.v[i].keys, o.v[i].line, o.v[j].keys, o.v[j].line, o.v[i].name);
        bad = 1;
      }
  free(o.v);
  return bad;
}

/* ---- a merge key that overrides the mapping's own keys ---------------------------------------
 * YAML's rule: a mapping's own keys win over those a merge key "<<" brings in, wherever it stands,
 * and of a list of merged mappings the first wins. PETSc's reader instead sets the options of a
 * merge key where it stands, so a later value replaces an earlier one: "<<" after a key it also
 * sets, or a merged mapping after another that sets the same option, would run with the value a
 * YAML reader says is overridden. Such a deck is refused; "<<" first in its mapping, with merged
 * mappings that share no option, reads the same both ways. */

/* The mappings a merge key's value names: the value, or each mapping of its list (the first max). */
static size_t DeckMergedMaps(yaml_document_t *doc, const yaml_node_t *value, const yaml_node_t **maps, size_t max)
{
  size_t n = 0;

  if (value->type == YAML_MAPPING_NODE) maps[n++] = value;
  if (value->type == YAML_SEQUENCE_NODE)
    for (yaml_node_item_t *it = value->data.sequence.items.start; it < value->data.sequence.items.top && n < max;
         it++) {
      yaml_node_t *item = yaml_document_get_node(doc, *it);

      if (item && item->type == YAML_MAPPING_NODE) maps[n++] = item;
    }
  return n;
}

/* The options set by the pairs [start, end) of a mapping, its own keys and its merge keys' mappings. */
static int DeckOptionsBefore(yaml_document_t *doc, const yaml_node_t *map, const yaml_node_pair_t *end, DeckOptions *o,
                             const char where[], char msg[], size_t len)
{
  for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < end; p++) {
    yaml_node_t       *key = yaml_document_get_node(doc, p->key), *value = yaml_document_get_node(doc, p->value);
    const yaml_node_t *maps[64];
    yaml_node_t        one;
    size_t             n;

    if (!key || !value || key->type != YAML_SCALAR_NODE) continue;
    if (strcmp((const char *)key->data.scalar.value, "<<")) {
      /* the one pair as a mapping of its own, so that its options are named as DeckOptionsCollect names them */
      one                          = *map;
      one.data.mapping.pairs.start = p;
      one.data.mapping.pairs.top   = p + 1;
      if (DeckOptionsCollect(doc, &one, "", "", o, where, msg, len)) return 1;
      continue;
    }
    n = DeckMergedMaps(doc, value, maps, sizeof(maps) / sizeof(maps[0]));
    for (size_t i = 0; i < n; i++)
      if (DeckOptionsCollect(doc, maps[i], "", "<<: ", o, where, msg, len)) return 1;
  }
  return 0;
}

static int DeckMergeOrderError(yaml_document_t *doc, const yaml_node_t *map, const yaml_node_pair_t *merge,
                               const char where[], char msg[], size_t len)
{
  yaml_node_t       *key = yaml_document_get_node(doc, merge->key), *value = yaml_document_get_node(doc, merge->value);
  const yaml_node_t *maps[64];
  DeckOptions        before = {NULL, 0, 0}, merged = {NULL, 0, 0};
  size_t             n   = DeckMergedMaps(doc, value, maps, sizeof(maps) / sizeof(maps[0]));
  int                bad = DeckOptionsBefore(doc, map, merge, &before, where, msg, len);

  for (size_t m = 0; m < n && !bad; m++) {
    merged.n = 0;
    bad      = DeckOptionsCollect(doc, maps[m], "", "<<: ", &merged, where, msg, len);
    for (size_t j = 0; j < merged.n && !bad; j++)
      for (size_t i = 0; i < before.n && !bad; i++)
        if (!strcasecmp(before.v[i].name, merged.v[j].name)) {
          (void)snprintf(msg, len,
                         "%sline %lu: the merge key << sets the option -%s (key %s, line %lu) that %s (line %lu) "
                         "before it sets: PETSc applies << where it stands, so its value would win, the reverse of "
                         "YAML's rule; allowed: << first in its mapping, its mappings sharing no option",
                         where, (unsigned long)key->start_mark.line + 1, merged.v[j].name, merged.v[j].keys,
                         merged.v[j].line, before.v[i].keys, before.v[i].line);
          bad = 1;
        }
    for (size_t j = 0; j < merged.n && !bad; j++) { /* what this mapping set, for the mappings after it */
      if (DeckOptionAdd(&before, "", "", merged.v[j].name, merged.v[j].line)) break;
      memcpy(before.v[before.n - 1].keys, merged.v[j].keys, sizeof(merged.v[j].keys));
    }
  }
  free(before.v);
  free(merged.v);
  return bad;
}

/* Every document of the deck: empty, or a mapping of option names (DeckShapeError). */
static int YAMLShapeError(FILE *f, const char option[], const char path[], char msg[], size_t len)
{
  yaml_parser_t   parser;
  yaml_document_t doc;
  yaml_node_t    *root;
  char            where[PETSC_MAX_PATH_LEN + 64];
  int             bad = 0;

  rewind(f);
  (void)snprintf(where, sizeof(where), "%s %s: ", option, path);
  if (!yaml_parser_initialize(&parser)) return 0;
  yaml_parser_set_input_file(&parser, f);
  while (!bad && yaml_parser_load(&parser, &doc)) {
    if (!(root = yaml_document_get_root_node(&doc))) {
      yaml_document_delete(&doc);
      break;
    }
    if (root->type == YAML_MAPPING_NODE)
      bad = DeckShapeError(&doc, root, where, msg, len) || DeckOptionClash(&doc, root, where, msg, len);
    else if (root->type != YAML_SCALAR_NODE || root->data.scalar.value[0]) {
      (void)snprintf(msg, len, "%sline %lu: the deck is %s; allowed: a mapping of option names to values (key: value)",
                     where, (unsigned long)root->start_mark.line + 1, NodeNoun(root));
      bad = 1;
    }
    yaml_document_delete(&doc);
  }
  yaml_parser_delete(&parser);
  return bad;
}

static int CheckDeck(const char option[], const char path[], int yaml, int depth, char msg[], size_t len);

/* The decks a plain options file names itself (PETSc reads them as it reads this file), each
 * checked as if it were given on the command line; a message names the files that led to it. */
static int NestedDeckError(FILE *f, const char option[], const char path[], int depth, char msg[], size_t len)
{
  char line[4096], named[4096];

  rewind(f);
  while (fgets(line, sizeof(line), f)) {
    char *save = NULL, *inner = strtok_r(line, " \t\r\n", &save), *value = strtok_r(NULL, " \t\r\n", &save);
    int   yaml = inner && !strcmp(inner, "-options_file_yaml");

    /* PETSc takes one option and its value per line */
    if (!inner || (!yaml && strcmp(inner, "-options_file"))) continue;
    if (depth >= MCK_DECK_DEPTH) {
      (void)snprintf(
          msg, len,
          "-options_file %s: options files nested more than %d deep (one naming itself?); allowed: at most %d", path,
          MCK_DECK_DEPTH, MCK_DECK_DEPTH);
      return 1;
    }
    (void)snprintf(named, sizeof(named), "%s %s: %s", option, path, inner);
    if (CheckDeck(named, value, yaml, depth + 1, msg, len)) return 1;
  }
  return 0;
}

static int CheckDeck(const char option[], const char path[], int yaml, int depth, char msg[], size_t len)
{
  struct stat st;
  FILE       *f;
  int         bad = 0;

  if (!path || !path[0] || path[0] == '-') {
    (void)snprintf(msg, len, "%s: needs the name of an options file", option);
    return 1;
  }
  if (stat(path, &st)) {
    (void)snprintf(msg, len, "%s %s: %s", option, path, strerror(errno));
    return 1;
  }
  if (S_ISDIR(st.st_mode)) {
    (void)snprintf(msg, len, "%s %s: is a directory, not an options file", option, path);
    return 1;
  }
  if (!(f = fopen(path, "r"))) {
    (void)snprintf(msg, len, "%s %s: cannot be read: %s", option, path, strerror(errno));
    return 1;
  }
  if (!HasContent(f)) {
    (void)snprintf(msg, len, "%s %s: the file is empty (no options); leave the option out to run on the defaults",
                   option, path);
    bad = 1;
  } else if (yaml) bad = YAMLError(f, option, path, msg, len) || YAMLShapeError(f, option, path, msg, len);
  else bad = NestedDeckError(f, option, path, depth, msg, len);
  (void)fclose(f);
  return bad;
}

int McKeanCheckDecks(int argc, char **argv, char msg[], size_t len)
{
  for (int i = 1; i < argc; i++) {
    int yaml = !strcmp(argv[i], "-options_file_yaml");
    if (!yaml && strcmp(argv[i], "-options_file")) continue;
    if (CheckDeck(argv[i], i + 1 < argc ? argv[i + 1] : NULL, yaml, 0, msg, len)) return 1;
  }
  return 0;
}
