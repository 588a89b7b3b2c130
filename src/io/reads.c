/* The files a run reads, so that no output of the run replaces one of them.
 *
 * They are, in the order they are searched:
 *  1. the options files PETSc read at start: every -options_file and -options_file_yaml of the
 *     command line (PetscGetArgs) and of the PETSC_OPTIONS environment variable, and those named
 *     inside plain options files, recursively. PETSc processes these options itself and keeps
 *     them out of the options database, so the database alone would not show them;
 *  2. PETSc's default options files ~/.petscrc, .petscrc and petscrc (read unless -skip_petscrc);
 *  3. every value in the options database that names an existing file -- -restart, a data file
 *     (-mfnet_data), any other -- and every comma-separated item of a list value.
 * Files are compared by device and inode, so another spelling of the same file (./deck.yaml, a
 * symbolic or hard link) is found too. A path that does not exist cannot be a file the run
 * reads, and is not searched for. Options that name outputs (-output, -checkpoint) are skipped:
 * two outputs naming one file are told apart by the claims (claim.c). */
#include "iohelpers.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MCK_OPTIONS_FILE_DEPTH 8 /* options files naming options files: PETSc has no limit; cycles end here */

typedef struct {
  dev_t     dev;
  ino_t     ino;
  PetscBool allow_restart; /* a checkpoint may replace the checkpoint it continues */
  char     *by;            /* the option (or file) through which the target is read */
  size_t    len;
  PetscBool found;
} MckReadSearch;

/* Whether file names the searched-for file; if so, record how it is read. */
static void MckReadMatch(MckReadSearch *s, const char file[], const char by[])
{
  struct stat st;

  if (s->found || !file || !file[0] || stat(file, &st) != 0 || !S_ISREG(st.st_mode)) return;
  if (st.st_dev != s->dev || st.st_ino != s->ino) return;
  s->found = PETSC_TRUE;
  (void)PetscStrncpy(s->by, by, s->len);
}

/* Whitespace-separated tokens of text as an argv-like array in newly allocated memory (PetscFree
 * both); with comments, '#' to the end of a line is dropped (options files). */
static PetscErrorCode MckTokenize(const char text[], PetscBool comments, int *argc, char ***argv, char **store)
{
  size_t len, n = 0;
  char  *p;

  PetscFunctionBeginUser;
  PetscCall(PetscStrlen(text, &len));
  PetscCall(PetscStrallocpy(text, store));
  for (p = *store; comments && *p; p++) {
    if (*p == '#')
      while (*p && *p != '\n') *p++ = ' ';
    if (!*p) break;
  }
  PetscCall(PetscMalloc1(len / 2 + 2, argv));
  for (p = *store; *p;) {
    while (*p && isspace((unsigned char)*p)) *p++ = 0;
    if (!*p) break;
    (*argv)[n++] = p;
    while (*p && !isspace((unsigned char)*p)) p++;
  }
  *argc = (int)n;
  PetscFunctionReturn(0);
}

static PetscErrorCode MckReadScanArgs(MckReadSearch *s, int argc, char **argv, const char where[], int depth);

/* A plain options file may name further options files (PETSc reads those too). */
static PetscErrorCode MckReadScanOptionsFile(MckReadSearch *s, const char file[], int depth)
{
  FILE  *f;
  long   size;
  char  *text, **argv, *store;
  int    argc;
  size_t n;

  PetscFunctionBeginUser;
  if (depth >= MCK_OPTIONS_FILE_DEPTH || !(f = fopen(file, "r"))) PetscFunctionReturn(0);
  if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || size > (1L << 24) || fseek(f, 0, SEEK_SET) != 0) {
    (void)fclose(f);
    PetscFunctionReturn(0);
  }
  PetscCall(PetscMalloc1((size_t)size + 1, &text));
  n       = fread(text, 1, (size_t)size, f);
  text[n] = 0;
  (void)fclose(f);
  PetscCall(MckTokenize(text, PETSC_TRUE, &argc, &argv, &store));
  PetscCall(MckReadScanArgs(s, argc, argv, file, depth + 1));
  PetscCall(PetscFree(argv));
  PetscCall(PetscFree(store));
  PetscCall(PetscFree(text));
  PetscFunctionReturn(0);
}

/* -options_file FILE and -options_file_yaml FILE among args; where says whose args they are
 * (NULL: the command line). */
