//===- Features.h - WebAssembly feature sets --------------------*- C++ -*-===//
//
// Which proposals a module may use. Parsed from the wasm-tools style list
// "--features=wasm2,-simd,threads". The set may contain proposals WasmAOT does
// not implement (gc, function-references): their encodings are then reported
// as "unsupported feature" instead of malformed or invalid.
//
//===----------------------------------------------------------------------===//

#ifndef WASMAOT_WASM_FEATURES_H
#define WASMAOT_WASM_FEATURES_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>

namespace wasmaot {

class FeatureSet {
public:
  enum Feature : unsigned {
#define WASM_FEATURE(Enum, Name, Groups, Supported) Enum,
#include "wasmaot/Wasm/Features.def"
    NumFeatures,
    /// The core of Wasm 1.0: always enabled.
    MVP = NumFeatures
  };

  constexpr FeatureSet() = default;

  /// Everything WasmAOT supports plus the recognised-but-unsupported
  /// proposals, so that their use is reported as unsupported.
  static FeatureSet defaults();
  static FeatureSet wasm1();
  static FeatureSet wasm2();
  static FeatureSet wasm3();
  static FeatureSet all();

  /// Parses a comma-separated wasm-tools style list on top of defaults().
  /// A group (wasm1, wasm2, wasm3, all) replaces the set; "name" adds a
  /// feature and "-name" removes it.
  static llvm::Expected<FeatureSet> parse(llvm::StringRef List);

  bool has(Feature F) const {
    return F >= NumFeatures || (Bits & (uint32_t(1) << F));
  }
  FeatureSet &add(Feature F) {
    Bits |= uint32_t(1) << F;
    return *this;
  }
  FeatureSet &remove(Feature F) {
    Bits &= ~(uint32_t(1) << F);
    return *this;
  }
  uint32_t bits() const { return Bits; }
  bool operator==(const FeatureSet &) const = default;

  static llvm::StringRef name(Feature F);
  static bool isSupported(Feature F);
  /// "simd,bulk-memory,..." in table order.
  std::string toString() const;

private:
  uint32_t Bits = 0;
};

} // namespace wasmaot

#endif
