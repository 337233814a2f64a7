# Installs the build tree into PREFIX.staging, then moves it to PREFIX: the
# tests that use PREFIX thereby check that the install is relocatable.
# Invoked with -DBUILD_DIR and -DPREFIX.
file(REMOVE_RECURSE "${PREFIX}" "${PREFIX}.staging")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}"
                        --prefix "${PREFIX}.staging"
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed (${rc})")
endif()
file(RENAME "${PREFIX}.staging" "${PREFIX}")
file(GLOB_RECURSE configs "${PREFIX}/*/WasmAOTConfig.cmake")
file(GLOB_RECURSE versions "${PREFIX}/*/WasmAOTConfigVersion.cmake")
file(GLOB_RECURSE modules "${PREFIX}/*/WasmAOT.cmake")
if(NOT configs OR NOT versions OR NOT modules OR NOT EXISTS "${PREFIX}/bin/wasm-aot" OR
   NOT EXISTS "${PREFIX}/bin/wasm-aot-compiler")
  message(FATAL_ERROR "the prefix lacks WasmAOTConfig.cmake, "
    "WasmAOTConfigVersion.cmake, WasmAOT.cmake, bin/wasm-aot or "
    "bin/wasm-aot-compiler")
endif()
# Nothing installed may name where it was installed.
foreach(f IN LISTS configs modules)
  get_filename_component(dir "${f}" DIRECTORY)
  file(GLOB cmake_files "${dir}/*.cmake")
  foreach(c IN LISTS cmake_files)
    file(STRINGS "${c}" hits REGEX "\\.staging")
    if(hits)
      message(FATAL_ERROR "${c} names the install prefix: ${hits}")
    endif()
  endforeach()
endforeach()
message(STATUS "installed to ${PREFIX} (relocated)")
