/* Configuration fingerprint of a checkpoint: the (option, value) pairs a checkpoint depends on,
 * stored as string attributes of /checkpoint/config/<object> (MckIOConfigSetObject; the
 * group /checkpoint/config itself when none is set) and compared on restart. Values are
 * compared as strings: writers format them exactly (e.g. "%.17g"), so equal means identical.
 * The McKean version that wrote the checkpoint is part of the fingerprint. */
#include "iohelpers.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define MCK_CONFIG_GROUP   "/checkpoint/config"
#define MCK_CONFIG_VERSION "mckean_version" /* not an option: no leading dash */

/*@C
  MckIOConfigSetObject - Chooses the object whose settings the following configuration calls
  record or compare: they go to /checkpoint/config/<name>, so two objects of one class never
  collide.

  Not Collective

  Input Parameters:
+ io   - the checkpoint file
- name - the object's name; NULL or empty for /checkpoint/config itself

  Level: developer

.seealso: `MckIOConfigWrite()`, `MckIOConfigCheck()`, `MckObjectComposeCheckpoint()`
@*/
PetscErrorCode MckIOConfigSetObject(MckIO io, const char name[])
{
  PetscFunctionBeginUser;
  if (name && name[0])
    PetscCall(PetscSNPrintf(io->config_group, sizeof(io->config_group), "%s/%s", MCK_CONFIG_GROUP, name));
  else io->config_group[0] = 0;
  PetscFunctionReturn(0);
}

static const char *MckIOConfigGroup(MckIO io) { return io->config_group[0] ? io->config_group : MCK_CONFIG_GROUP; }

/* The version is recorded beside every setting (rewriting the same value), so that every
 * checkpoint with a configuration carries the version that wrote it. */
/*@C
  MckIOConfigWrite - Records one setting a checkpoint depends on, as a string attribute of the
  current object's configuration group.

  Collective

  Input Parameters:
+ io     - the checkpoint, open for writing
. option - the option as the user types it, with its prefix (e.g. from `McKeanOptionNamePrefix()`)
- value  - its value, formatted exactly (rank 0's is written)

  Notes:
  The McKean version is recorded beside every setting, so that a restart is only continued by
  the version that wrote the checkpoint.

  Level: developer

.seealso: `MckIOConfigCheck()`, `MckIOConfigString()`, `MckIOConfigSetObject()`
@*/
PetscErrorCode MckIOConfigWrite(MckIO io, const char option[], const char value[])
{
  PetscFunctionBeginUser;
  PetscCall(MckIOWriteAttributeString(io, MCK_CONFIG_GROUP, MCK_CONFIG_VERSION, McKeanVersion()));
  PetscCall(MckIOWriteAttributeString(io, MckIOConfigGroup(io), option, value));
  PetscFunctionReturn(0);
}

/* Where the settings MckIOConfigCheck compared are kept, for MckIOConfigCheckComplete: a setting
 * is known by its attribute's path, "<group>/<option>". */
static PetscErrorCode MckIOConfigRemember(MckIO io, const char option[])
{
  char path[PETSC_MAX_PATH_LEN];

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/%s", MckIOConfigGroup(io), option));
  if (io->nconfig_checked == io->mconfig_checked) {
    io->mconfig_checked = PetscMax(16, 2 * io->mconfig_checked);
    PetscCall(PetscRealloc(sizeof(char *) * (size_t)io->mconfig_checked, &io->config_checked));
  }
  PetscCall(PetscStrallocpy(path, &io->config_checked[io->nconfig_checked++]));
  PetscFunctionReturn(0);
}

PetscErrorCode MckIOConfigForget(MckIO io)
{
  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < io->nconfig_checked; i++) PetscCall(PetscFree(io->config_checked[i]));
  PetscCall(PetscFree(io->config_checked));
  io->nconfig_checked = io->mconfig_checked = 0;
  PetscFunctionReturn(0);
}

