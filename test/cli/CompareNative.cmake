# Runs each case through the native build and through wasm-aot run --invoke
# at each level, and requires the same output. -DWASM_AOT, -DNATIVE,
# -DMODULE; optionally -DCASES_FILE (one "NAME ARGS..." a line, # comments;
# by default the compute example's cases), -DLEVELS (e.g. "-O0 -O2"; by
# default all four), -DRUN_OPTIONS (more wasm-aot run options for every
# level) and -DFAILURE_OUTPUT (a native result that means the program's own
# checks failed).
if(CASES_FILE)
  file(STRINGS "${CASES_FILE}" cases REGEX "^[^#]")
else()
  set(cases "fib 90" "fib 1" "count_primes 1000000" "count_primes 10"
            "newton_sqrt 2" "newton_sqrt 1e300" "newton_sqrt 0.5")
endif()
if(NOT DEFINED LEVELS)
  set(LEVELS "-O0 -O1 -O2 -O3")
endif()
separate_arguments(levels UNIX_COMMAND "${LEVELS}")
separate_arguments(run_options UNIX_COMMAND "${RUN_OPTIONS}")
list(LENGTH cases count)
if(count EQUAL 0)
  message(FATAL_ERROR "no cases in ${CASES_FILE}")
endif()
foreach(case IN LISTS cases)
  separate_arguments(args UNIX_COMMAND "${case}")
  list(POP_FRONT args name)
  execute_process(COMMAND "${NATIVE}" ${name} ${args}
                  OUTPUT_VARIABLE want RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0 OR want STREQUAL "")
    message(FATAL_ERROR "native ${case} failed")
  endif()
  if(DEFINED FAILURE_OUTPUT AND want STREQUAL "${FAILURE_OUTPUT}\n")
    message(SEND_ERROR "native ${case}: the program's own check failed")
  endif()
  foreach(level IN LISTS levels)
    execute_process(COMMAND "${WASM_AOT}" run ${level} ${run_options}
                            --invoke ${name}
                            "${MODULE}" ${args}
                    OUTPUT_VARIABLE got RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0 OR NOT got STREQUAL want)
      message(SEND_ERROR "${case} at ${level}: got [${got}] (exit ${rc}), "
                         "native [${want}]")
    endif()
  endforeach()
endforeach()
