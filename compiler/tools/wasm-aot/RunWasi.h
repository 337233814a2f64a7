//===- RunWasi.h - wasm-aot run's WASI world --------------------*- C++ -*-===//
//
// The WASI side of `wasm-aot run`: the wasi object made from --dir, --env
// and the program's arguments, the imports it binds, and running a WASI
// command's _start. Diagnostics go to errs(); functions return wasm-aot's
// exit code (0 when all went well).
//
//===----------------------------------------------------------------------===//

#ifndef WASMAOT_TOOLS_WASMAOT_RUNWASI_H
#define WASMAOT_TOOLS_WASMAOT_RUNWASI_H

#include "wasmaot/wasi.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>
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
  int init(llvm::ArrayRef<std::string> Dirs, llvm::ArrayRef<std::string> Env,
           llvm::ArrayRef<std::string> Args);

  /// Fills Imports for Module: WASI's from the session, the rest unknown.
  int bindImports(const wasmaot_module *Module,
                  std::vector<wasmaot_extern> &Imports, llvm::StringRef Path);

  /// After a WASMAOT_TRAP_EXIT: the program's exit code.
  int exitCode() const;

private:
  wasmaot_wasi *Wasi = nullptr;
};

/// Runs the command's _start: the program's exit code (proc_exit's, or 0
/// when _start returns), or 134 after a trap, which it prints.
int runWasiStart(WasiSession &Session, wasmaot_instance *Instance,
                 llvm::StringRef Path);

} // namespace wasmaot

#endif
