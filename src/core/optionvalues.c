/* Strict parsing of option values, before PETSc reads them: a wrong value is one line naming the
 * option and the value, never a traceback, and an integer never wraps. PETSc's own readers then
 * run on the validated value, so -help lists the options as usual. */
#include "coreimpl.h"
#include <petsc/private/petscimpl.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The value given for opt under the block's prefix; *found = PETSC_FALSE when absent. */
static PetscErrorCode GivenValue(PetscOptionItems *items, const char opt[], const char **value, PetscBool *found)
{
  PetscFunctionBeginUser;
  PetscCall(PetscOptionsFindPair(items->options, items->prefix, opt, value, found));
  PetscFunctionReturn(0);
}

/* An integer in decimal (as PETSc reads them: no exponent, no decimal point). */
static PetscBool ParseInteger(const char s[], PetscInt64 *v, PetscBool *overflow)
{
  char     *end;
  long long i;

  *overflow = PETSC_FALSE;
  if (!s || !s[0]) return PETSC_FALSE;
  errno = 0;
  i     = strtoll(s, &end, 10);
  if (*end) return PETSC_FALSE;
  *overflow = (PetscBool)(errno == ERANGE);
  *v        = (PetscInt64)i;
  return PETSC_TRUE;
}

static PetscErrorCode CheckInteger(PetscOptionItems *items, const char opt[], PetscInt64 lo, PetscInt64 hi,
                                   PetscInt64 *v, PetscBool *found)
{
  const char *value;
  PetscBool   overflow;

  PetscFunctionBeginUser;
  McKeanOptionsKnow_Private(items, opt);
  PetscCall(GivenValue(items, opt, &value, found));
  if (!*found) PetscFunctionReturn(0);
  PetscCheck(value && value[0], items->comm, PETSC_ERR_USER_INPUT, "%s: needs an integer value",
             McKeanOptionNamePrefix(items->prefix, opt));
  PetscCheck(ParseInteger(value, v, &overflow), items->comm, PETSC_ERR_USER_INPUT, "%s %s: not an integer",
             McKeanOptionNamePrefix(items->prefix, opt), value);
  PetscCheck(!overflow && *v >= lo && *v <= hi, items->comm, PETSC_ERR_USER_INPUT,
             "%s %s: out of range; allowed: %" PetscInt64_FMT " to %" PetscInt64_FMT,
             McKeanOptionNamePrefix(items->prefix, opt), value, lo, hi);
  PetscFunctionReturn(0);
}

/* One element of an array value: an integer (or a PETSc range a-b of integers) or a finite real. */
static PetscBool ArrayElementValid(const char s[], PetscBool integer)
{
  PetscInt64 v;
  PetscBool  overflow;
  char      *end;

  if (integer) {
    const char *dash = s[0] ? strchr(s + 1, '-') : NULL; /* a range a-b; a leading '-' is a sign */
    char        first[64];

    if (!dash)
      return (PetscBool)(ParseInteger(s, &v, &overflow) && !overflow && v >= PETSC_MIN_INT && v <= PETSC_MAX_INT);
    if ((size_t)(dash - s) >= sizeof(first)) return PETSC_FALSE;
    memcpy(first, s, (size_t)(dash - s));
    first[dash - s] = 0;
    return (PetscBool)(ArrayElementValid(first, PETSC_TRUE) && ArrayElementValid(dash + 1, PETSC_TRUE));
  }
  if (!s[0]) return PETSC_FALSE;
  return (PetscBool)(isfinite(strtod(s, &end)) && !*end);
}

/* Every element of a comma-separated array value, checked before PETSc parses it (PETSc raises a
 * traceback for "1e9" or "abc" as an integer, and accepts nan). */
PetscErrorCode McKeanOptionsCheckArray_Private(PetscOptionItems *items, const char opt[], PetscBool integer)
{
  const char *value;
  char        copy[4096], *save = NULL;
  PetscBool   found;

  PetscFunctionBeginUser;
  PetscCall(GivenValue(items, opt, &value, &found));
  if (!found || !value || !value[0]) PetscFunctionReturn(0);
  PetscCall(PetscStrncpy(copy, value, sizeof(copy)));
  for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
    PetscCheck(ArrayElementValid(tok, integer), items->comm, PETSC_ERR_USER_INPUT, "%s %s: %s is not %s",
               McKeanOptionNamePrefix(items->prefix, opt), value, tok, integer ? "an integer" : "a finite number");
  PetscFunctionReturn(0);
}

