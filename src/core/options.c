/* The options discipline: an option that nothing used is an error, never a warning, so that a
 * typo can never silently run a different experiment (DESIGN.md §3). */
#include "core/coreimpl.h"
#include <math.h>

#define MCK_MAX_KNOWN      1024
#define MCK_MAX_OPTION_LEN 64

static char     mck_known[MCK_MAX_KNOWN][MCK_MAX_OPTION_LEN];
static PetscInt mck_nknown;

/* PETSc options a McKean user commonly gives; they are valid suggestions too. */
static const char *const mck_petsc_common[] = {"-help",         "-log_view", "-options_file", "-options_file_yaml",
                                               "-options_left", "-version",  "-malloc_debug", "-info"};

/* PETSc's options that only PetscFinalize() reads, after McKean has refused every option nothing
 * read: marked as read at initialization, so that they are not refused (-options_view printed
 * "unknown option"). */
static const char *const mck_petsc_read_at_finalize[] = {"-options_view", "-options_left"};

PetscErrorCode McKeanOptionsMarkReadAtFinalize(void)
{
  PetscBool set;

  PetscFunctionBeginUser;
  for (size_t i = 0; i < sizeof(mck_petsc_read_at_finalize) / sizeof(mck_petsc_read_at_finalize[0]); i++)
    PetscCall(PetscOptionsHasName(NULL, NULL, mck_petsc_read_at_finalize[i], &set));
  PetscFunctionReturn(0);
}

/*@C
  McKeanOptionsKnow - Records an option name (with its dash and prefix) as one McKean reads, so
  that a misspelt option can be answered with the closest known one.

  Not Collective

  Input Parameter:
. name - the full option name, e.g. "-truth_lgv_dt"

  Notes:
  The `MckOptions*` wrappers call it for every option they query; call it directly only for an
  option read by other means. The list is used for suggestions only: a name of 64 characters or
  more, or names beyond the first 1024, are silently not recorded.

  Level: developer

.seealso: `McKeanOptionsCheckUnused()`, `McKeanOptionNamePrefix()`
@*/
void McKeanOptionsKnow(const char name[])
{
  for (PetscInt i = 0; i < mck_nknown; i++)
    if (!strcmp(mck_known[i], name)) return;
  if (mck_nknown == MCK_MAX_KNOWN || strlen(name) >= MCK_MAX_OPTION_LEN) return; /* suggestions only */
  strcpy(mck_known[mck_nknown++], name);
}

/*@C
  McKeanOptionNamePrefix - The option as a user types it with a given prefix: "-" + prefix + opt
  without its dash.

  Not Collective

  Input Parameters:
+ prefix - the options prefix, or NULL for none
- opt    - the option name, with or without its leading dash

  Notes:
  For messages. The text lives in one of eight rotating static buffers, valid until eight later
  calls of this function or of `McKeanOptionName()`; it is not thread-safe. Inside
  PetscOptionsBegin()/End(), `MckOptName(opt)` calls it with the current prefix.

  Level: developer

.seealso: `McKeanOptionName()`, `McKeanOptionsKnow()`
@*/
const char *McKeanOptionNamePrefix(const char prefix[], const char opt[])
{
  static char ring[8][MCK_MAX_OPTION_LEN + 64];
  static int  next;
  char       *buf = ring[next];

  next = (next + 1) % 8;
  (void)snprintf(buf, sizeof(ring[0]), "-%s%s", prefix ? prefix : "", opt[0] == '-' ? opt + 1 : opt);
  return buf;
}

/*@C
  McKeanOptionName - The option as a user types it for an object: "-" + the object's options
  prefix + opt without its dash ("-lgv_dt" of an object with prefix "truth_" is "-truth_lgv_dt").

  Not Collective

  Input Parameters:
+ obj - the object whose prefix applies, or NULL for none
- opt - the option name, with or without its leading dash

  Notes:
  For messages; the text lives in one of the eight rotating buffers of `McKeanOptionNamePrefix()`.

  Level: developer

.seealso: `McKeanOptionNamePrefix()`, `McKeanCheckPositive()`
@*/
const char *McKeanOptionName(PetscObject obj, const char opt[])
{
  const char *prefix = NULL;

  if (obj && PetscObjectGetOptionsPrefix(obj, &prefix)) prefix = NULL;
  return McKeanOptionNamePrefix(prefix, opt);
}

