# wasm-aot run's WASI command line: traps, --invoke on a WASI reactor,
# proc_exit from an export, bad --dir and --env values, and a module whose
# WASI import has the wrong type. -DWASM_AOT -DWASM_DIR -DWAT2WASM (may be
# empty) -DWORK.

cmake_minimum_required(VERSION 3.25) # GLOB_RECURSE keeps links as they are

file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
set(run ${WASM_AOT} run -O0 --cache-dir ${WORK}/../cache)

# Runs args; checks the exit code, stdout and that stderr contains err.
function(expect rc out err)
  execute_process(COMMAND ${run} ${ARGN} WORKING_DIRECTORY ${WORK}
                  OUTPUT_VARIABLE got_out ERROR_VARIABLE got_err
                  RESULT_VARIABLE got_rc)
  string(FIND "${got_err}" "${err}" at)
  if(NOT got_rc STREQUAL rc OR NOT got_out STREQUAL out OR at EQUAL -1)
    message(SEND_ERROR "run ${ARGN}: exit ${got_rc} (want ${rc}), stdout "
                       "[${got_out}] (want [${out}]), stderr [${got_err}] "
                       "(want it to contain [${err}])")
  endif()
endfunction()

expect(134 "before the trap\n" "trap: unreachable: unreachable"
       ${WASM_DIR}/trap.wasm)
expect(0 "initialized\ntwice 21\n42\n" "" --invoke twice
       ${WASM_DIR}/reactor.wasm 21)
expect(9 "initialized\nleaving with 9\n" "" --invoke leave
       ${WASM_DIR}/reactor.wasm 9)
expect(2 "" "--dir ::x: expected HOST or HOST::GUEST" --dir ::x
       ${WASM_DIR}/reactor.wasm)
expect(2 "" "cannot open directory '${WORK}/none'" --dir ${WORK}/none
       ${WASM_DIR}/reactor.wasm)
expect(2 "" "--env NOVALUE: expected NAME=VALUE" --env NOVALUE
       ${WASM_DIR}/reactor.wasm)
expect(2 "" "no exported function '_start'" ${WASM_DIR}/reactor.wasm)

if(WAT2WASM)
  file(WRITE ${WORK}/bad.wat [[
(module
  (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32) (result i32)))
  (func (export "_start")))
]])
  execute_process(COMMAND ${WAT2WASM} ${WORK}/bad.wat -o ${WORK}/bad.wasm
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "wat2wasm failed")
  endif()
  set(want "wasi_snapshot_preview1.fd_write is imported with another type ")
  string(APPEND want "than WASI's (i32 i32 i32 i32) -> (i32)")
  expect(1 "" "${want}" ${WORK}/bad.wasm)
endif()