PetscErrorCode McKeanOptionsInt_Private(PetscOptionItems *PetscOptionsObject, const char opt[], const char text[],
                                        PetscInt cur, PetscInt *val, PetscBool *set)
{
  PetscInt64 v;
  PetscBool  found;

  PetscFunctionBeginUser;
  PetscCall(CheckInteger(PetscOptionsObject, opt, PETSC_MIN_INT, PETSC_MAX_INT, &v, &found));
  PetscCall(PetscOptionsInt_Private(PetscOptionsObject, opt, text, NULL, cur, val, set, PETSC_MIN_INT, PETSC_MAX_INT));
  PetscFunctionReturn(0);
}

PetscErrorCode McKeanOptionsInt64_Private(PetscOptionItems *PetscOptionsObject, const char opt[], const char text[],
                                          PetscInt64 cur, PetscInt64 *val, PetscBool *set)
{
  PetscInt64 v = cur;
  PetscBool  found;
  char       shown[32], ignored[32];

  PetscFunctionBeginUser;
  PetscCall(CheckInteger(PetscOptionsObject, opt, INT64_MIN, INT64_MAX, &v, &found));
  /* listed by -help, and marked used, through PETSc's string reader */
  PetscCall(PetscSNPrintf(shown, sizeof(shown), "%" PetscInt64_FMT, cur));
  PetscCall(PetscOptionsString_Private(PetscOptionsObject, opt, text, NULL, shown, ignored, sizeof(ignored), NULL));
  *val = found ? v : cur;
  if (set) *set = found;
  PetscFunctionReturn(0);
}

PetscErrorCode McKeanOptionsReal_Private(PetscOptionItems *PetscOptionsObject, const char opt[], const char text[],
                                         PetscReal cur, PetscReal *val, PetscBool *set)
{
  const char *value;
  char       *end;
  PetscBool   found;
  double      d;

  PetscFunctionBeginUser;
  McKeanOptionsKnow_Private(PetscOptionsObject, opt);
  PetscCall(GivenValue(PetscOptionsObject, opt, &value, &found));
  if (found) {
    PetscCheck(value && value[0], PetscOptionsObject->comm, PETSC_ERR_USER_INPUT, "%s: needs a numeric value",
               McKeanOptionNamePrefix(PetscOptionsObject->prefix, opt));
    d = strtod(value, &end);
    PetscCheck(!*end && end != value, PetscOptionsObject->comm, PETSC_ERR_USER_INPUT, "%s %s: not a number",
               McKeanOptionNamePrefix(PetscOptionsObject->prefix, opt), value);
    PetscCheck(isfinite(d), PetscOptionsObject->comm, PETSC_ERR_USER_INPUT, "%s %s: must be a finite number",
               McKeanOptionNamePrefix(PetscOptionsObject->prefix, opt), value);
  }
  PetscCall(PetscOptionsReal_Private(PetscOptionsObject, opt, text, NULL, cur, val, set));
  PetscFunctionReturn(0);
}

PetscErrorCode McKeanOptionsBool_Private(PetscOptionItems *PetscOptionsObject, const char opt[], const char text[],
                                         PetscBool cur, PetscBool *val, PetscBool *set)
{
  static const char *const words[] = {"true", "false", "yes", "no", "on", "off", "1", "0"};
  const char              *value;
  PetscBool                found, known = PETSC_FALSE;

  PetscFunctionBeginUser;
  McKeanOptionsKnow_Private(PetscOptionsObject, opt);
  PetscCall(GivenValue(PetscOptionsObject, opt, &value, &found));
  if (found && value && value[0]) {
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]) && !known; i++)
      PetscCall(PetscStrcasecmp(value, words[i], &known));
    PetscCheck(known, PetscOptionsObject->comm, PETSC_ERR_USER_INPUT,
               "%s %s: not a boolean; allowed: true, false (or yes, no, on, off, 1, 0)",
               McKeanOptionNamePrefix(PetscOptionsObject->prefix, opt), value);
  }
  PetscCall(PetscOptionsBool_Private(PetscOptionsObject, opt, text, NULL, cur, val, set));
  PetscFunctionReturn(0);
}

