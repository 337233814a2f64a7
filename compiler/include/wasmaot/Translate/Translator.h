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

namespace llvm {
class LLVMContext;
class Module;
} // namespace llvm

namespace wasmaot {

class Module;

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
  /// Name of the LLVM module (used in diagnostics).
  std::string ModuleName = "wasm";
};

/// Translates every function of M (which must have been validated).
/// Operators not lowered yet are reported as WasmErrorKind::Unsupported.
llvm::Expected<std::unique_ptr<llvm::Module>>
translateModule(const Module &M, llvm::LLVMContext &Context,
                const TranslateOptions &Options = {});

} // namespace wasmaot

#endif
