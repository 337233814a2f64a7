//===- CodeGenOptions.h - How to turn LLVM IR into native code --*- C++ -*-===//
//
// The knobs of the back end, in one plain struct: the command line fills it,
// and the cache key should include everything here that changes the output
// (the target machine's triple, CPU and feature string describe the target
// once resolved; see describeTarget()).
//
//===----------------------------------------------------------------------===//

#ifndef WASMAOT_CODEGEN_CODEGENOPTIONS_H
#define WASMAOT_CODEGEN_CODEGENOPTIONS_H

#include "llvm/ADT/StringRef.h"

#include <functional>
#include <string>

namespace wasmaot {

struct CodeGenOptions {
  /// 0: no IR optimisation, FastISel, fast register allocator. 1: a short
  /// hand-made IR pipeline, FastISel, basic register allocator, no loop
  /// strength reduction. 2, 3: LLVM's default pipelines and instruction
  /// selection.
  unsigned OptLevel = 2;
  /// At 1 to 3, a function of more IR instructions than this (as
  /// translated) is compiled for compile speed: the fast tier's IR
  /// pipeline, fast instruction selection and no optional machine passes;
  /// at 1 also the fast register allocator (-O0's code generator, in an
  /// object of its own). 0: no limit.
  unsigned MaxOptimizedFunctionSize = DefaultMaxOptimizedFunctionSize;
  /// (7,500 since locals are SSA values as translated: on the 10 MB bench
  /// module, the 65 functions that were over 10,000 when every local access
  /// was a load or store, which made 1.32x the instructions, and 4 more.)
  static constexpr unsigned DefaultMaxOptimizedFunctionSize = 7500;
  /// Empty: the host (the process's own triple).
  std::string TargetTriple;
  /// Empty or "native": the host CPU with its features; "generic" or any
  /// LLVM CPU name: that CPU, with only the features given below.
  std::string CPU;
  /// "+feat,-feat,..." added after the CPU's own (so it can remove them).
  std::string Features;
  /// Threads for compiling partitions and for the linker (0: one per
  /// hardware thread).
  unsigned Threads = 0;
  /// Keep a frame pointer in every function: cheap, and backtraces and
  /// profilers can walk Wasm frames without unwind tables.
  bool FramePointers = true;
  /// Run the IR verifier before optimising: a broken module becomes an
  /// error instead of a crash inside LLVM.
  bool VerifyModule = true;
  /// Count the instructions FastISel (-O0, -O1) leaves to SelectionDAG
  /// (CompileStats). It turns on the selector's remarks, which makes code
  /// generation several times slower: for measurements only.
  bool CountFastISelFallbacks = false;
  /// Told each phase as it starts ("optimising", "generating code",
  /// "linking"), e.g. to show progress; may be empty.
  std::function<void(llvm::StringRef Phase)> OnPhase;
};

} // namespace wasmaot

#endif
