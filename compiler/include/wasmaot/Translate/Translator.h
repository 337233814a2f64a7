//===- Translator.h - WebAssembly to LLVM IR --------------------*- C++ -*-===//
//
// Lowers a validated module to an LLVM module that follows the ABI of
// wasmaot/abi.h: one native function per Wasm function, taking the instance
// context first; the module descriptor; entry trampolines and host adapters;
// and the compiled constant expressions.
//
//===----------------------------------------------------------------------===//

#ifndef WASMAOT_TRANSLATE_TRANSLATOR_H
#define WASMAOT_TRANSLATE_TRANSLATOR_H

#include "wasmaot/Wasm/Features.h"

#include "llvm/Support/Error.h"

#include <memory>
#include <vector>

namespace llvm {
class LLVMContext;
class Module;
} // namespace llvm

namespace wasmaot {

class Module;
struct FixedTables;

/// How LLVM is kept from deleting a Wasm load whose value goes unused, which
/// must still trap when out of bounds.
enum class UnusedLoadPolicy {
  /// Every load's value is added to a per-function sum that an empty inline
  /// asm consumes at each return and trap: no load is ever dead, yet loads
  /// may still be combined, hoisted and vectorised.
  KeepAll,
  /// Only loads dropped in the Wasm code are kept (made volatile); a load
  /// that becomes dead during optimisation may be deleted.
  KeepDropped,
};

struct TranslateOptions {
  FeatureSet Features = FeatureSet::defaults();
  UnusedLoadPolicy UnusedLoads = UnusedLoadPolicy::KeepAll;
  /// Locals in stack slots rather than as SSA values, for code that goes to
  /// LLVM's -O0 code generator without an IR pipeline (opt level 0). Its
  /// register allocator copies every phi through a stack slot of its own:
  /// on the 10 MB bench module, SSA locals made 1.45x the code, which ran
  /// 5% slower. (Optimised levels promote the slots again if this is set.)
  bool LocalsInMemory = false;
  /// Name of the LLVM module (used in diagnostics).
  std::string ModuleName = "wasm";
  /// findFixedTables() of the module, computed once for all its partitions;
  /// null: the translator finds them itself.
  std::shared_ptr<const FixedTables> Tables;
};

/// Translates every function of M (which must have been validated).
/// Operators not lowered yet are reported as WasmErrorKind::Unsupported.
llvm::Expected<std::unique_ptr<llvm::Module>>
translateModule(const Module &M, llvm::LLVMContext &Context,
                const TranslateOptions &Options = {});

/// One part of a big module, so that its parts translate, optimise and emit
/// on several threads, each in its own LLVMContext, and link into one
/// library: the module part (descriptor, trampolines, host adapters,
/// constant expressions, the trap path) or the bodies of the defined
/// functions [Begin, End). Parts reach each other's functions through hidden
/// symbols the linker resolves; calls stay direct.
struct Partition {
  bool ModulePart = false;
  uint32_t Begin = 0, End = 0; ///< function indices, defined functions only
};

/// Translates one part of M (validated).
llvm::Expected<std::unique_ptr<llvm::Module>>
translatePartition(const Module &M, llvm::LLVMContext &Context,
                   const TranslateOptions &Options, const Partition &Part);

/// The defined functions of M in ranges of about TargetBytes of code each,
/// the module part first. A range ends after a function whose body hashes
/// to a cut (between TargetBytes / 2 and 2 * TargetBytes of code), so a
/// change to one function moves no boundary but that of its own range and
/// the other ranges translate to the same code. One range only (a small
/// module): an empty result, for translateModule.
std::vector<Partition> partitionFunctions(const Module &M,
                                          uint64_t TargetBytes);

} // namespace wasmaot

#endif
