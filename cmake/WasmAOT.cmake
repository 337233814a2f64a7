# WasmAOT's CMake module: precompiles WebAssembly modules into .wasmaot
# artifacts with wasm-aot at build time, and runs test bundles under CTest.
#
#   wasm_aot_library(<target> SOURCES <a.wasm>... [OPT_LEVEL <0-3>]
#                    [TARGET_CPU <cpu>] [OUTPUT_DIRECTORY <dir>]
#                    [CACHE_DIRECTORY <dir>] [DEPENDS <target>...])
#   wasm_aot_add_test(<name> MODULE <target>|<target>:<file.wasm>|<artifact>
#                     [ARGS <arg>...] [DIRS <host>[::<guest>]...]
#                     [ENV <K=V>...])
#
# It needs the executable targets WasmAOT::wasm-aot (runs test bundles) and
# WasmAOT::wasm-aot-compiler (compiles; the launcher would hand it the work
# anyway): the build tree of WasmAOT makes them aliases of its own,
# find_package(WasmAOT) imports them.
#
# Settings (cache variables):
#   WASM_AOT_JOB_POOL_SIZE   compiles at once under Ninja (empty: as many as
#                            WASM_AOT_COMPILE_MEMORY_MB fit in memory, at most
#                            one per core)
#   WASM_AOT_COMPILE_MEMORY_MB  memory one compile of a big module may take
#   WASM_AOT_COMPILE_THREADS threads per compile (empty: cores / pool size)
#   WASM_AOT_CACHE_DIR       the artifact cache when CACHE_DIRECTORY is not
#                            given (empty: wasm-aot's default,
#                            $WASM_AOT_CACHE_DIR or ~/.cache/wasm-aot)
#   WASM_AOT_COMPILE_FLAGS   more flags for every compile (e.g. --verbose)
include_guard(GLOBAL)

set(WASM_AOT_JOB_POOL_SIZE "" CACHE STRING
    "wasm-aot compiles at once under Ninja (empty: from memory and cores)")
# Measured: a 1.3 MB module (test/wasi's bundle) peaks at 150 MB at -O2;
# 1 GiB leaves room for modules several times that size.
set(WASM_AOT_COMPILE_MEMORY_MB 1024 CACHE STRING
    "Memory (MiB) one wasm-aot compile of a big module may need")
set(WASM_AOT_COMPILE_THREADS "" CACHE STRING
    "Threads per wasm-aot compile (empty: cores / job pool size)")
set(WASM_AOT_CACHE_DIR "" CACHE PATH
    "Artifact cache for wasm_aot_library (empty: wasm-aot's default)")
set(WASM_AOT_COMPILE_FLAGS "" CACHE STRING
    "More flags for every wasm-aot compile")

# The pool and thread count: a parallel build keeps at most pool-size
# compiles in memory, and pool size x threads stays within the cores.
cmake_host_system_information(RESULT _wasm_aot_mem_mb
                              QUERY TOTAL_PHYSICAL_MEMORY)
cmake_host_system_information(RESULT _wasm_aot_cores
                              QUERY NUMBER_OF_LOGICAL_CORES)
if(NOT _wasm_aot_cores GREATER 0)
  set(_wasm_aot_cores 1)
endif()
if(WASM_AOT_JOB_POOL_SIZE)
  set(_wasm_aot_pool ${WASM_AOT_JOB_POOL_SIZE})
else()
  math(EXPR _wasm_aot_pool "${_wasm_aot_mem_mb} / ${WASM_AOT_COMPILE_MEMORY_MB}")
  if(_wasm_aot_pool GREATER _wasm_aot_cores)
    set(_wasm_aot_pool ${_wasm_aot_cores})
  endif()
endif()
if(_wasm_aot_pool LESS 1)
  set(_wasm_aot_pool 1)
endif()
if(WASM_AOT_COMPILE_THREADS)
  set(_wasm_aot_threads ${WASM_AOT_COMPILE_THREADS})
else()
  math(EXPR _wasm_aot_threads "${_wasm_aot_cores} / ${_wasm_aot_pool}")
  if(_wasm_aot_threads LESS 1)
    set(_wasm_aot_threads 1)
  endif()
