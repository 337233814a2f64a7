# wasm-aot run --invoke: results, value syntax and exit codes. Invoked by
# CTest with -DWASM_AOT=... -DWAT2WASM=... -DSOURCE=invoke.wat -DWORK=dir.
file(MAKE_DIRECTORY "${WORK}")
set(module "${WORK}/invoke.wasm")
execute_process(COMMAND "${WAT2WASM}" "${SOURCE}" -o "${module}"
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "wat2wasm failed")
endif()

# expect(<exit code> <expected stdout> <expected stderr regex> args...)
function(expect code out err)
  execute_process(COMMAND "${WASM_AOT}" run ${ARGN}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE stdout
                  ERROR_VARIABLE stderr)
  string(REPLACE ";" " " shown "${ARGN}")
  if(NOT rc STREQUAL code)
    message(SEND_ERROR "run ${shown}: exit ${rc}, expected ${code}\n${stderr}")
  endif()
  if(NOT stdout STREQUAL out)
    message(SEND_ERROR "run ${shown}: printed [${stdout}], expected [${out}]")
  endif()
  if(err AND NOT stderr MATCHES "${err}")
    message(SEND_ERROR "run ${shown}: stderr [${stderr}] does not match ${err}")
  endif()
endfunction()

foreach(level -O0 -O2)
  expect(0 "2432902008176640000\n" "" ${level} --invoke fac "${module}" 20)
  expect(0 "-3\n" "" ${level} --invoke div "${module}" -7 0x2)
  expect(134 "" "^trap: integer-divide-by-zero: integer divide by zero\nwasm backtrace:\n  #0 +div \\(func 1 "
         ${level} --invoke div "${module}" 1 0)
  expect(0 "1.5\n-0\n" "" ${level} --invoke f "${module}" 1.5 -0)
  expect(0 "nan:0x200000\ninf\n" "" ${level} --invoke f "${module}"
         nan:0x200000 inf)
  expect(0 "0.1\n0.1\n" "" ${level} --invoke f "${module}" 0.1 0.1)
  expect(134 "" "^trap: call-stack-exhausted.*  #31 +rec .*more frames"
         ${level} --invoke rec "${module}")
  expect(0 "-7\n123\n" "" ${level} --invoke mv "${module}")
  expect(134 "" "^trap: out-of-bounds-memory-access"
         ${level} --invoke unused_load "${module}" 65536)
endforeach()
# Keeping only dropped loads lets -O2 delete this one (and is a separate
# cache entry: the same module, other code).
expect(0 "7\n" "" -O2 --unused-loads=keep-dropped --invoke unused_load
       "${module}" 65536)
expect(2 "" "takes 2 arguments, 1 given" --invoke div "${module}" 1)
expect(2 "" "no exported function 'nope'" --invoke nope "${module}")
expect(2 "" "not a valid i32" --invoke div "${module}" x 1)
