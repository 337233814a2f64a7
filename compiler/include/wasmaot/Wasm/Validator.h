//===- Validator.h - Reading and validating WebAssembly modules -*- C++ -*-===//

#ifndef WASMAOT_WASM_VALIDATOR_H
#define WASMAOT_WASM_VALIDATOR_H

#include "wasmaot/Wasm/Features.h"
#include "wasmaot/Wasm/Module.h"

#include "llvm/Support/Error.h"

namespace wasmaot {

/// Decodes every section and checks the module-level rules (limits, indices,
/// imports/exports, start, segments, constant expressions, section order and
/// counts). Function bodies are located but not validated; Bytes must
/// outlive the result unless setOwnedBuffer() hands it over.
llvm::Expected<Module> decodeModule(llvm::ArrayRef<uint8_t> Bytes,
                                    const FeatureSet &Features);

/// Validates the body of defined function DefinedIndex (0 is the first
/// function of the code section): decoding and typing in one pass.
llvm::Error validateFunction(const Module &M, const FeatureSet &Features,
                             uint32_t DefinedIndex);

/// Validates every function body, on up to Threads threads (0: one per
/// core). Reports the error of the lowest-numbered invalid function.
llvm::Error validateFunctions(const Module &M, const FeatureSet &Features,
                              unsigned Threads = 0);

struct ReadOptions {
  FeatureSet Features = FeatureSet::defaults();
  unsigned Threads = 0;
};

/// decodeModule() then validateFunctions().
llvm::Expected<Module> readModule(llvm::ArrayRef<uint8_t> Bytes,
                                  const ReadOptions &Options = {});

/// Memory-maps Path and reads it; the Module owns the mapping.
llvm::Expected<Module> readModuleFile(llvm::StringRef Path,
                                      const ReadOptions &Options = {});

} // namespace wasmaot

#endif