void McKeanOptionsKnow_Private(PetscOptionItems *items, const char opt[])
{
  McKeanOptionsKnow(McKeanOptionNamePrefix(items->prefix, opt));
}

/* Levenshtein distance with a two-row table; option names are short. */
static size_t EditDistance(const char *a, const char *b)
{
  size_t la = strlen(a), lb = strlen(b), prev[MCK_MAX_OPTION_LEN + 1], cur[MCK_MAX_OPTION_LEN + 1];

  if (la > MCK_MAX_OPTION_LEN || lb > MCK_MAX_OPTION_LEN) return (size_t)-1;
  for (size_t j = 0; j <= lb; j++) prev[j] = j;
  for (size_t i = 1; i <= la; i++) {
    cur[0] = i;
    for (size_t j = 1; j <= lb; j++) {
      size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]), del = prev[j] + 1, ins = cur[j - 1] + 1;
      cur[j] = PetscMin(sub, PetscMin(del, ins));
    }
    memcpy(prev, cur, (lb + 1) * sizeof(size_t));
  }
  return prev[lb];
}

static void ClosestKnown(const char *dashed, const char **best, size_t *bestd)
{
  *best  = NULL;
  *bestd = (size_t)-1;
  for (PetscInt i = 0; i < mck_nknown; i++) {
    size_t d = EditDistance(dashed, mck_known[i]);
    if (d < *bestd) {
      *bestd = d;
      *best  = mck_known[i];
    }
  }
  for (size_t i = 0; i < sizeof(mck_petsc_common) / sizeof(mck_petsc_common[0]); i++) {
    size_t d = EditDistance(dashed, mck_petsc_common[i]);
    if (d < *bestd) {
      *bestd = d;
      *best  = mck_petsc_common[i];
    }
  }
}

/*@C
  McKeanOptionsCheckUnused - Raises a user-input error if any option in the database was never
  queried, naming each such option with its value and the closest known option.

  Collective

  Input Parameter:
. comm - the communicator on which the error is raised (normally the run's)

  Notes:
  An option nobody read is an error, never a warning, so that a typo cannot silently run a
  different experiment. A suggestion is given when it is within a third of the name's length
  (edit distance) of a known option or a common PETSc one (-log_view, -options_left, ...);
  otherwise the message points to -help. `MckRunSolve()` calls it after all objects are set up and
  before any output is created; benchmarks call it when their work is done. `McKeanFinalize()` does
  not, so a program that reads options outside a run must call it itself.

  Level: intermediate

.seealso: `McKeanOptionsKnow()`, `McKeanFinalize()`
@*/
PetscErrorCode McKeanOptionsCheckUnused(MPI_Comm comm)
{
  PetscInt n, nunused;
  char   **names, **values;
  char     msg[4096] = "";

  PetscFunctionBeginUser;
  PetscCall(PetscOptionsLeftGet(NULL, &n, &names, &values));
  for (PetscInt i = 0; i < n; i++) {
    char        dashed[MCK_MAX_OPTION_LEN + 2], line[512];
    const char *best;
    size_t      d;

    PetscCall(PetscSNPrintf(dashed, sizeof(dashed), "-%s", names[i]));
    ClosestKnown(dashed, &best, &d);
    /* a known name left unused would be "did you mean" itself: say why it was not read instead */
    if (best && d == 0 && (!strcmp(dashed, "-options_file") || !strcmp(dashed, "-options_file_yaml")))
      PetscCall(PetscSNPrintf(line, sizeof(line),
                              "%s%s%s%s: an options file named inside a YAML deck is not read; give it on the command "
                              "line",
                              i ? "; " : "", dashed, values[i] ? " " : "", values[i] ? values[i] : ""));
    else if (best && d == 0)
      PetscCall(PetscSNPrintf(line, sizeof(line),
                              "%soption %s%s%s is not read here: nothing given these options reads it", i ? "; " : "",
                              dashed, values[i] ? " " : "", values[i] ? values[i] : ""));
    /* a suggestion farther than a third of the name is noise, not help */
    else if (best && 3 * d <= strlen(dashed) + 2)
      PetscCall(PetscSNPrintf(line, sizeof(line), "%sunknown option %s%s%s (did you mean %s?)", i ? "; " : "", dashed,
                              values[i] ? " " : "", values[i] ? values[i] : "", best));
    else
      PetscCall(PetscSNPrintf(line, sizeof(line), "%sunknown option %s%s%s (run with -help to list the options)",
                              i ? "; " : "", dashed, values[i] ? " " : "", values[i] ? values[i] : ""));
    PetscCall(PetscStrlcat(msg, line, sizeof(msg)));
  }
  nunused = n; /* PetscOptionsLeftRestore() zeroes n */
  PetscCall(PetscOptionsLeftRestore(NULL, &n, &names, &values));
  PetscCheck(nunused == 0, comm, PETSC_ERR_USER_INPUT, "%s", msg);
  PetscFunctionReturn(0);
}