/* A viewer option's value "[type][:file[:format[:mode]]]" split into its type, format and file. */
static PetscErrorCode ViewerSpec(const char value[], char type[], char format[], char file[], size_t len)
{
  char spec[PETSC_MAX_PATH_LEN], *f = NULL, *fmt = NULL, *colon;

  PetscFunctionBeginUser;
  PetscCall(PetscStrncpy(spec, value, sizeof(spec)));
  if ((colon = strchr(spec, ':'))) {
    *colon = 0;
    f      = colon + 1;
    if ((fmt = strchr(f, ':'))) *fmt++ = 0;
    if (fmt && (colon = strchr(fmt, ':'))) *colon = 0;
  }
  PetscCall(PetscStrncpy(type, spec, PETSC_MAX_PATH_LEN));
  PetscCall(PetscStrncpy(format, fmt ? fmt : "", PETSC_MAX_PATH_LEN));
  if (file) PetscCall(PetscStrncpy(file, f ? f : "", len));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckViewerFormat(MPI_Comm comm, const char name[], const char value[], const char format[])
{
  PetscInt  index;
  PetscBool known;

  PetscFunctionBeginUser;
  if (!format[0]) PetscFunctionReturn(0);
  PetscCall(PetscEnumFind(PetscViewerFormats, format, (PetscEnum *)&index, &known));
  PetscCheck(known, comm, PETSC_ERR_USER_INPUT, "%s %s: %s is not a viewer format (e.g. ascii_info, ascii_info_detail)",
             name, value, format);
  PetscFunctionReturn(0);
}

/* The view option opt of obj: known to the "did you mean" list, and a viewer type or format in its
 * value checked (one line naming the option). *found: the option is given. */
static PetscErrorCode CheckViewOption(PetscObject obj, const char opt[])
{
  const char *prefix, *value;
  char        name[PETSC_MAX_PATH_LEN], type[PETSC_MAX_PATH_LEN], format[PETSC_MAX_PATH_LEN];
  PetscBool   found;

  PetscFunctionBeginUser;
  PetscCall(PetscObjectGetOptionsPrefix(obj, &prefix));
  PetscCall(PetscStrncpy(name, McKeanOptionNamePrefix(prefix, opt), sizeof(name)));
  McKeanOptionsKnow(name);
  PetscCall(PetscOptionsFindPair(NULL, prefix, opt, &value, &found));
  if (found && value && value[0]) {
    PetscCall(ViewerSpec(value, type, format, NULL, 0));
    if (type[0]) {
      PetscErrorCode (*create)(PetscViewer) = NULL;
      PetscCall(PetscViewerInitializePackage());
      PetscCall(PetscFunctionListFind(PetscViewerList, type, &create));
      PetscCheck(create, PetscObjectComm(obj), PETSC_ERR_USER_INPUT,
                 "%s %s: %s is not a viewer type; use %s alone for standard output, or %s ascii:FILE", name, value,
                 type, name, name);
    }
    PetscCall(CheckViewerFormat(PetscObjectComm(obj), name, value, format));
  }
  PetscFunctionReturn(0);
}

/*@C
  McKeanObjectViewFromOptions - Views obj when its -<prefix>opt option is given, as
  PetscObjectViewFromOptions() does, after checking the viewer named in the value: an unknown
  viewer type or format is one line naming the option, not a PETSc traceback.

  Collective

  Input Parameters:
+ obj - the object
- opt - the option without prefix, e.g. "-lgv_view"

  Options Database Key:
. -<prefix>opt [type][:file][:format] - e.g. -lgv_view, -lgv_view ascii:lgv.txt, -lgv_view ::ascii_info_detail

  Level: developer

.seealso: `McKeanOptionName()`
@*/
PetscErrorCode McKeanObjectViewFromOptions(PetscObject obj, const char opt[])
{
  PetscFunctionBeginUser;
  PetscCall(CheckViewOption(obj, opt));
  PetscCall(PetscObjectViewFromOptions(obj, NULL, opt));
  PetscFunctionReturn(0);
}

/*@C
  McKeanObjectViewOptionRead - Reads the view option of an object that -help left not set up:
  the option is listed (and counted as used) and its viewer checked, as by
  `McKeanObjectViewFromOptions()`, and nothing is viewed.

  Collective

  Input Parameters:
+ obj - the object
- opt - the option without prefix, e.g. "-field_view"

  Level: developer

.seealso: `McKeanObjectViewFromOptions()`
@*/
PetscErrorCode McKeanObjectViewOptionRead(PetscObject obj, const char opt[])
{
  PetscViewer       viewer;
  PetscViewerFormat format;
  PetscBool         set;

  PetscFunctionBeginUser;
  PetscCall(CheckViewOption(obj, opt));
  PetscCall(PetscOptionsGetViewer(PetscObjectComm(obj), obj->options, obj->prefix, opt, &viewer, &format, &set));
  if (set) PetscCall(PetscViewerDestroy(&viewer));
  PetscFunctionReturn(0);
}

/* PETSc's -log_view is read at PetscFinalize(), after the run: a value it cannot use failed there
 * with a traceback and a non-zero exit although the run file was complete. It takes the ASCII
 * viewer only, to standard output or a file in an existing directory. */
PetscErrorCode McKeanCheckLogView(void)
{
  const char *value;
  char        type[PETSC_MAX_PATH_LEN], format[PETSC_MAX_PATH_LEN], file[PETSC_MAX_PATH_LEN], spec[PETSC_MAX_PATH_LEN];
  char       *slash;
  PetscBool   found;
  struct stat st;
  PetscErrorCode ierr;

  PetscFunctionBeginUser;
  PetscCall(PetscOptionsFindPair(NULL, NULL, "-log_view", &value, &found));
  if (!found || !value || !value[0]) PetscFunctionReturn(0);
  PetscCall(ViewerSpec(value, type, format, file, sizeof(file)));
  PetscCheck(!type[0] || !strcmp(type, PETSCVIEWERASCII), PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT,
             "-log_view %s: %s is not a viewer -log_view can print to; use -log_view alone for standard output, or "
             "-log_view :FILE",
             value, type);
  PetscCall(CheckViewerFormat(PETSC_COMM_WORLD, "-log_view", value, format));
  /* the directory as PETSc's ASCII viewer opens it: ${HOMEDIRECTORY}, ${WORKINGDIRECTORY} and
   * ${VAR} of the environment replaced (a deck's value is not expanded by a shell) */
  PetscCall(PetscStrncpy(spec, file, sizeof(spec)));
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  ierr = PetscStrreplace(PETSC_COMM_SELF, spec, file, sizeof(file));
  PetscCall(PetscPopErrorHandler());
  PetscCheck(
      !ierr, PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT,
      "-log_view %s: a ${NAME} in the file's name is not set in the environment; allowed: variables that are set, "
      "${HOMEDIRECTORY}, ${WORKINGDIRECTORY}",
      value);
  if ((slash = strrchr(file, '/'))) {
    *(slash == file ? slash + 1 : slash) = 0;
    PetscCheck(!stat(file, &st) && S_ISDIR(st.st_mode), PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT,
               "-log_view %s: cannot create the file: %s is not a directory", value, file);
  }
  PetscFunctionReturn(0);
}

/*@C
  McKeanObjectViewHeader - The first line of an object's view: its class, name, options prefix
  and rank count, then its type if it has one (objects without types have no "type not set");
  nothing on a viewer that is not ASCII.

  Collective

  Input Parameters:
+ obj    - the object
- viewer - the viewer

  Level: developer

.seealso: `McKeanObjectViewFromOptions()`, `McKeanObjectViewBegin()`
@*/
PetscErrorCode McKeanObjectViewHeader(PetscObject obj, PetscViewer viewer)
{
  const char *name = obj->name, *prefix, *type, *cls;
  PetscMPIInt size;
  PetscBool   ascii;

  PetscFunctionBeginUser;
  PetscCall(PetscObjectTypeCompare((PetscObject)viewer, PETSCVIEWERASCII, &ascii));
  if (!ascii) PetscFunctionReturn(0);
  PetscCall(PetscObjectGetOptionsPrefix(obj, &prefix));
  PetscCall(PetscObjectGetType(obj, &type));
  PetscCall(PetscObjectGetClassName(obj, &cls));
  PetscCallMPI(MPI_Comm_size(PetscObjectComm(obj), &size));
  PetscCall(PetscViewerASCIIPrintf(viewer, "%s Object:%s%s%s%s%s %d MPI process%s\n", cls, name ? " " : "",
                                   name ? name : "", prefix ? " (" : "", prefix ? prefix : "", prefix ? ")" : "",
                                   (int)size, size > 1 ? "es" : ""));
  if (type) PetscCall(PetscViewerASCIIPrintf(viewer, "  type: %s\n", type));
  PetscFunctionReturn(0);
}

/*@C
  McKeanObjectViewBegin - The start of an object's View: a NULL viewer means standard output on
  the object's communicator, and an ASCII viewer gets the object's header
  (`McKeanObjectViewHeader()`: class, name, prefix, ranks, and the type if it has one).

  Collective

  Input Parameters:
+ obj    - the object
- viewer - the viewer, or NULL

  Output Parameters:
+ viewer - the viewer to print to
- ascii  - whether it prints text, for a View that prints nothing to other viewers (may be NULL)

  Level: developer

.seealso: `McKeanObjectViewHeader()`, `McKeanObjectViewFromOptions()`
@*/
PetscErrorCode McKeanObjectViewBegin(PetscObject obj, PetscViewer *viewer, PetscBool *ascii)
{
  PetscFunctionBeginUser;
  if (!*viewer) PetscCall(PetscViewerASCIIGetStdout(PetscObjectComm(obj), viewer));
  if (ascii) PetscCall(PetscObjectTypeCompare((PetscObject)*viewer, PETSCVIEWERASCII, ascii));
  PetscCall(McKeanObjectViewHeader(obj, *viewer));
  PetscFunctionReturn(0);
}