endif()
# Global: the functions may run in directories that never saw this file.
set_property(GLOBAL PROPERTY WASM_AOT_EFFECTIVE_JOB_POOL_SIZE ${_wasm_aot_pool})
set_property(GLOBAL PROPERTY WASM_AOT_EFFECTIVE_COMPILE_THREADS ${_wasm_aot_threads})
# Declares the pool unless the project did (again at the end of the
# configure, in case the project then replaced JOB_POOLS).
function(_wasm_aot_declare_pool)
  get_property(pools GLOBAL PROPERTY JOB_POOLS)
  get_property(size GLOBAL PROPERTY WASM_AOT_EFFECTIVE_JOB_POOL_SIZE)
  if(NOT pools MATCHES "(^|;)wasm_aot=")
    set_property(GLOBAL APPEND PROPERTY JOB_POOLS wasm_aot=${size})
  endif()
endfunction()
_wasm_aot_declare_pool()

# A C identifier from any string.
function(_wasm_aot_c_name out str)
  string(MAKE_C_IDENTIFIER "${str}" id)
  string(TOUPPER "${id}" id)
  set(${out} "${id}" PARENT_SCOPE)
endfunction()

function(wasm_aot_library target)
  cmake_parse_arguments(PARSE_ARGV 1 arg ""
    "OPT_LEVEL;TARGET_CPU;OUTPUT_DIRECTORY;CACHE_DIRECTORY"
    "SOURCES;DEPENDS")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "wasm_aot_library: unknown arguments ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT arg_SOURCES)
    message(FATAL_ERROR "wasm_aot_library(${target}): no SOURCES")
  endif()
  if(NOT TARGET WasmAOT::wasm-aot-compiler)
    message(FATAL_ERROR "wasm_aot_library(${target}): no "
      "WasmAOT::wasm-aot-compiler (this WasmAOT was built without the "
      "compiler)")
  endif()
  if(NOT DEFINED arg_OPT_LEVEL)
    set(arg_OPT_LEVEL 2)
  endif()
  if(NOT arg_OPT_LEVEL MATCHES "^[0-3]$")
    message(FATAL_ERROR "wasm_aot_library(${target}): OPT_LEVEL must be 0-3, not '${arg_OPT_LEVEL}'")
  endif()
  if(arg_OUTPUT_DIRECTORY)
    get_filename_component(outdir "${arg_OUTPUT_DIRECTORY}" ABSOLUTE
                           BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  else()
    set(outdir "${CMAKE_CURRENT_BINARY_DIR}/${target}")
  endif()
  set(cache_dir "${arg_CACHE_DIRECTORY}")
  if(NOT cache_dir)
    set(cache_dir "${WASM_AOT_CACHE_DIR}")
  endif()

  get_property(threads GLOBAL PROPERTY WASM_AOT_EFFECTIVE_COMPILE_THREADS)
  set(flags -O${arg_OPT_LEVEL} --threads=${threads})
  if(arg_TARGET_CPU)
    list(APPEND flags --cpu=${arg_TARGET_CPU})
  endif()
  if(cache_dir)
    get_filename_component(cache_dir "${cache_dir}" ABSOLUTE
                           BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
    list(APPEND flags --cache-dir=${cache_dir})
  endif()
  separate_arguments(extra UNIX_COMMAND "${WASM_AOT_COMPILE_FLAGS}")
  list(APPEND flags ${extra})
  set(pool "")
  if(CMAKE_GENERATOR MATCHES "Ninja")
    set(pool JOB_POOL wasm_aot)
  endif()

  set(artifacts "")
  set(names "")
  set(wasm_files "")
  foreach(src IN LISTS arg_SOURCES)
    # Relative: a file of the source directory, else one this directory's
    # build generates.
    get_filename_component(abs "${src}" ABSOLUTE)
    if(NOT EXISTS "${abs}" AND NOT IS_ABSOLUTE "${src}")
      get_source_file_property(gen "${abs}" GENERATED)
      if(NOT gen)
        set(abs "${CMAKE_CURRENT_BINARY_DIR}/${src}")
      endif()
    endif()
    get_filename_component(file "${abs}" NAME)
    get_filename_component(name "${abs}" NAME_WLE)
    if(name IN_LIST names)
      message(FATAL_ERROR "wasm_aot_library(${target}): two sources named ${name}")
    endif()
    list(APPEND names "${name}")
    set(out "${outdir}/${name}.wasmaot")
    # The options as a file rewritten only when they change. Ninja and the
    # Makefiles notice a changed command themselves (CMakeRuleHashes.txt);
    # the file makes other generators rebuild too.
    set(stamp "${outdir}/.${name}.options")
    file(CONFIGURE OUTPUT "${stamp}" CONTENT "${flags}\n" @ONLY)
    add_custom_command(
      OUTPUT "${out}"
      COMMAND WasmAOT::wasm-aot-compiler compile ${flags} "${abs}"
              -o "${out}"
      # The compiler as a target: a file-level dependency on its binary
      # (built or imported), and for a built one the target-level order.
      DEPENDS "${abs}" WasmAOT::wasm-aot-compiler "${stamp}"
      ${pool}
      COMMENT "wasm-aot: compiling ${file} (-O${arg_OPT_LEVEL})"
      VERBATIM)
    list(APPEND artifacts "${out}")
    list(APPEND wasm_files "${abs}")
  endforeach()

  # The manifest: a JSON file and a C header naming each artifact.
  set(json "{\n  \"target\": \"${target}\",\n  \"artifacts\": {")
  _wasm_aot_c_name(prefix "${target}")
  set(header "/* Generated by wasm_aot_library(${target}). */\n#ifndef WASMAOT_ARTIFACTS_${prefix}_H\n#define WASMAOT_ARTIFACTS_${prefix}_H\n")
  set(sep "")
  foreach(name out IN ZIP_LISTS names artifacts)
    string(APPEND json "${sep}\n    \"${name}\": \"${out}\"")
    set(sep ",")
    _wasm_aot_c_name(id "${name}")
    string(APPEND header "#define WASMAOT_${prefix}_${id}_ARTIFACT \"${out}\"\n")
  endforeach()
  string(APPEND json "\n  }\n}\n")
  string(APPEND header "#endif\n")
  file(CONFIGURE OUTPUT "${outdir}/${target}.json" CONTENT "${json}" @ONLY)
  file(CONFIGURE OUTPUT "${outdir}/include/${target}_artifacts.h"
       CONTENT "${header}" @ONLY)

  add_custom_target(${target} ALL DEPENDS ${artifacts})
  if(arg_DEPENDS)
    add_dependencies(${target} ${arg_DEPENDS})
  endif()
  set_target_properties(${target} PROPERTIES
    WASM_AOT_ARTIFACTS "${artifacts}"
    WASM_AOT_SOURCES "${wasm_files}"
    WASM_AOT_NAMES "${names}"
    WASM_AOT_MANIFEST "${outdir}/${target}.json"
    WASM_AOT_HEADER "${outdir}/include/${target}_artifacts.h"
    WASM_AOT_INCLUDE_DIRECTORY "${outdir}/include")
  foreach(name out IN ZIP_LISTS names artifacts)
    set_property(TARGET ${target} PROPERTY WASM_AOT_ARTIFACT_${name} "${out}")
  endforeach()

  # What needs the whole project configured: the producers of generated
  # sources (Ninja sees every rule; other generators need the producing
  # target built first), and the pool.
  set_property(GLOBAL APPEND PROPERTY _WASM_AOT_LIBRARIES ${target})
  get_property(deferred GLOBAL PROPERTY _WASM_AOT_DEFERRED)
  if(NOT deferred)
    set_property(GLOBAL PROPERTY _WASM_AOT_DEFERRED ON)
    cmake_language(DEFER DIRECTORY "${CMAKE_SOURCE_DIR}"
                   CALL _wasm_aot_finish)
  endif()
endfunction()

function(_wasm_aot_finish)
  _wasm_aot_declare_pool()
  if(NOT CMAKE_GENERATOR MATCHES "Ninja")
    _wasm_aot_order_producers()
  endif()
endfunction()

# Every directory of the project, depth first.
function(_wasm_aot_directories out dir)
  set(dirs "${dir}")
  get_property(subdirs DIRECTORY "${dir}" PROPERTY SUBDIRECTORIES)
  foreach(sub IN LISTS subdirs)
    _wasm_aot_directories(more "${sub}")
    list(APPEND dirs ${more})
  endforeach()
  set(${out} "${dirs}" PARENT_SCOPE)
endfunction()

# Whether target depends on lib through add_dependencies, transitively.
function(_wasm_aot_depends_on out target lib)
  set(todo ${target})
  set(seen "")
  while(todo)
    list(POP_FRONT todo t)
    if(t STREQUAL lib)
      set(${out} TRUE PARENT_SCOPE)
      return()
    endif()
    if(t IN_LIST seen OR NOT TARGET ${t})
      continue()
    endif()
    list(APPEND seen ${t})
    get_target_property(deps ${t} MANUALLY_ADDED_DEPENDENCIES)
    if(deps)
      list(APPEND todo ${deps})
    endif()
  endwhile()
  set(${out} FALSE PARENT_SCOPE)
endfunction()

# For each generated source, orders the library after the custom targets of
# the directory that generates it (a custom target's DEPENDS cannot be read,
# so all of them but those that depend on the library themselves). In the
# same directory this also keeps the producing rule, which CMake copies into
# the library's target, from running twice at once.
function(_wasm_aot_order_producers)
  _wasm_aot_directories(dirs "${CMAKE_SOURCE_DIR}")
  get_property(libraries GLOBAL PROPERTY _WASM_AOT_LIBRARIES)
  foreach(lib IN LISTS libraries)
    get_target_property(sources ${lib} WASM_AOT_SOURCES)
    foreach(dir IN LISTS dirs)
      foreach(src IN LISTS sources)
        get_source_file_property(gen "${src}" DIRECTORY "${dir}" GENERATED)
        if(NOT gen)
          continue()
        endif()
        get_property(targets DIRECTORY "${dir}" PROPERTY BUILDSYSTEM_TARGETS)
        foreach(t IN LISTS targets)
          get_target_property(type ${t} TYPE)
          get_target_property(is_library ${t} WASM_AOT_ARTIFACTS)
          if(type STREQUAL "UTILITY" AND NOT is_library)
            _wasm_aot_depends_on(cycle ${t} ${lib})
            if(NOT cycle)
              add_dependencies(${lib} ${t})
            endif()
          endif()
        endforeach()
      endforeach()
    endforeach()
  endforeach()
endfunction()

function(wasm_aot_add_test name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "MODULE" "ARGS;DIRS;ENV")
  if(arg_UNPARSED_ARGUMENTS OR NOT arg_MODULE)
    message(FATAL_ERROR "wasm_aot_add_test(${name} MODULE <target>[:<file.wasm>]|<artifact> ...)")
  endif()
  if(NOT TARGET WasmAOT::wasm-aot)
    message(FATAL_ERROR "wasm_aot_add_test(${name}): no WasmAOT::wasm-aot")
  endif()
  # MODULE: a wasm_aot_library target (with one source), target:file.wasm,
  # or an artifact's path.
  set(artifact "")
  set(lib "")
  if(arg_MODULE MATCHES "^([^:]+):(.+)$")
    set(lib "${CMAKE_MATCH_1}")
    set(file "${CMAKE_MATCH_2}")
  endif()
  if(lib AND TARGET "${lib}")
    get_filename_component(wanted "${file}" NAME_WLE)
    get_target_property(artifact ${lib} WASM_AOT_ARTIFACT_${wanted})
    if(NOT artifact)
      get_target_property(names ${lib} WASM_AOT_NAMES)
      message(FATAL_ERROR "wasm_aot_add_test(${name}): ${lib} has no source "
        "${file} (it has: ${names})")
    endif()
  elseif(TARGET "${arg_MODULE}")
    get_target_property(artifacts ${arg_MODULE} WASM_AOT_ARTIFACTS)
    list(LENGTH artifacts n)
    if(NOT artifacts)
      message(FATAL_ERROR "wasm_aot_add_test(${name}): ${arg_MODULE} is no wasm_aot_library target")
    elseif(NOT n EQUAL 1)
      get_target_property(names ${arg_MODULE} WASM_AOT_NAMES)
      message(FATAL_ERROR "wasm_aot_add_test(${name}): ${arg_MODULE} has ${n} "
        "modules (${names}): say which, MODULE ${arg_MODULE}:<file.wasm>")
    endif()
    set(artifact "${artifacts}")
  else()
    get_filename_component(artifact "${arg_MODULE}" ABSOLUTE
                           BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  endif()
  set(run_flags "")
  foreach(dir IN LISTS arg_DIRS)
    list(APPEND run_flags --dir "${dir}")
  endforeach()
  foreach(env IN LISTS arg_ENV)
    list(APPEND run_flags --env "${env}")
  endforeach()
  # wasm-aot run exits with the bundle's exit code: CTest's pass is 0.
  add_test(NAME ${name}
    COMMAND WasmAOT::wasm-aot run ${run_flags} "${artifact}" ${arg_ARGS})
endfunction()
