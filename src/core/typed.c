/* The part of SetType and SetFromOptions that every class with types shares (mcktyped.h): one
 * place says how a type is looked up, replaced and chosen by option, and what the messages say. */
#include <mckean/mcktyped.h>
#include <petsc/private/petscimpl.h>

/*@C
  McKeanTypedSetType - Sets the type of an object of a class with types: looks the constructor
  up in the class's registry, lets the old type go and builds the new one.

  Collective

  Input Parameters:
+ obj   - the object
. cls   - its class's description
. setup - whether the object is set up (a type cannot change then)
- type  - the type name

  Notes:
  Setting the type the object already has does nothing. An unknown name is a user-input error
  that names the option (with the object's prefix), the value and the registered names.

  Level: developer

.seealso: `MckTypedClass`, `McKeanTypedOptionsType_Private()`, `McKeanFunctionListFind()`
@*/
PetscErrorCode McKeanTypedSetType(PetscObject obj, const MckTypedClass *cls, PetscBool setup, const char type[])
{
  void (*create)(void);
  PetscBool same;

  PetscFunctionBeginUser;
  PetscCall(PetscObjectTypeCompare(obj, type, &same));
  if (same) PetscFunctionReturn(0);
  PetscCheck(!setup, PetscObjectComm(obj), PETSC_ERR_ORDER, "%sSetType() must come before %sSetUp()", cls->name,
             cls->name);
  PetscCall(McKeanFunctionListFind(obj, *cls->list, cls->option, cls->kind, type, &create));
  PetscCall((*cls->retype)(obj, create));
  PetscCall(PetscObjectChangeTypeName(obj, type));
  PetscFunctionReturn(0);
}

/*@C
  McKeanTypedOptionsType_Private - Reads the type option of an object of a class with types
  (-<prefix> followed by cls->option, the registered names in its help) and sets the type; an
  object without a type gets cls->fallback. Called through the macro MckOptionsTyped(obj, cls, setup)
  between PetscObjectOptionsBegin() and PetscOptionsEnd().

  Collective

  Input Parameters:
+ PetscOptionsObject - the options block
. obj                - the object
. cls                - its class's description
- setup              - whether the object is set up

  Level: developer

.seealso: `McKeanTypedSetType()`, `MckTypedClass`
@*/
PetscErrorCode McKeanTypedOptionsType_Private(PetscOptionItems *PetscOptionsObject, PetscObject obj,
                                              const MckTypedClass *cls, PetscBool setup)
{
  char type[256];

  PetscFunctionBeginUser;
  PetscCall(PetscStrncpy(type, obj->type_name ? obj->type_name : cls->fallback, sizeof(type)));
  PetscCall(MckOptionsFList(cls->option, cls->help, *cls->list, type, type, sizeof(type), NULL));
  PetscCall(McKeanTypedSetType(obj, cls, setup, type));
  PetscFunctionReturn(0);
}

/*@C
  McKeanFunctionListNamesIf - The names in a function list that a predicate keeps, as "a, b",
  for a message that says what is allowed (e.g. the analysis types of one kind).

  Not Collective

  Input Parameters:
+ list - the function list
. keep - keep(name, ctx, &flg) sets flg when name belongs in the list
. ctx  - passed to keep
- len  - the size of buf

  Output Parameter:
. buf - the names kept, in registration order

  Level: developer

.seealso: `McKeanFunctionListNames()`
@*/
PetscErrorCode McKeanFunctionListNamesIf(PetscFunctionList list,
                                         PetscErrorCode (*keep)(const char name[], void *ctx, PetscBool *), void *ctx,
                                         char buf[], size_t len)
{
  char  names[1024], *save = NULL;
  char *tok;

  PetscFunctionBeginUser;
  PetscCall(McKeanFunctionListNames(list, names, sizeof(names)));
  buf[0] = 0;
  for (tok = strtok_r(names, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
    PetscBool flg;
    PetscCall((*keep)(tok, ctx, &flg));
    if (!flg) continue;
    if (buf[0]) PetscCall(PetscStrlcat(buf, ", ", len));
    PetscCall(PetscStrlcat(buf, tok, len));
  }
  PetscFunctionReturn(0);
}

/*@C
  McKeanTypedComposeMethods - Composes a type's own public methods on an object, or removes them:
  the type's constructor calls it with on true, its destroy with on false.

  Not Collective

  Input Parameters:
+ obj     - the object
. methods - the methods by name, the table ended by {NULL, NULL}
- on      - compose (true) or remove (false)

  Level: developer

.seealso: `MckTypedMethod`, `PetscObjectComposeFunction()`
@*/
PetscErrorCode McKeanTypedComposeMethods(PetscObject obj, const MckTypedMethod methods[], PetscBool on)
{
  PetscFunctionBeginUser;
  for (const MckTypedMethod *k = methods; k->name; k++)
    PetscCall(PetscObjectComposeFunction(obj, k->name, on ? k->fn : NULL));
  PetscFunctionReturn(0);
}