/* Another McKean may name, interpret or order its state differently: a checkpoint is only
 * continued by the version that wrote it (recorded by MckIOCheckpointBegin). Checked before
 * any option, so the first message a user sees says what is really wrong. */
static PetscErrorCode MckIOConfigCheckVersion(MckIO io, const char opt[])
{
  char     *stored;
  PetscBool found, same = PETSC_FALSE;

  PetscFunctionBeginUser;
  PetscCall(MckIOReadAttributeStringAlloc(io, MCK_CONFIG_GROUP, MCK_CONFIG_VERSION, &stored, &found));
  PetscCheck(
      found, io->comm, PETSC_ERR_USER_INPUT,
      "%s %s: checkpoint records no McKean version (this is McKean %s); restart only with the version that wrote the checkpoint",
      opt, io->path, McKeanVersion());
  PetscCall(PetscStrcmp(stored, McKeanVersion(), &same));
  if (!same) {
    char was[64];

    PetscCall(PetscStrncpy(was, stored, sizeof(was)));
    PetscCall(PetscFree(stored));
    SETERRQ(
        io->comm, PETSC_ERR_USER_INPUT,
        "%s %s: checkpoint was written by McKean %s but this is McKean %s; restart only with the version that wrote the checkpoint",
        opt, io->path, was, McKeanVersion());
  }
  PetscCall(PetscFree(stored));
  PetscFunctionReturn(0);
}

/*@C
  MckIOConfigRead - The value a checkpoint recorded for one setting of the current object, for an
  object that explains a refusal better than the comparison of `MckIOConfigCheck()` would.

  Collective

  Input Parameters:
+ io     - the checkpoint, with a file open
. option - the option as the user types it, with its prefix
- len    - the size of value

  Output Parameters:
+ value - the recorded value (as written by `MckIOConfigString()`, `MckIOConfigInt()`, ...)
- found - whether the checkpoint records the setting

  Level: developer

.seealso: `MckIOConfigCheck()`, `MckIOConfigSetObject()`
@*/
PetscErrorCode MckIOConfigRead(MckIO io, const char option[], size_t len, char value[], PetscBool *found)
{
  PetscFunctionBeginUser;
  PetscCall(MckIOReadAttributeString(io, MckIOConfigGroup(io), option, len, value, found));
  PetscFunctionReturn(0);
}

/* The refusal of a setting the checkpoint recorded as stored and this run has as value. */
static PetscErrorCode MckIOConfigCompare(MckIO io, const char opt[], const char option[], const char stored[],
                                         const char value[])
{
  PetscBool same = PETSC_FALSE;

  PetscFunctionBeginUser;
  PetscCall(PetscStrcmp(stored, value, &same));
  PetscCheck(
      same, io->comm, PETSC_ERR_USER_INPUT,
      "%s %s: checkpoint was written with %s %s but this run has %s %s; restart only with the configuration that wrote the checkpoint",
      opt, io->path, option, stored[0] ? stored : "(empty)", option, value[0] ? value : "(empty)");
  PetscFunctionReturn(0);
}

/* A restart continues the exact trajectory of the run that wrote the checkpoint only under the
 * same configuration; anything else would silently be a different experiment. */
