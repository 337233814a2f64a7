# Runs one case of Cases.cmake under `wasm-aot run` in a fresh directory
# preopened as ".", and natively (env -i, in another fresh directory): the
# exit codes, standard output, standard error and the files left behind
# must be the same, byte for byte. Cases with an expected output compare
# the WASI run with it instead. -DCASE -DWASM_AOT -DNATIVE_DIR (native
# binaries) -DWASM_DIR (modules) -DSOURCE_DIR (test/wasi) -DWORK -DOPT.

cmake_minimum_required(VERSION 3.25) # GLOB_RECURSE keeps links as they are

include(${SOURCE_DIR}/Cases.cmake)
set(program ${${CASE}_PROGRAM})
set(args ${${CASE}_ARGS})
set(env ${${CASE}_ENV})
set(input /dev/null)
if(${CASE}_STDIN)
  set(input ${SOURCE_DIR}/programs/${${CASE}_STDIN})
endif()

# A listing of dir: one line per entry with its kind and content hash.
function(describe_tree dir out)
  file(GLOB_RECURSE entries LIST_DIRECTORIES true RELATIVE ${dir} ${dir}/*)
  list(SORT entries)
  set(lines "")
  foreach(e IN LISTS entries)
    if(IS_SYMLINK ${dir}/${e})
      file(READ_SYMLINK ${dir}/${e} target)
      string(APPEND lines "link ${e} -> ${target}\n")
    elseif(IS_DIRECTORY ${dir}/${e})
      string(APPEND lines "dir  ${e}\n")
    else()
      file(SHA256 ${dir}/${e} hash)
      string(APPEND lines "file ${e} ${hash}\n")
    endif()
  endforeach()
  set(${out} "${lines}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE ${WORK})
set(preopen ${WORK}/wasi)
if(${CASE}_PREOPEN)
  set(preopen ${WORK}/${${CASE}_PREOPEN})
endif()
file(MAKE_DIRECTORY ${preopen} ${WORK}/native)
if(${CASE}_OUTSIDE)
  file(WRITE ${WORK}/${${CASE}_OUTSIDE} "secret\n")
endif()

set(env_opts "")
foreach(e IN LISTS env)
  list(APPEND env_opts --env ${e})
endforeach()
execute_process(
  COMMAND ${WASM_AOT} run ${OPT} --cache-dir ${WORK}/../cache
          --dir ${preopen}::. ${env_opts} ${WASM_DIR}/${program}.wasm ${args}
  WORKING_DIRECTORY ${WORK}
  INPUT_FILE ${input}
  OUTPUT_VARIABLE got_out ERROR_VARIABLE got_err RESULT_VARIABLE got_rc)

if(${CASE}_EXPECTED)
  file(READ ${SOURCE_DIR}/programs/${${CASE}_EXPECTED} want_out)
  set(want_err "")
  set(want_rc 0)
  if(${CASE}_OUTSIDE)
    file(READ ${WORK}/${${CASE}_OUTSIDE} secret)
    if(NOT secret STREQUAL "secret\n")
      message(SEND_ERROR "${CASE}: the file outside the sandbox changed")
    endif()
  endif()
else()
  execute_process(
    COMMAND env -i ${env} ${NATIVE_DIR}/${program} ${args}
    WORKING_DIRECTORY ${WORK}/native
    INPUT_FILE ${input}
    OUTPUT_VARIABLE want_out ERROR_VARIABLE want_err RESULT_VARIABLE want_rc)
  describe_tree(${WORK}/native want_tree)
  describe_tree(${preopen} got_tree)
  if(NOT got_tree STREQUAL want_tree)
    message(SEND_ERROR "${CASE}: the files differ\n--- native:\n${want_tree}"
                       "--- wasm-aot run:\n${got_tree}")
  endif()
endif()

if(NOT got_rc STREQUAL want_rc)
  message(SEND_ERROR "${CASE}: exit code ${got_rc}, native ${want_rc}\n"
                     "stderr: ${got_err}")
endif()
if(NOT got_out STREQUAL want_out)
  file(WRITE ${WORK}/got.out "${got_out}")
  file(WRITE ${WORK}/want.out "${want_out}")
  message(SEND_ERROR "${CASE}: stdout differs: diff ${WORK}/want.out "
                     "${WORK}/got.out")
endif()
if(NOT got_err STREQUAL want_err)
  message(SEND_ERROR "${CASE}: stderr differs\n--- want:\n${want_err}\n"
                     "--- got:\n${got_err}")
endif()
