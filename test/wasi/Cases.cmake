# The end-to-end WASI cases: for each, the program (programs/NAME.c or
# .cpp), its arguments, environment (NAME=VALUE) and standard input, and
# for programs that only make sense under WASI the expected output. Shared
# by CMakeLists.txt (which cases exist) and CompareWasi.cmake (how to run
# one).

set(WASI_PROGRAMS files args_env clocks exit_codes stdio streams bundle
    sandbox trap reactor)

set(WASI_CASES files args_env clocks exit_return_0 exit_return_3 exit_exit_42
    exit_exit_255 exit__Exit_7 stdio streams streams_no_words bundle sandbox)

set(files_PROGRAM files)
set(args_env_PROGRAM args_env)
set(args_env_ARGS one "two words" "tab\there" "ünïcödé" "--dir" "x=y")
set(args_env_ENV GREETING=hello "SPACED=a b c" "EQUALS=x=y=z" EMPTY=)
set(clocks_PROGRAM clocks)
foreach(mode_code return_0 return_3 exit_42 exit_255 _Exit_7)
  string(REGEX MATCH "^(.*)_([0-9]+)$" _ "${mode_code}")
  set(exit_${mode_code}_PROGRAM exit_codes)
  set(exit_${mode_code}_ARGS ${CMAKE_MATCH_1} ${CMAKE_MATCH_2})
endforeach()
set(stdio_PROGRAM stdio)
set(stdio_STDIN stdio.input)
set(streams_PROGRAM streams)
set(streams_ARGS pear apple plum banana apricot)
set(streams_STDIN streams.input)
set(streams_no_words_PROGRAM streams)
set(streams_no_words_STDIN streams.input)
set(bundle_PROGRAM bundle)
set(bundle_ARGS alpha "beta gamma")
set(bundle_ENV BUNDLE_VAR=value)
# Escapes: the box is preopened, its sibling holds the secret.
set(sandbox_PROGRAM sandbox)
set(sandbox_EXPECTED sandbox.expected)
set(sandbox_PREOPEN box)
set(sandbox_OUTSIDE outside/secret)
