//===- CachedCompile.h - wasm-aot's artifacts and cache ---------*- C++ -*-===//
//
// How compile and run get a module's artifact: from the content-addressed
// cache (a hit never compiles), or compiled and then stored there; how run
// gets a loaded module from a .wasm or an artifact; inspect of an artifact;
// and the cache command. Diagnostics go to errs(); each function returns
// wasm-aot's exit code.
//
//===----------------------------------------------------------------------===//

#ifndef WASMAOT_TOOLS_WASMAOT_CACHEDCOMPILE_H
#define WASMAOT_TOOLS_WASMAOT_CACHEDCOMPILE_H

#include "wasmaot/Translate/Translator.h"
#include "wasmaot/CodeGen/CodeGenOptions.h"
#include "wasmaot/Wasm/Module.h"
#include "wasmaot/Wasm/Types.h"
#include "wasmaot/wasmaot.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace llvm {
class LLVMContext;
class Module;
} // namespace llvm

namespace wasmaot {

/// What compile and run were asked for, read from the command line before
/// anything links (lld resets every cl::opt).
struct BuildOptions {
  CodeGenOptions CG;
  std::string WasmFeatures; ///< --features as given.
  std::string CacheDir;     ///< --cache-dir as given.
  std::string CacheMaxSize; ///< --cache-max-size as given.
  bool NoCache = false;
  bool Verbose = false;    ///< Say whether the cache hit.
  bool PrintTimes = false; ///< Print the compile phases and load time.
  /// --unused-loads: changes the code, so part of the cache key.
  UnusedLoadPolicy UnusedLoads = UnusedLoadPolicy::KeepAll;
  /// A module with more code than this is translated and compiled in
  /// partitions of about this size, on several threads (--partition-size;
  /// it changes the code, so it is part of the cache key).
  uint64_t PartitionBytes = 256 * 1024;
};

/// Reads and validates a module and says how to translate it (features,
/// name, options); on failure reports it and returns the exit code.
using ReadFn = llvm::function_ref<int(std::optional<Module> &M,
                                      TranslateOptions &Options)>;

/// The artifact of the module at Path: the cache's entry, or compiled with
/// Translate (and stored). A cache that cannot be used is a warning.
int buildArtifact(llvm::StringRef Path, const BuildOptions &Opts,
                  ReadFn Read,
                  std::unique_ptr<llvm::MemoryBuffer> &Artifact);

/// compile: the artifact of Path (buildArtifact), or with SharedLibrary the
/// plain library, written to Output (its own file, atomically).
int compileToFile(llvm::StringRef Path, llvm::StringRef Output,
                  bool SharedLibrary, const BuildOptions &Opts,
                  ReadFn Read);

/// run: the module at Path, an artifact or a .wasm (through the cache),
/// loaded.
int loadModuleForRun(llvm::StringRef Path, const BuildOptions &Opts,
                     ReadFn Read, wasmaot_module *&Module);

/// Whether the file at Path begins like an artifact.
bool isArtifactFile(llvm::StringRef Path);

/// inspect of an artifact: its header, and the module's imports and exports
/// if this host can load it (FormatType prints a function type).
int inspectArtifact(
    llvm::StringRef Path, llvm::raw_ostream &OS,
    llvm::function_ref<std::string(const FuncType &)> FormatType);

/// wasm-aot cache stats|prune|clear.
int runCacheCommand(llvm::StringRef Action, llvm::StringRef CacheDir,
                    llvm::StringRef MaxSize);

} // namespace wasmaot

#endif
