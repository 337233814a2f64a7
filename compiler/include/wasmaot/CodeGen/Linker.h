//===- Linker.h - Objects to a shared library, with lld in-process -*- C++ -*-//
//
// A compiled Wasm module is one ELF shared library: self-contained (linked
// with -z defs, no libc, no undefined symbols at all), exporting nothing but
// the module descriptor, read-only after relocation (-z relro -z now).
//
//===----------------------------------------------------------------------===//

#ifndef WASMAOT_CODEGEN_LINKER_H
#define WASMAOT_CODEGEN_LINKER_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBufferRef.h"

#include <string>
#include <vector>

namespace wasmaot {

struct LinkOptions {
  /// The symbols the library exports; everything else becomes local (a
  /// version script, on top of the hidden visibility the IR should have).
  /// Empty: the module descriptor, WASMAOT_DESCRIPTOR_SYMBOL.
  std::vector<std::string> ExportedSymbols;
  /// lld's --threads (0: one per hardware thread).
  unsigned Threads = 1;
};

/// Links ELF relocatable objects (each named by its identifier in lld's
/// messages) into the shared library at OutputPath, with lld's ELF driver in
/// this process. lld keeps process-wide state, so links are serialised. On
/// failure the error carries lld's diagnostics, such as "undefined symbol:
/// foo". If lld ever crashes, later links fail without running it.
///
/// The objects are parsed before lld sees them, because lld ends the whole
/// process (its fatal() exits) on a malformed one. Damage subtle enough to
/// pass that check still would, unless the process has enabled
/// llvm::CrashRecoveryContext (a command-line tool can, at startup; it
/// installs process-wide signal handlers, so a library does not do it for
/// its host): then it comes back as an error, and the linker is unusable
/// for the rest of the process.
llvm::Error linkSharedLibrary(llvm::ArrayRef<llvm::MemoryBufferRef> Objects,
                              llvm::StringRef OutputPath,
                              const LinkOptions &Opts = {});

} // namespace wasmaot

#endif
