/* Strict parsing of option values, before PETSc reads them: a wrong value is one line naming the
 * option and the value, never a traceback, and an integer never wraps. PETSc's own readers then
 * run on the validated value, so -help lists the options as usual. */
#include <mckean/mckean.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

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

static PetscErrorCode CheckInteger(PetscOptionItems *items, const char opt[], PetscInt64 lo, PetscInt64 hi, PetscInt64 *v, PetscBool *found)
{
  const char *value;
  PetscBool   overflow;

  PetscFunctionBeginUser;
  McKeanOptionsKnow_Private(items, opt);
  PetscCall(GivenValue(items, opt, &value, found));
  if (!*found) PetscFunctionReturn(0);
  PetscCheck(value && value[0], items->comm, PETSC_ERR_USER_INPUT, "%s: needs an integer value", McKeanOptionNamePrefix(items->prefix, opt));
  PetscCheck(ParseInteger(value, v, &overflow), items->comm, PETSC_ERR_USER_INPUT, "%s %s: not an integer", McKeanOptionNamePrefix(items->prefix, opt), value);
  PetscCheck(!overflow && *v >= lo && *v <= hi, items->comm, PETSC_ERR_USER_INPUT, "%s %s: out of range; allowed: %" PetscInt64_FMT " to %" PetscInt64_FMT, McKeanOptionNamePrefix(items->prefix, opt), value, lo, hi);
  PetscFunctionReturn(0);
}

PetscErrorCode McKeanOptionsInt_Private(PetscOptionItems *PetscOptionsObject, const char opt[], const char text[], PetscInt cur, PetscInt *val, PetscBool *set)
{
  PetscInt64 v;
  PetscBool  found;

  PetscFunctionBeginUser;
  PetscCall(CheckInteger(PetscOptionsObject, opt, PETSC_MIN_INT, PETSC_MAX_INT, &v, &found));
  PetscCall(PetscOptionsInt_Private(PetscOptionsObject, opt, text, NULL, cur, val, set, PETSC_MIN_INT, PETSC_MAX_INT));
  PetscFunctionReturn(0);
}

PetscErrorCode McKeanOptionsInt64_Private(PetscOptionItems *PetscOptionsObject, const char opt[], const char text[], PetscInt64 cur, PetscInt64 *val, PetscBool *set)
{
  PetscInt64 v   = cur;
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

PetscErrorCode McKeanOptionsReal_Private(PetscOptionItems *PetscOptionsObject, const char opt[], const char text[], PetscReal cur, PetscReal *val, PetscBool *set)
{
  const char *value;
  char       *end;
  PetscBool   found;
  double      d;

  PetscFunctionBeginUser;
  McKeanOptionsKnow_Private(PetscOptionsObject, opt);
  PetscCall(GivenValue(PetscOptionsObject, opt, &value, &found));
  if (found) {
    PetscCheck(value && value[0], PetscOptionsObject->comm, PETSC_ERR_USER_INPUT, "%s: needs a numeric value", McKeanOptionNamePrefix(PetscOptionsObject->prefix, opt));
    d = strtod(value, &end);
    PetscCheck(!*end && end != value, PetscOptionsObject->comm, PETSC_ERR_USER_INPUT, "%s %s: not a number", McKeanOptionNamePrefix(PetscOptionsObject->prefix, opt), value);
    PetscCheck(isfinite(d), PetscOptionsObject->comm, PETSC_ERR_USER_INPUT, "%s %s: must be a finite number", McKeanOptionNamePrefix(PetscOptionsObject->prefix, opt), value);
  }
  PetscCall(PetscOptionsReal_Private(PetscOptionsObject, opt, text, NULL, cur, val, set));
  PetscFunctionReturn(0);
}

PetscErrorCode McKeanOptionsBool_Private(PetscOptionItems *PetscOptionsObject, const char opt[], const char text[], PetscBool cur, PetscBool *val, PetscBool *set)
{
  static const char *const words[] = {"true", "false", "yes", "no", "on", "off", "1", "0"};
  const char              *value;
  PetscBool                found, known = PETSC_FALSE;

  PetscFunctionBeginUser;
  McKeanOptionsKnow_Private(PetscOptionsObject, opt);
  PetscCall(GivenValue(PetscOptionsObject, opt, &value, &found));
  if (found && value && value[0]) {
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]) && !known; i++) PetscCall(PetscStrcasecmp(value, words[i], &known));
    PetscCheck(known, PetscOptionsObject->comm, PETSC_ERR_USER_INPUT, "%s %s: not a boolean; allowed: true, false (or yes, no, on, off, 1, 0)", McKeanOptionNamePrefix(PetscOptionsObject->prefix, opt), value);
  }
  PetscCall(PetscOptionsBool_Private(PetscOptionsObject, opt, text, NULL, cur, val, set));
  PetscFunctionReturn(0);
}