/* The shortest text that reads back as the same double, in positional notation for magnitudes
 * from 1e-4 to 1e15 ("-10", "0.001", not "-1e+01", "1e-03") and exponent notation beyond. */
/*@C
  McKeanFormatReal - A real in the shortest text that reads back as the same double ("0.1", not
  "0.10000000000000001").

  Not Collective

  Input Parameters:
+ value - the number
- len   - the size of buf

  Output Parameter:
. buf - the text; also returned

  Notes:
  Positional notation for magnitudes from 1e-4 to 1e15 ("-10", "0.001"), exponent notation
  beyond; "nan", "inf" and "-inf" for the non-finite values.

  Level: developer

.seealso: `McKeanCheckPositive()`, `McKeanOptionName()`
@*/
const char *McKeanFormatReal(PetscReal value, char buf[], size_t len)
{
  const double v = (double)value;
  int          digits;

  if (!isfinite(v)) {
    (void)snprintf(buf, len, "%s", isnan(v) ? "nan" : (v > 0 ? "inf" : "-inf"));
    return buf;
  }
  for (digits = 1; digits < 17; digits++) {
    char trial[64];
    (void)snprintf(trial, sizeof(trial), "%.*e", digits - 1, v);
    if (strtod(trial, NULL) == v) break;
  }
  if (v != 0 && (fabs(v) < 1e-4 || fabs(v) >= 1e15)) (void)snprintf(buf, len, "%.*g", digits, v);
  else {
    int exponent = v == 0 ? 0 : (int)floor(log10(fabs(v)));
    (void)snprintf(buf, len, "%.*f", PetscMax(0, digits - 1 - exponent), v);
    if (strtod(buf, NULL) != v) (void)snprintf(buf, len, "%.17g", v); /* log10 rounding at a power of ten */
  }
  return buf;
}

/*@C
  McKeanCheckPositive - Raises a user-input error unless a value is a positive, finite, normal
  number; the message names the option and the value.

  Logically Collective

  Input Parameters:
+ comm  - the communicator on which the error is raised
. opt   - the option, as the user types it (e.g. from `McKeanOptionName()`)
- value - the value

  Notes:
  No communication: every rank of comm must check the same value. A subnormal value is refused
  too.

  Level: developer

.seealso: `McKeanCheckNonNegative()`, `McKeanOptionName()`
@*/
PetscErrorCode McKeanCheckPositive(MPI_Comm comm, const char opt[], PetscReal value)
{
  char buf[64];

  PetscFunctionBeginUser;
  PetscCheck(value > 0 && PetscIsNormalReal(value), comm, PETSC_ERR_USER_INPUT, "%s %s: must be a positive number", opt,
             McKeanFormatReal(value, buf, sizeof(buf)));
  PetscFunctionReturn(0);
}