/*@C
  MckIOConfigCheck - Compares one setting with the value a checkpoint recorded.

  Collective

  Input Parameters:
+ io     - the checkpoint, with a file open
. option - the option as the user types it, with its prefix
- value  - this run's value, formatted as when it was written

  Notes:
  A checkpoint written by another McKean version, one that does not record the setting, or a
  different value is a `PETSC_ERR_USER_INPUT` error naming the option (the one that opened the
  file, e.g. -restart), the checkpoint's value and this run's value: a restart continues the
  exact trajectory only under the same configuration. Values are compared as strings.

  Level: developer

.seealso: `MckIOConfigWrite()`, `MckIOConfigString()`
@*/
PetscErrorCode MckIOConfigCheck(MckIO io, const char option[], const char value[])
{
  const char    *opt   = io->option[0] ? io->option : "-restart";
  const char    *shown = value[0] ? value : "(empty)";
  char          *stored;
  PetscBool      found;
  PetscErrorCode ierr;

  PetscFunctionBeginUser;
  PetscCall(MckIOConfigCheckVersion(io, opt));
  PetscCall(MckIOReadAttributeStringAlloc(io, MckIOConfigGroup(io), option, &stored, &found));
  PetscCheck(
      found, io->comm, PETSC_ERR_USER_INPUT,
      "%s %s: checkpoint does not record %s (this run has %s %s); restart only with the configuration that wrote the checkpoint",
      opt, io->path, option, option, shown);
  ierr = MckIOConfigCompare(io, opt, option, stored, value);
  PetscCall(PetscFree(stored)); /* after a refusal too */
  PetscCall(ierr);
  PetscCall(MckIOConfigRemember(io, option));
  PetscFunctionReturn(0);
}

/* Whether path is a setting compared (prefix false), or a group holding one (prefix true). */
static PetscBool MckIOConfigChecked(MckIO io, const char path[], PetscBool prefix)
{
  const size_t len = strlen(path);

  if (!strcmp(path, MCK_CONFIG_GROUP "/" MCK_CONFIG_VERSION)) return PETSC_TRUE; /* every comparison checks it */
  for (PetscInt i = 0; i < io->nconfig_checked; i++) {
    const char *c = io->config_checked[i];

    if (prefix ? !strncmp(c, path, len) && c[len] == '/' : !strcmp(c, path)) return PETSC_TRUE;
  }
  return PETSC_FALSE;
}

typedef struct {
  MckIO io;
  char  object[PETSC_MAX_PATH_LEN];  /* the object being visited, from the root */
  char  owner[PETSC_MAX_PATH_LEN];   /* its group's name under /checkpoint/config ("" for that group) */
  char  unknown[PETSC_MAX_PATH_LEN]; /* the first setting (or object) no comparison asked for */
} MckConfigVisit;

static herr_t MckConfigVisitAttribute(hid_t loc, const char *name, const H5A_info_t *info, void *data)
{
  MckConfigVisit *v = (MckConfigVisit *)data;
  char            path[PETSC_MAX_PATH_LEN];

  (void)loc;
  (void)info;
  (void)PetscSNPrintf(path, sizeof(path), "%s/%s", v->object, name);
  if (MckIOConfigChecked(v->io, path, PETSC_FALSE)) return 0;
  (void)snprintf(v->unknown, sizeof(v->unknown), "%s", path);
  return 1;
}

/* Every attribute of every object below the configuration group; an object other than a group,
 * or a group that holds no setting, is itself unknown. */
static herr_t MckConfigVisitObject(hid_t loc, const char *name, const H5O_info_t *info, void *data)
{
  MckConfigVisit *v    = (MckConfigVisit *)data;
  const PetscBool root = (PetscBool)!strcmp(name, ".");

  (void)snprintf(v->object, sizeof(v->object), "%s%s%s", MCK_CONFIG_GROUP, root ? "" : "/", root ? "" : name);
  (void)snprintf(v->owner, sizeof(v->owner), "%.*s", root ? 0 : (int)strcspn(name, "/"), name);
  if (!root && (info->type != H5O_TYPE_GROUP || info->num_attrs == 0)) {
    (void)snprintf(v->unknown, sizeof(v->unknown), "%s", v->object);
    return 1;
  }
  return H5Aiterate_by_name(loc, name, H5_INDEX_NAME, H5_ITER_INC, NULL, MckConfigVisitAttribute, v, H5P_DEFAULT);
}

/* The other half of the comparison: MckIOConfigCheck refuses a setting this run has and the
 * checkpoint lacks, this a setting the checkpoint has and this run lacks -- an object or a type
 * this run did not add, or a setting its object no longer records -- which would otherwise go
 * unnoticed, its value silently dropped. */
