//===- RunWasi.h - wasm-aot run's WASI world --------------------*- C++ -*-===//
//
// The WASI side of `wasm-aot run`: the wasi object made from --dir, --env
// and the program's arguments, the imports it binds, and running a WASI
// command's _start. Diagnostics go to stderr; functions return wasm-aot's
// exit code (0 when all went well). Free of LLVM: the launcher
// (RunLauncher.cpp) runs commands with it too.
//
//===----------------------------------------------------------------------===//

#ifndef WASMAOT_TOOLS_WASMAOT_RUNWASI_H
#define WASMAOT_TOOLS_WASMAOT_RUNWASI_H

#include "wasmaot/wasi.h"


#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace wasmaot {

class WasiSession {
public:
  WasiSession() = default;
  WasiSession(const WasiSession &) = delete;
  WasiSession &operator=(const WasiSession &) = delete;
  ~WasiSession();

  /// Creates the wasi object: Dirs are --dir values (HOST or HOST::GUEST),
  /// Env --env values (K=V), Args the program's argv (argv[0] first).
  int init(std::span<const std::string> Dirs,
           std::span<const std::string> Env,
           std::span<const std::string> Args);

  /// Fills Imports for Module: WASI's from the session, the rest unknown.
  int bindImports(const wasmaot_module *Module,
                  std::vector<wasmaot_extern> &Imports, std::string_view Path);

  /// After a WASMAOT_TRAP_EXIT: the program's exit code.
  int exitCode() const;

private:
  wasmaot_wasi *Wasi = nullptr;
};

/// Runs the command's _start: the program's exit code (proc_exit's, or 0
/// when _start returns), or 134 after a trap, which it prints.
int runWasiStart(WasiSession &Session, wasmaot_instance *Instance,
                 std::string_view Path);

/// Binds Module's imports (WASI's; any other is unlinkable) and instantiates
/// it: 0 with Instance set, else the exit code, after printing why (a trap
/// of the start function: 134; its proc_exit: the program's code).
int instantiateForRun(WasiSession &Session, wasmaot_module *Module,
                      std::string_view Path, wasmaot_instance *&Instance);

} // namespace wasmaot

#endif