/*@C
  McKeanCheckPositivePair - Raises a user-input error unless an option that was set holds exactly
  two positive, finite, normal numbers; the message names the option, the values and what they are.

  Logically Collective

  Input Parameters:
+ comm - the communicator on which the error is raised
. opt  - the option, as the user types it (e.g. from `McKeanOptionName()`)
. what - what the two values are, for the message (e.g. "J, T")
. set  - whether the option was given (nothing is checked otherwise)
. n    - how many values were read
- v    - the values

  Notes:
  No communication: every rank of comm must check the same values.

  Level: developer

.seealso: `McKeanCheckPositive()`, `McKeanOptionName()`
@*/
PetscErrorCode McKeanCheckPositivePair(MPI_Comm comm, const char opt[], const char what[], PetscBool set, PetscInt n,
                                       const PetscReal v[])
{
  char a[32], b[32];

  PetscFunctionBeginUser;
  if (!set) PetscFunctionReturn(0);
  PetscCheck(n == 2, comm, PETSC_ERR_USER_INPUT, "%s %s%s%s: give 2 values (%s), not %" PetscInt_FMT, opt,
             McKeanFormatReal(v[0], a, sizeof(a)), n > 1 ? "," : "", n > 1 ? McKeanFormatReal(v[1], b, sizeof(b)) : "",
             what, n);
  PetscCheck(v[0] > 0 && v[1] > 0 && PetscIsNormalReal(v[0]) && PetscIsNormalReal(v[1]), comm, PETSC_ERR_USER_INPUT,
             "%s %s,%s: both values (%s) must be positive", opt, McKeanFormatReal(v[0], a, sizeof(a)),
             McKeanFormatReal(v[1], b, sizeof(b)), what);
  PetscFunctionReturn(0);
}

/*@C
  McKeanCheckNonNegative - Raises a user-input error unless a value is zero or a positive finite
  number; the message names the option and the value.

  Logically Collective

  Input Parameters:
+ comm  - the communicator on which the error is raised
. opt   - the option, as the user types it (e.g. from `McKeanOptionName()`)
- value - the value

  Notes:
  No communication: every rank of comm must check the same value.

  Level: developer

.seealso: `McKeanCheckPositive()`, `McKeanOptionName()`
@*/
PetscErrorCode McKeanCheckNonNegative(MPI_Comm comm, const char opt[], PetscReal value)
{
  char buf[64];

  PetscFunctionBeginUser;
  PetscCheck(value >= 0 && !PetscIsInfOrNanReal(value), comm, PETSC_ERR_USER_INPUT, "%s %s: must be zero or positive",
             opt, McKeanFormatReal(value, buf, sizeof(buf)));
  PetscFunctionReturn(0);
}

/* A choice among names, read as a string so that a wrong value is a user-input error that
 * lists what is allowed (PetscOptionsEList raises a generic error with a traceback). */
PetscErrorCode McKeanOptionsChoice_Private(PetscOptionItems *PetscOptionsObject, const char opt[], const char text[],
                                           const char *const names[], PetscInt n, PetscInt current, PetscInt *value,
                                           PetscBool *set)
{
  char      given[256], help[512], allowed[256] = "";
  PetscBool flg;

  PetscFunctionBeginUser;
  McKeanOptionsKnow_Private(PetscOptionsObject, opt);
  for (PetscInt i = 0; i < n; i++) {
    if (i) PetscCall(PetscStrlcat(allowed, ", ", sizeof(allowed)));
    PetscCall(PetscStrlcat(allowed, names[i], sizeof(allowed)));
  }
  PetscCall(PetscSNPrintf(help, sizeof(help), "%s (%s)", text, allowed));
  PetscCall(
      PetscOptionsString_Private(PetscOptionsObject, opt, help, NULL, names[current], given, sizeof(given), &flg));
  if (set) *set = flg;
  *value = current;
  if (!flg) PetscFunctionReturn(0);
  for (PetscInt i = 0; i < n; i++) {
    PetscBool match;
    PetscCall(PetscStrcasecmp(given, names[i], &match));
    if (match) {
      *value = i;
      PetscFunctionReturn(0);
    }
  }
  SETERRQ(PetscOptionsObject->comm, PETSC_ERR_USER_INPUT, "%s %s: unknown value; allowed: %s", MckOptName(opt), given,
          allowed);
}