/*@C
  MckIOConfigCheckComplete - After every setting of this run was compared (`MckIOConfigCheck()`),
  refuses a checkpoint that records a setting none of the comparisons asked for.

  Collective

  Input Parameter:
. io - the checkpoint, with a file open

  Notes:
  The refusal is a `PETSC_ERR_USER_INPUT` error naming the option that opened the file (e.g.
  -restart), the file and the setting's path under /checkpoint/config, and saying when this run
  has no object of that name. The list of compared settings is then forgotten.

  Level: developer

.seealso: `MckIOConfigCheck()`, `MckIOConfigSetObject()`
@*/
PetscErrorCode MckIOConfigCheckComplete(MckIO io)
{
  const char     *opt = io->option[0] ? io->option : "-restart";
  MckConfigVisit *v;
  PetscBool       has;
  hid_t           g;
  herr_t          found;
  char            object[PETSC_MAX_PATH_LEN];

  PetscFunctionBeginUser;
  PetscCall(MckIOCheckOpen(io, PETSC_FALSE));
  PetscCall(MckIOPathExists(io, MCK_CONFIG_GROUP, &has));
  if (!has) PetscCall(MckIOConfigForget(io));
  if (!has) PetscFunctionReturn(0);
  PetscCall(PetscNew(&v));
  v->io = io;
  PetscCallHDF5(g = H5Gopen2(io->file, MCK_CONFIG_GROUP, H5P_DEFAULT), "opening %s in %s", MCK_CONFIG_GROUP, io->path);
  found = H5Ovisit2(g, H5_INDEX_NAME, H5_ITER_INC, MckConfigVisitObject, v, H5O_INFO_BASIC | H5O_INFO_NUM_ATTRS);
  PetscCallHDF5(H5Gclose(g), "closing %s", MCK_CONFIG_GROUP);
  PetscCallHDF5(found, "reading the settings in %s of %s", MCK_CONFIG_GROUP, io->path);
  PetscCall(PetscSNPrintf(object, sizeof(object), "%s/%s", MCK_CONFIG_GROUP, v->owner));
  has = (PetscBool)(!v->owner[0] || MckIOConfigChecked(io, object, PETSC_TRUE));
  PetscCall(MckIOConfigForget(io));
  if (v->unknown[0]) {
    char unknown[PETSC_MAX_PATH_LEN], owner[PETSC_MAX_PATH_LEN];

    PetscCall(PetscStrncpy(unknown, v->unknown, sizeof(unknown)));
    PetscCall(PetscStrncpy(owner, v->owner, sizeof(owner)));
    PetscCall(PetscFree(v));
    SETERRQ(io->comm, PETSC_ERR_USER_INPUT,
            "%s %s: checkpoint records %s, which this run does not have%s%s%s; restart only with the configuration "
            "that wrote the checkpoint",
            opt, io->path, unknown, has ? "" : " (it has no object ", has ? "" : owner, has ? "" : ")");
  }
  PetscCall(PetscFree(v));
  PetscFunctionReturn(0);
}

/*@C
  MckIOConfigString - Records (check false) or compares (check true) one string setting of a checkpoint.

  Collective

  Input Parameters:
+ io     - the checkpoint
. check  - `PETSC_FALSE` to record with `MckIOConfigWrite()`, `PETSC_TRUE` to compare with `MckIOConfigCheck()`
. option - the option as the user types it, with its prefix
- value  - the value

  Level: developer

.seealso: `MckIOConfigInt()`, `MckIOConfigReals()`, `MckObjectComposeCheckpoint()`
@*/
PetscErrorCode MckIOConfigString(MckIO io, PetscBool check, const char option[], const char value[])
{
  PetscFunctionBeginUser;
  if (check) PetscCall(MckIOConfigCheck(io, option, value));
  else PetscCall(MckIOConfigWrite(io, option, value));
  PetscFunctionReturn(0);
}