static PetscErrorCode MckReadScanArgs(MckReadSearch *s, int argc, char **argv, const char where[], int depth)
{
  PetscFunctionBeginUser;
  for (int i = 0; i + 1 < argc && !s->found; i++) {
    PetscBool plain, yaml;
    char      by[PETSC_MAX_PATH_LEN + 64];

    PetscCall(PetscStrcmp(argv[i], "-options_file", &plain));
    PetscCall(PetscStrcmp(argv[i], "-options_file_yaml", &yaml));
    if (!plain && !yaml) continue;
    if (where) PetscCall(PetscSNPrintf(by, sizeof(by), "%s (in %s)", argv[i], where));
    else PetscCall(PetscStrncpy(by, argv[i], sizeof(by)));
    MckReadMatch(s, argv[i + 1], by);
    if (plain) PetscCall(MckReadScanOptionsFile(s, argv[i + 1], depth));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode MckReadScanOptionsFiles(MckReadSearch *s)
{
  int         argc;
  char      **args, **envv, *store;
  const char *env = getenv("PETSC_OPTIONS"), *home = getenv("HOME");
  PetscBool   skip = PETSC_FALSE;

  PetscFunctionBeginUser;
  PetscCall(PetscGetArgs(&argc, &args));
  PetscCall(MckReadScanArgs(s, argc, args, NULL, 0));
  if (env && !s->found) {
    PetscCall(MckTokenize(env, PETSC_FALSE, &argc, &envv, &store));
    PetscCall(MckReadScanArgs(s, argc, envv, "PETSC_OPTIONS", 0));
    PetscCall(PetscFree(envv));
    PetscCall(PetscFree(store));
  }
  PetscCall(PetscOptionsHasName(NULL, NULL, "-skip_petscrc", &skip));
  if (!skip && !s->found) {
    char rc[PETSC_MAX_PATH_LEN];

    if (home) {
      PetscCall(PetscSNPrintf(rc, sizeof(rc), "%s/.petscrc", home));
      MckReadMatch(s, rc, "PETSc, as its default options file ~/.petscrc");
    }
    MckReadMatch(s, ".petscrc", "PETSc, as its default options file .petscrc");
    MckReadMatch(s, "petscrc", "PETSc, as its default options file petscrc");
  }
  PetscFunctionReturn(0);
}

static PetscBool MckIsOutputOption(const char name[], const char self[])
{
  return (PetscBool)(!strcmp(name, self) || !strcmp(name, "-output") || !strcmp(name, "-checkpoint"));
}

/* One option's value: the whole value, and each comma-separated item of it. */
static PetscErrorCode MckReadScanValue(MckReadSearch *s, const char name[], char value[])
{
  char *item, *save = NULL;

  PetscFunctionBeginUser;
  MckReadMatch(s, value, name);
  if (!strchr(value, ',')) PetscFunctionReturn(0);
  for (item = strtok_r(value, ",", &save); item && !s->found; item = strtok_r(NULL, ",", &save))
    MckReadMatch(s, item, name);
  PetscFunctionReturn(0);
}

/* The database as PetscOptionsGetAll() prints it, "-name value -name value ...": a name is a
 * token starting with '-' and a letter; the tokens up to the next name are its value. */
static PetscErrorCode MckReadScanDatabase(MckReadSearch *s, const char self[])
{
  char *all, **argv, *store, value[PETSC_MAX_PATH_LEN];
  int   argc;

  PetscFunctionBeginUser;
  PetscCall(PetscOptionsGetAll(NULL, &all));
  PetscCall(MckTokenize(all, PETSC_FALSE, &argc, &argv, &store));
  for (int i = 0; i < argc && !s->found;) {
    const char *name = argv[i++];

    value[0] = 0;
    while (i < argc && !(argv[i][0] == '-' && isalpha((unsigned char)argv[i][1]))) {
      if (value[0]) PetscCall(PetscStrlcat(value, " ", sizeof(value)));
      PetscCall(PetscStrlcat(value, argv[i++], sizeof(value)));
    }
    if (MckIsOutputOption(name, self) || (s->allow_restart && !strcmp(name, "-restart"))) continue;
    PetscCall(MckReadScanValue(s, name, value));
  }
  PetscCall(PetscFree(argv));
  PetscCall(PetscFree(store));
  PetscCall(PetscFree(all));
  PetscFunctionReturn(0);
}

PetscErrorCode MckIOFindReadFile(const char path[], const char self[], PetscBool allow_restart, char by[], size_t len,
                                 PetscBool *found)
{
  struct stat   st;
  MckReadSearch s;

  PetscFunctionBeginUser;
  *found = PETSC_FALSE;
  by[0]  = 0;
  if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) PetscFunctionReturn(0);
  PetscCall(PetscMemzero(&s, sizeof(s)));
  s.dev           = st.st_dev;
  s.ino           = st.st_ino;
  s.allow_restart = allow_restart;
  s.by            = by;
  s.len           = len;
  PetscCall(MckReadScanOptionsFiles(&s));
  if (!s.found) PetscCall(MckReadScanDatabase(&s, self));
  *found = s.found;
  PetscFunctionReturn(0);
}

PetscErrorCode MckIOSameFile(const char a[], const char b[], PetscBool *same)
{
  struct stat sa, sb;

  PetscFunctionBeginUser;
  *same = (PetscBool)(stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino);
  PetscFunctionReturn(0);
}
