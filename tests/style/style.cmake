# Style of the public interface: a manual page for every public function of every public header.
set(MCK_MANPAGE_HEADERS all)
mck_add_script_test(NAME style.manpages
  COMMAND ${MCK_PYTHON} ${MCK_SOURCE_DIR}/tests/style/test_manpages.py ${MCK_SOURCE_DIR} ${MCK_MANPAGE_HEADERS}
  LABELS style TIMEOUT 60 PROCESSORS 1)
# The C sources formatted by .clang-format (clang-format 14, which scripts/setup.sh installs;
# skipped without it).
mck_add_script_test(NAME style.format
  COMMAND ${MCK_PYTHON} ${MCK_SOURCE_DIR}/tests/style/test_format.py ${MCK_SOURCE_DIR}
  LABELS style TIMEOUT 120 PROCESSORS 1)
set_tests_properties(style.format PROPERTIES SKIP_RETURN_CODE 77)
# Statements inside an options block end it before returning an error (MckOptionsCall/Check).
mck_add_script_test(NAME style.options_blocks
  COMMAND ${MCK_PYTHON} ${MCK_SOURCE_DIR}/tests/style/test_options_blocks.py ${MCK_SOURCE_DIR}
  LABELS style TIMEOUT 60 PROCESSORS 1)
