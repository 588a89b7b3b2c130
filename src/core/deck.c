/* Input decks are checked before PETSc reads them, so that a missing, unreadable, empty or
 * malformed deck is one line naming the file (and, for a YAML syntax error, the line and
 * column), not a traceback from every rank. Runs before PETSc is initialised: plain C. */
#include "coreimpl.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

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

static int CheckDeck(const char option[], const char path[], int yaml, char msg[], size_t len)
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
  } else if (yaml) bad = YAMLError(f, option, path, msg, len);
  (void)fclose(f);
  return bad;
}

int McKeanCheckDecks(int argc, char **argv, char msg[], size_t len)
{
  for (int i = 1; i < argc; i++) {
    int yaml = !strcmp(argv[i], "-options_file_yaml");
    if (!yaml && strcmp(argv[i], "-options_file")) continue;
    if (CheckDeck(argv[i], i + 1 < argc ? argv[i + 1] : NULL, yaml, msg, len)) return 1;
  }
  return 0;
}
