# Runs each case through the native build and through wasm-aot run --invoke
# at every level, and requires the same output. -DWASM_AOT, -DNATIVE,
# -DMODULE.
set(cases "fib 90" "fib 1" "count_primes 1000000" "count_primes 10"
          "newton_sqrt 2" "newton_sqrt 1e300" "newton_sqrt 0.5")
foreach(case IN LISTS cases)
  separate_arguments(args UNIX_COMMAND "${case}")
  list(GET args 0 name)
  list(GET args 1 arg)
  execute_process(COMMAND "${NATIVE}" ${name} ${arg}
                  OUTPUT_VARIABLE want RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "native ${case} failed")
  endif()
  foreach(level -O0 -O1 -O2 -O3)
    execute_process(COMMAND "${WASM_AOT}" run ${level} --invoke ${name}
                            "${MODULE}" ${arg}
                    OUTPUT_VARIABLE got RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0 OR NOT got STREQUAL want)
      message(SEND_ERROR "${case} at ${level}: got [${got}] (exit ${rc}), "
                         "native [${want}]")
    endif()
  endforeach()
endforeach()
