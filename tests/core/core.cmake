# The core layer's helpers (src/core).

# The typed-object helper every class with types is built on (mcktyped.h): a type is built once,
# the old type's destroy runs and its ops are cleared, unknown names and late changes are refused
# with the messages the apps show, the type option honours the prefix, a registry can be filtered.
mck_add_executable(test_typed ${MCK_TEST_SRC}/test_typed.c)
mck_add_mpi_test(NAME core.typed COMMAND $<TARGET_FILE:test_typed> RANKS 1 LABELS unit TIMEOUT 30)
