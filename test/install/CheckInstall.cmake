# Installs the build tree into a fresh prefix and checks that the installed
# wasm-aot runs from there. Invoked by CTest with -DBUILD_DIR, -DPREFIX and
# -DMODULE (a .wasm the installed tool must validate).
file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}"
                        --prefix "${PREFIX}"
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed (${rc})")
endif()
foreach(f bin/wasm-aot include/wasmaot/wasmaot.h)
  if(NOT EXISTS "${PREFIX}/${f}")
    message(FATAL_ERROR "the installed prefix lacks ${f}")
  endif()
endforeach()
execute_process(COMMAND "${PREFIX}/bin/wasm-aot" --version
                RESULT_VARIABLE rc OUTPUT_VARIABLE out)
if(NOT rc EQUAL 0 OR NOT out MATCHES "^wasm-aot ")
  message(FATAL_ERROR "installed wasm-aot --version failed: ${rc} ${out}")
endif()
if(MODULE)
  execute_process(COMMAND "${PREFIX}/bin/wasm-aot" validate "${MODULE}"
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "installed wasm-aot rejected ${MODULE}")
  endif()
endif()
message(STATUS "installed prefix ${PREFIX} works")