PetscErrorCode McKeanFunctionListFind_Private(PetscObject obj, PetscFunctionList list, const char opt[],
                                              const char kind[], const char name[], void (**fn)(void))
{
  char allowed[1024];

  PetscFunctionBeginUser;
  PetscCall(PetscFunctionListFind_Private(list, name, fn));
  if (*fn) PetscFunctionReturn(0);
  PetscCall(McKeanFunctionListNames(list, allowed, sizeof(allowed)));
  SETERRQ(PetscObjectComm(obj), PETSC_ERR_USER_INPUT, "%s %s: unknown %s; allowed: %s", McKeanOptionName(obj, opt),
          name, kind, allowed);
}

/*@C
  McKeanFunctionListNames - The names registered in a function list, as "a, b, c", for messages
  that say what is allowed.

  Not Collective

  Input Parameters:
+ list - the function list
- len  - the size of buf

  Output Parameter:
. buf - the names, comma separated (truncated to len)

  Level: developer

.seealso: `McKeanFunctionListFind()`
@*/
PetscErrorCode McKeanFunctionListNames(PetscFunctionList list, char buf[], size_t len)
{
  const char **names;
  int          n;

  PetscFunctionBeginUser;
  buf[0] = 0;
  PetscCall(PetscFunctionListGet(list, &names, &n));
  for (int i = 0; i < n; i++) {
    if (!names[i] || !names[i][0]) continue; /* the array may be padded with NULLs */
    if (buf[0]) PetscCall(PetscStrlcat(buf, ", ", len));
    PetscCall(PetscStrlcat(buf, names[i], len));
  }
  PetscCall(PetscFree(names));
  PetscFunctionReturn(0);
}

/* PETSc reads at most `capacity` values of an array option and drops the rest silently. */
static PetscErrorCode CheckArrayCapacity(PetscOptionItems *obj, const char opt[], PetscInt capacity)
{
  char      value[4096];
  PetscInt  count = 1;
  PetscBool found;

  PetscFunctionBeginUser;
  McKeanOptionsKnow_Private(obj, opt);
  PetscCall(PetscOptionsGetString(obj->options, obj->prefix, opt, value, sizeof(value), &found));
  if (!found || !value[0]) PetscFunctionReturn(0);
  for (const char *c = value; *c; c++) count += (*c == ',');
  PetscCheck(count <= capacity, obj->comm, PETSC_ERR_USER_INPUT,
             "%s %s: %" PetscInt_FMT " values given; allowed: at most %" PetscInt_FMT,
             McKeanOptionNamePrefix(obj->prefix, opt), value, count, capacity);
  PetscFunctionReturn(0);
}

PetscErrorCode McKeanOptionsRealArray_Private(PetscOptionItems *obj, const char opt[], const char text[],
                                              PetscReal val[], PetscInt *n, PetscBool *set)
{
  PetscFunctionBeginUser;
  PetscCall(CheckArrayCapacity(obj, opt, *n));
  PetscCall(McKeanOptionsCheckArray_Private(obj, opt, PETSC_FALSE));
  PetscCall(PetscOptionsRealArray_Private(obj, opt, text, NULL, val, n, set));
  PetscFunctionReturn(0);
}

PetscErrorCode McKeanOptionsIntArray_Private(PetscOptionItems *obj, const char opt[], const char text[], PetscInt val[],
                                             PetscInt *n, PetscBool *set)
{
  PetscFunctionBeginUser;
  PetscCall(CheckArrayCapacity(obj, opt, *n));
  PetscCall(McKeanOptionsCheckArray_Private(obj, opt, PETSC_TRUE));
  PetscCall(PetscOptionsIntArray_Private(obj, opt, text, NULL, val, n, set));
  PetscFunctionReturn(0);
}

PetscErrorCode McKeanOptionsStringArray_Private(PetscOptionItems *obj, const char opt[], const char text[], char *val[],
                                                PetscInt *n, PetscBool *set)
{
  PetscFunctionBeginUser;
  PetscCall(CheckArrayCapacity(obj, opt, *n));
  PetscCall(PetscOptionsStringArray_Private(obj, opt, text, NULL, val, n, set));
  PetscFunctionReturn(0);
}
