//===- CodeGen.h - LLVM module to native shared library ---------*- C++ -*-===//
//
// The back end, independent of how the IR was made: a target machine for the
// options, an optimisation pipeline per level, an object file in memory, and
// (Linker.h) a shared library from one or more objects.
//
// Threads. Everything here may run on several threads at once as long as each
// thread has its own llvm::LLVMContext (with its modules) and its own
// TargetMachine: code generation mutates the TargetMachine (per-function
// optimisation-level switches), so one must never be shared between threads
// that emit at the same time. Linking is serialised inside linkSharedLibrary.
// compileToSharedLibrary(std::vector<ModulePartition>, ...) is that pattern:
// one module per partition, compiled in parallel, linked in one lld call.
//
//===----------------------------------------------------------------------===//

#ifndef WASMAOT_CODEGEN_CODEGEN_H
#define WASMAOT_CODEGEN_CODEGEN_H

#include "wasmaot/CodeGen/CodeGenOptions.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace llvm {
class LLVMContext;
class Module;
class TargetMachine;
} // namespace llvm

namespace wasmaot {

/// A target machine for Opts: the host's triple, CPU and features unless
/// Opts names others; position-independent code; the instruction selector
/// and register allocator Opts.OptLevel asks for. Registers the native
/// target on first use, and all targets only when the triple needs another.
llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(const CodeGenOptions &Opts);

/// "triple cpu features": what a compiled library was made for. A cache key
/// must include it (host-CPU code may not run on another machine).
std::string describeTarget(const llvm::TargetMachine &TM);

/// Makes M ready for TM: sets its triple and data layout (an error if M
/// already has a different data layout: it was built for another target),
/// and the function attributes Opts implies ("frame-pointer"; "no-builtins"
/// on every definition, so that no pass introduces a libc call).
llvm::Error prepareModule(llvm::Module &M, llvm::TargetMachine &TM,
                          const CodeGenOptions &Opts);

/// Runs the IR pipeline of OptLevel over M with the new pass manager. 0: only
/// the always-inliner. 1: a short function pipeline (mem2reg, EarlyCSE, one
/// InstCombine iteration, SimplifyCFG). 2, 3: LLVM's default per-module
/// pipelines. At 1 to 3, functions of more than MaxOptimizedFunctionSize
/// instructions (0: no limit) get level 1's pipeline and are marked optnone,
/// so that code generation selects their instructions fast and skips its
/// optional passes.
/// Library-call recognition is off at every level.
llvm::Error optimizeModule(
    llvm::Module &M, llvm::TargetMachine &TM, unsigned OptLevel,
    unsigned MaxOptimizedFunctionSize =
        CodeGenOptions::DefaultMaxOptimizedFunctionSize);

/// Generates an ELF relocatable object for M, in memory.
/// FastISelFallbacks, if given, receives how many instructions FastISel
/// left to SelectionDAG.
llvm::Expected<llvm::SmallVector<char, 0>>
emitObject(llvm::Module &M, llvm::TargetMachine &TM,
           unsigned *FastISelFallbacks = nullptr);

/// prepareModule, the verifier (if Opts.VerifyModule), optimizeModule,
/// emitObject: one module to one object.
llvm::Expected<llvm::SmallVector<char, 0>>
compileToObject(llvm::Module &M, llvm::TargetMachine &TM,
                const CodeGenOptions &Opts);

/// What a compilation did, for --time style reports.
struct CompileStats {
  double OptimizeSeconds = 0;    ///< Summed over partitions (and verifying).
  double EmitSeconds = 0;        ///< Summed over partitions.
  double CompileWallSeconds = 0; ///< Optimise + emit, wall clock.
  double LinkSeconds = 0;
  uint64_t ObjectBytes = 0; ///< All objects handed to the linker.
  unsigned Partitions = 0;
  unsigned ReusedPartitions = 0; ///< Linked from objects compiled before.
  /// With FastISel (-O0, -O1): the instructions it left to SelectionDAG,
  /// out of the IR instructions it was given.
  uint64_t FastISelFallbacks = 0;
  uint64_t IRInstructions = 0;
};

/// One module, optimised, emitted and linked into the shared library at
/// OutputPath (written atomically: a temporary file renamed into place).
/// The module is consumed (freed once its object exists).
llvm::Expected<CompileStats>
compileToSharedLibrary(std::unique_ptr<llvm::Module> M,
                       const CodeGenOptions &Opts, llvm::StringRef OutputPath);

/// A module with the context it lives in, so that partitions can be
/// compiled on different threads.
struct ModulePartition {
  std::unique_ptr<llvm::LLVMContext> Context;
  std::unique_ptr<llvm::Module> M; ///< In *Context; destroyed first.
  /// Instead of Context and M: the partition's object, compiled before (a
  /// partition cache hit), which is only linked.
  std::string Object;
  std::string Name; ///< With Object: the object's name for the linker.

  ModulePartition();
  ModulePartition(ModulePartition &&);
  ModulePartition &operator=(ModulePartition &&);
  ~ModulePartition();
};

/// Several partitions of one library (each in its own context), compiled on
/// up to Opts.Threads threads, each thread with its own TargetMachine, and
/// linked together in one lld call: calls between partitions are resolved
/// by the linker.
llvm::Expected<CompileStats>
compileToSharedLibrary(std::vector<ModulePartition> Partitions,
                       const CodeGenOptions &Opts, llvm::StringRef OutputPath);

/// Makes partition Index (e.g. translates it); called on the compiling
/// threads, concurrently, so that only the partitions in flight hold IR.
using PartitionMaker =
    std::function<llvm::Expected<ModulePartition>(size_t Index)>;

/// As above, with NumPartitions partitions made by Make when a thread is
/// ready for them: peak memory grows with the threads, not the module.
/// Told each partition's object as soon as it is compiled (not for the
/// partitions made with an Object), e.g. to cache it. Any thread.
using PartitionCompiled =
    std::function<void(size_t Index, llvm::StringRef Object)>;

llvm::Expected<CompileStats>
compileToSharedLibrary(size_t NumPartitions, const PartitionMaker &Make,
                       const CodeGenOptions &Opts, llvm::StringRef OutputPath,
                       const PartitionCompiled &Compiled = nullptr);

} // namespace wasmaot

#endif