/*@C
  MckIOConfigInt - Records (check false) or compares (check true) one integer setting of a checkpoint.

  Collective

  Input Parameters:
+ io     - the checkpoint
. check  - `PETSC_FALSE` to record, `PETSC_TRUE` to compare
. option - the option as the user types it, with its prefix
- value  - the value (stored in decimal)

  Level: developer

.seealso: `MckIOConfigString()`, `MckIOConfigReals()`
@*/
PetscErrorCode MckIOConfigInt(MckIO io, PetscBool check, const char option[], PetscInt64 value)
{
  char buf[32];

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(buf, sizeof(buf), "%" PetscInt64_FMT, value));
  PetscCall(MckIOConfigString(io, check, option, buf));
  PetscFunctionReturn(0);
}

/* The shortest of %.15g, %.16g, %.17g that reads back as the same double: exact (a different
 * double never gives the same text) and readable in messages ("0.01", not
 * "0.010000000000000000208"). */
static void MckIOFormatReal(double v, char buf[], size_t len)
{
  for (int digits = 15; digits <= 17; digits++) {
    (void)snprintf(buf, len, "%.*g", digits, v);
    if (strtod(buf, NULL) == v) return;
  }
}

/*@C
  MckIOConfigReals - Records (check false) or compares (check true) a setting made of reals.

  Collective

  Input Parameters:
+ io     - the checkpoint
. check  - `PETSC_FALSE` to record, `PETSC_TRUE` to compare
. option - the option as the user types it, with its prefix
. n      - the number of values, >= 0
- values - the values

  Notes:
  Each value is stored in the shortest of %.15g, %.16g, %.17g that reads back as the same
  double, comma separated: the comparison is exact and the message readable ("0.01").

  Level: developer

.seealso: `MckIOConfigString()`, `MckIOConfigInt()`
@*/
PetscErrorCode MckIOConfigReals(MckIO io, PetscBool check, const char option[], PetscInt n, const PetscReal values[])
{
  char          *buf;
  size_t         len = 32 * (size_t)PetscMax(n, 1) + 1;
  PetscErrorCode ierr;

  PetscFunctionBeginUser;
  PetscCheck(n >= 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "MckIOConfigReals %s: negative count %d", option,
             (int)n);
  PetscCall(PetscCalloc1(len, &buf));
  for (PetscInt i = 0; i < n; i++) {
    char one[32];

    MckIOFormatReal((double)values[i], one, sizeof(one));
    if (i) PetscCall(PetscStrlcat(buf, ",", len));
    PetscCall(PetscStrlcat(buf, one, len));
  }
  ierr = MckIOConfigString(io, check, option, buf);
  PetscCall(PetscFree(buf)); /* after a refusal too */
  PetscCall(ierr);
  PetscFunctionReturn(0);
}

/*@C
  MckIOConfigFingerprint - Records (check false) or compares (check true) a 64-bit fingerprint
  (FNV-1a of the bits) of data a run depends on but no option describes, such as data read from a file.

  Collective

  Input Parameters:
+ io     - the checkpoint
. check  - `PETSC_FALSE` to record, `PETSC_TRUE` to compare
. option - what the data are, as a user knows them (e.g. "-target_file data (fingerprint)")
. n      - the number of values
- values - the values, the same on every rank

  Notes:
  The fingerprint is of the values themselves, not of the file or its name: the same data moved
  or copied elsewhere are accepted, and other data under the same name are refused.

  Level: developer

.seealso: `MckIOConfigInt()`, `MckIOConfigReals()`
@*/
PetscErrorCode MckIOConfigFingerprint(MckIO io, PetscBool check, const char option[], PetscInt64 n,
                                      const PetscReal values[])
{
  const unsigned char *b = (const unsigned char *)values;
  uint64_t             h = 14695981039346656037ULL;

  PetscFunctionBeginUser;
  for (size_t i = 0; i < (size_t)n * sizeof(PetscReal); i++) h = (h ^ b[i]) * 1099511628211ULL;
  PetscCall(MckIOConfigInt(io, check, option, (PetscInt64)h));
  PetscFunctionReturn(0);
}

