# The mckean-da app (apps/mckean-da.c, the filter twin experiment of src/ensemble/twin.c).
# mckean-da: Lorenz-96 standard configuration, restart, member-layout reproducibility, the
# truth's start from the model's initial state (Lorenz-96 with its -l96_forcing, Lorenz-63);
# adaptive inflation against hand-tuned factors (ETKF J = 20 and 40, LETKF J = 10) and the divergence warning; the particle filter deck;
# the fixed-lag smoother (below the filter, restart and rank counts bit for bit); the localised NETF deck
# (below climatology and the global particle filter at N = 20); observation files and irregular times
# (on the 1D state and on the Allen-Cahn deck's 2D grid); per-axis observation strides and offsets;
# a nonlinear observation operator (the particle filter against the EnKF).
foreach(case l96 restart layout initial adaptive adaptive_letkf10 adaptive_etkf40 pf smoother lnetf obsfile obsfile_grid obsaxis nonlinear)
  mck_add_script_test(NAME ensemble.da.${case}
    COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_da_app.py ${MCK_MPIEXEC} $<TARGET_FILE:mckean-da>
            ${MCK_SOURCE_DIR}/inputs/da.yaml ${MCK_SOURCE_DIR}/scripts/plot_da.py ${case}
    LABELS ensemble TIMEOUT 120)
endforeach()

# Bad input to mckean-da: one clear message, non-zero exit, no output file; a diverging
# ensemble ends with one line; failed members are dropped or replaced and the run goes on.
foreach(case size_one analysis_unknown inflation_below_one rtps_above_one obs_var_zero letkf_no_radius
             smoother_negative smoother_local lnetf_no_radius
             ranks_per_member inverse_model failed_unknown type_option_unused diverged_drop diverged_replace
             failed_drop failed_replace restart_mismatch ok help help_no_deck help_misspelt
             obs_operator_unknown obs_offset_outside obs_file_missing obs_file_with_obs_every obs_file_no_group
             obs_file_shape obs_file_variance obs_file_coordinate obs_file_operator_unknown obs_file_operator_conflict
             obs_file_grid obs_file_grid_ints obs_file_grid_coordinate obs_every_axes obs_every_grid_axes obs_offset_axes obs_offset_count)
  mck_add_script_test(NAME ensemble.da_cli.${case}
    COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_da_cli.py --app $<TARGET_FILE:mckean-da> --mpiexec ${MCK_MPIEXEC}
            --deck ${MCK_SOURCE_DIR}/inputs/da.yaml --case ${case}
    LABELS ensemble TIMEOUT 60)
endforeach()
