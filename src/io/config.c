/* Configuration fingerprint of a checkpoint: the (option, value) pairs a checkpoint depends on,
 * stored as string attributes of /checkpoint/config/<object> (MckIOConfigSetObject; the
 * group /checkpoint/config itself when none is set) and compared on restart. Values are
 * compared as strings: writers format them exactly (e.g. "%.17g"), so equal means identical.
 * The McKean version that wrote the checkpoint is part of the fingerprint. */
#include "iohelpers.h"
#include <stdio.h>
#include <stdlib.h>

#define MCK_CONFIG_GROUP   "/checkpoint/config"
#define MCK_CONFIG_VERSION "mckean_version" /* not an option: no leading dash */

PetscErrorCode MckIOConfigSetObject(MckIO io, const char name[])
{
  PetscFunctionBeginUser;
  if (name && name[0]) PetscCall(PetscSNPrintf(io->config_group, sizeof(io->config_group), "%s/%s", MCK_CONFIG_GROUP, name));
  else io->config_group[0] = 0;
  PetscFunctionReturn(0);
}

static const char *MckIOConfigGroup(MckIO io)
{
  return io->config_group[0] ? io->config_group : MCK_CONFIG_GROUP;
}

/* The version is recorded beside every setting (rewriting the same value), so that every
 * checkpoint with a configuration carries the version that wrote it. */
PetscErrorCode MckIOConfigWrite(MckIO io, const char option[], const char value[])
{
  PetscFunctionBeginUser;
  PetscCall(MckIOWriteAttributeString(io, MCK_CONFIG_GROUP, MCK_CONFIG_VERSION, McKeanVersion()));
  PetscCall(MckIOWriteAttributeString(io, MckIOConfigGroup(io), option, value));
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
  PetscCheck(found, io->comm, PETSC_ERR_USER_INPUT, "%s %s: checkpoint records no McKean version (this is McKean %s); restart only with the version that wrote the checkpoint", opt, io->path, McKeanVersion());
  PetscCall(PetscStrcmp(stored, McKeanVersion(), &same));
  PetscCheck(same, io->comm, PETSC_ERR_USER_INPUT, "%s %s: checkpoint was written by McKean %s but this is McKean %s; restart only with the version that wrote the checkpoint", opt, io->path, stored, McKeanVersion());
  PetscCall(PetscFree(stored));
  PetscFunctionReturn(0);
}

/* A restart continues the exact trajectory of the run that wrote the checkpoint only under the
 * same configuration; anything else would silently be a different experiment. */
PetscErrorCode MckIOConfigCheck(MckIO io, const char option[], const char value[])
{
  const char *opt = io->option[0] ? io->option : "-restart";
  const char *shown = value[0] ? value : "(empty)";
  char       *stored;
  PetscBool   found, same = PETSC_FALSE;

  PetscFunctionBeginUser;
  PetscCall(MckIOConfigCheckVersion(io, opt));
  PetscCall(MckIOReadAttributeStringAlloc(io, MckIOConfigGroup(io), option, &stored, &found));
  PetscCheck(found, io->comm, PETSC_ERR_USER_INPUT, "%s %s: checkpoint does not record %s (this run has %s %s); restart only with the configuration that wrote the checkpoint", opt, io->path, option, option, shown);
  PetscCall(PetscStrcmp(stored, value, &same));
  PetscCheck(same, io->comm, PETSC_ERR_USER_INPUT, "%s %s: checkpoint was written with %s %s but this run has %s %s; restart only with the configuration that wrote the checkpoint", opt, io->path, option, stored[0] ? stored : "(empty)", option, shown);
  PetscCall(PetscFree(stored));
  PetscFunctionReturn(0);
}

PetscErrorCode MckIOConfigString(MckIO io, PetscBool check, const char option[], const char value[])
{
  PetscFunctionBeginUser;
  if (check) PetscCall(MckIOConfigCheck(io, option, value));
  else PetscCall(MckIOConfigWrite(io, option, value));
  PetscFunctionReturn(0);
}

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

PetscErrorCode MckIOConfigReals(MckIO io, PetscBool check, const char option[], PetscInt n, const PetscReal values[])
{
  char  *buf;
  size_t len = 32 * (size_t)PetscMax(n, 1) + 1;

  PetscFunctionBeginUser;
  PetscCheck(n >= 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "MckIOConfigReals %s: negative count %d", option, (int)n);
  PetscCall(PetscCalloc1(len, &buf));
  for (PetscInt i = 0; i < n; i++) {
    char one[32];

    MckIOFormatReal((double)values[i], one, sizeof(one));
    if (i) PetscCall(PetscStrlcat(buf, ",", len));
    PetscCall(PetscStrlcat(buf, one, len));
  }
  PetscCall(MckIOConfigString(io, check, option, buf));
  PetscCall(PetscFree(buf));
  PetscFunctionReturn(0);
}

/* Each method is composed on the object under its own name, so that any PETSc object can take
 * part in a run and the run can ask an object which methods it has. */
static const char *const MckCheckpointMethodNames[] = {"MckCheckpointConfig_C", "MckCheckpointWrite_C", "MckCheckpointRead_C", "MckCheckpointInitialize_C"};

PetscErrorCode MckObjectComposeCheckpoint(PetscObject obj, const MckCheckpointOps *ops)
{
  PetscFunctionBeginUser;
  PetscCall(PetscObjectComposeFunction(obj, MckCheckpointMethodNames[0], ops->config));
  PetscCall(PetscObjectComposeFunction(obj, MckCheckpointMethodNames[1], ops->write));
  PetscCall(PetscObjectComposeFunction(obj, MckCheckpointMethodNames[2], ops->read));
  PetscCall(PetscObjectComposeFunction(obj, MckCheckpointMethodNames[3], ops->initialize));
  PetscFunctionReturn(0);
}

PetscErrorCode MckObjectGetCheckpoint(PetscObject obj, MckCheckpointOps *ops)
{
  PetscFunctionBeginUser;
  PetscCall(PetscObjectQueryFunction(obj, MckCheckpointMethodNames[0], &ops->config));
  PetscCall(PetscObjectQueryFunction(obj, MckCheckpointMethodNames[1], &ops->write));
  PetscCall(PetscObjectQueryFunction(obj, MckCheckpointMethodNames[2], &ops->read));
  PetscCall(PetscObjectQueryFunction(obj, MckCheckpointMethodNames[3], &ops->initialize));
  PetscFunctionReturn(0);
}