/* Each method is composed on the object under its own name, so that any PETSc object can take
 * part in a run and the run can ask an object which methods it has. */
static const char *const MckCheckpointMethodNames[] = {"MckCheckpointConfig_C", "MckCheckpointWrite_C",
                                                       "MckCheckpointRead_C", "MckCheckpointInitialize_C"};

/*@C
  MckObjectComposeCheckpoint - Gives an object the checkpoint protocol a run calls: config, write,
  read and initialize.

  Not Collective

  Input Parameters:
+ obj - the object (any PETSc object)
- ops - the methods; any may be NULL (a NULL one removes a method of that name composed before)

  Notes:
  Each method is composed under its own name (MckCheckpointConfig_C, ...), so that any PETSc
  object can take part in a run and the run can ask which methods it has. The methods
  themselves are collective on the object's communicator.

  Level: developer

.seealso: `MckObjectGetCheckpoint()`, `MckObjectComposeStepper()`, `MckRunAddObject()`
@*/
PetscErrorCode MckObjectComposeCheckpoint(PetscObject obj, const MckCheckpointOps *ops)
{
  PetscFunctionBeginUser;
  PetscCall(PetscObjectComposeFunction(obj, MckCheckpointMethodNames[0], ops->config));
  PetscCall(PetscObjectComposeFunction(obj, MckCheckpointMethodNames[1], ops->write));
  PetscCall(PetscObjectComposeFunction(obj, MckCheckpointMethodNames[2], ops->read));
  PetscCall(PetscObjectComposeFunction(obj, MckCheckpointMethodNames[3], ops->initialize));
  PetscFunctionReturn(0);
}

/*@C
  MckObjectComposeRunMethods - Gives an object both protocols of a solver a run advances: the
  stepping protocol and the checkpoint protocol.

  Not Collective

  Input Parameters:
+ obj        - the object (any PETSc object)
. stepper    - its stepping methods (see `MckObjectComposeStepper()`)
- checkpoint - its checkpoint methods (see `MckObjectComposeCheckpoint()`)

  Level: developer

.seealso: `MckObjectComposeStepper()`, `MckObjectComposeCheckpoint()`, `MckRunSetSolver()`
@*/
PetscErrorCode MckObjectComposeRunMethods(PetscObject obj, const MckStepperOps *stepper,
                                          const MckCheckpointOps *checkpoint)
{
  PetscFunctionBeginUser;
  PetscCall(MckObjectComposeStepper(obj, stepper));
  PetscCall(MckObjectComposeCheckpoint(obj, checkpoint));
  PetscFunctionReturn(0);
}

/*@C
  MckObjectGetCheckpoint - The checkpoint methods composed on an object.

  Not Collective

  Input Parameter:
. obj - the object

  Output Parameter:
. ops - the methods; NULL for each one the object lacks

  Level: developer

.seealso: `MckObjectComposeCheckpoint()`
@*/
PetscErrorCode MckObjectGetCheckpoint(PetscObject obj, MckCheckpointOps *ops)
{
  PetscFunctionBeginUser;
  PetscCall(PetscObjectQueryFunction(obj, MckCheckpointMethodNames[0], &ops->config));
  PetscCall(PetscObjectQueryFunction(obj, MckCheckpointMethodNames[1], &ops->write));
  PetscCall(PetscObjectQueryFunction(obj, MckCheckpointMethodNames[2], &ops->read));
  PetscCall(PetscObjectQueryFunction(obj, MckCheckpointMethodNames[3], &ops->initialize));
  PetscFunctionReturn(0);
}
