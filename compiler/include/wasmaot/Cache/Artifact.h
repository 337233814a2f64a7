//===- Artifact.h - Writing .wasmaot artifacts ------------------*- C++ -*-===//
//
// The compiler's side of wasmaot/artifact.h (the layout, shared with the
// runtime, which reads artifacts): a shared library compressed with zstd
// behind a header that says what it was compiled for.
//
//===----------------------------------------------------------------------===//

#ifndef WASMAOT_CACHE_ARTIFACT_H
#define WASMAOT_CACHE_ARTIFACT_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <array>
#include <cstdint>
#include <string>

namespace llvm {
class TargetMachine;
} // namespace llvm

namespace wasmaot {

using ModuleHash = std::array<uint8_t, 32>;

/// BLAKE3-256 of a module's bytes.
ModuleHash hashModule(llvm::ArrayRef<uint8_t> Wasm);

/// What an artifact's header records.
struct ArtifactDescription {
  unsigned OptLevel = 2;
  std::string Triple;
  std::string CPU;
  /// The features the code may use, "+a,+b,...": enabledFeatures(TM).
  std::string Features;
  ModuleHash Module{};
  std::string CompilerVersion; ///< Empty: this compiler's.
  std::string LLVMVersion;     ///< Empty: this LLVM's.
  uint32_t ABIVersion = 0;     ///< 0: abi.h's WASMAOT_ABI_VERSION.
};

/// Every feature TM's subtarget has enabled, the CPU's own included (a CPU
/// name alone implies features), as "+a,+b,..." in LLVM's names, sorted.
std::string enabledFeatures(const llvm::TargetMachine &TM);

/// The description of code compiled by TM at OptLevel from Wasm.
ArtifactDescription describeArtifact(const llvm::TargetMachine &TM,
                                     unsigned OptLevel,
                                     llvm::ArrayRef<uint8_t> Wasm);

/// An artifact: the header for Desc, then Library compressed by zstd at
/// Level (with its content size and checksum). A library of several MB is
/// compressed in 4 MB jobs on up to 4 threads.
llvm::Expected<std::string> encodeArtifact(const ArtifactDescription &Desc,
                                           llvm::StringRef Library,
                                           int Level = 9);

} // namespace wasmaot

#endif
