//===- WasmTestUtil.h - Running the front end in tests ----------*- C++ -*-===//
//
// Turns the result of decoding or validating a module into a plain value
// (kind, offset, message, function) that assertions can inspect and gtest can
// print.
//
//===----------------------------------------------------------------------===//

#ifndef WASMAOT_TEST_UNIT_WASMTESTUTIL_H
#define WASMAOT_TEST_UNIT_WASMTESTUTIL_H

#include "ModuleBuilder.h"

#include "wasmaot/Wasm/Error.h"
#include "wasmaot/Wasm/Validator.h"

#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

namespace wasmaot::test {

inline const char *kindName(WasmErrorKind K) {
  switch (K) {
  case WasmErrorKind::Malformed:
    return "Malformed";
  case WasmErrorKind::Invalid:
    return "Invalid";
  case WasmErrorKind::Unsupported:
    return "Unsupported";
  }
  return "?";
}

/// What became of an input: success, or the (first) error taken apart.
struct Outcome {
  bool Ok = true;
  bool IsWasmError = false;
  WasmErrorKind Kind = WasmErrorKind::Malformed;
  uint64_t Offset = 0;
  std::string Message;
  /// What follows the function in the log ("expected i32, found f32").
  std::string Detail;
  std::optional<uint32_t> Func;
  /// The error as log() prints it.
  std::string Text;
};

inline void PrintTo(const Outcome &O, std::ostream *OS) {
  if (O.Ok) {
    *OS << "success";
    return;
  }
  if (O.IsWasmError)
    *OS << kindName(O.Kind) << ' ';
  *OS << '"' << O.Text << '"';
}

inline Outcome outcomeOf(llvm::Error E) {
  Outcome O;
  if (!E)
    return O;
  O.Ok = false;
  llvm::handleAllErrors(std::move(E), [&](const llvm::ErrorInfoBase &EI) {
    if (!O.Text.empty()) {
      O.Text += "; ";
      return;
    }
    llvm::raw_string_ostream OS(O.Text);
    EI.log(OS);
    if (EI.isA<WasmError>()) {
      const auto &WE = static_cast<const WasmError &>(EI);
      O.IsWasmError = true;
      O.Kind = WE.getKind();
      O.Offset = WE.getOffset();
      O.Message = WE.getMessage();
      O.Detail = WE.getDetail();
      O.Func = WE.getFuncIndex();
    } else {
      O.Message = O.Text;
    }
  });
  return O;
}

/// decodeModule() only: sections and module-level rules.
inline Outcome decode(const Bytes &B,
                      const FeatureSet &F = FeatureSet::defaults()) {
  llvm::Expected<Module> M = decodeModule(B, F);
  if (!M)
    return outcomeOf(M.takeError());
  return Outcome();
}

/// readModule(): decoding and the validation of every function body.
inline Outcome read(const Bytes &B,
                    const FeatureSet &F = FeatureSet::defaults()) {
  ReadOptions Options;
  Options.Features = F;
  Options.Threads = 1;
  llvm::Expected<Module> M = readModule(B, Options);
  if (!M)
    return outcomeOf(M.takeError());
  return Outcome();
}

/// readModule() of oneFunc(): one function of type Params -> Results.
inline Outcome
check(const Bytes &Params, const Bytes &Results, const Bytes &Code,
      const std::vector<std::pair<uint32_t, uint8_t>> &Locals = {},
      const FeatureSet &F = FeatureSet::defaults()) {
  return read(oneFunc(Params, Results, Code, Locals), F);
}

/// Decodes B, which must succeed; the Module borrows B.
inline Module decodeOk(const Bytes &B,
                       const FeatureSet &F = FeatureSet::defaults()) {
  llvm::Expected<Module> M = decodeModule(B, F);
  if (!M) {
    Outcome O = outcomeOf(M.takeError());
    ADD_FAILURE() << "decoding failed: " << O.Text;
    return Module();
  }
  return std::move(*M);
}

inline ::testing::AssertionResult isOk(const Outcome &O) {
  if (O.Ok)
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "expected success, got "
         << (O.IsWasmError ? kindName(O.Kind) : "non-Wasm error") << " \""
         << O.Text << '"';
}

/// An error of kind Kind whose message or detail contains Substring.
inline ::testing::AssertionResult isError(const Outcome &O, WasmErrorKind Kind,
                                          std::string_view Substring) {
  if (O.Ok)
    return ::testing::AssertionFailure()
           << "expected " << kindName(Kind) << " error containing \""
           << Substring << "\", got success";
  if (!O.IsWasmError)
    return ::testing::AssertionFailure()
           << "expected a WasmError, got \"" << O.Text << '"';
  if (O.Kind != Kind || (O.Message.find(Substring) == std::string::npos &&
                         O.Detail.find(Substring) == std::string::npos))
    return ::testing::AssertionFailure()
           << "expected " << kindName(Kind) << " error containing \""
           << Substring << "\", got " << kindName(O.Kind) << " \"" << O.Text
           << '"';
  return ::testing::AssertionSuccess();
}

inline ::testing::AssertionResult isMalformed(const Outcome &O,
                                              std::string_view Substring) {
  return isError(O, WasmErrorKind::Malformed, Substring);
}
inline ::testing::AssertionResult isInvalid(const Outcome &O,
                                            std::string_view Substring) {
  return isError(O, WasmErrorKind::Invalid, Substring);
}
inline ::testing::AssertionResult isUnsupported(const Outcome &O,
                                                std::string_view Substring) {
  return isError(O, WasmErrorKind::Unsupported, Substring);
}

/// Tests of known bugs are skipped until the bug is fixed; set
/// WASMAOT_RUN_KNOWN_BUGS=1 to run them anyway (to check a fix).
inline bool runKnownBugs() {
  const char *V = std::getenv("WASMAOT_RUN_KNOWN_BUGS");
  return V && *V && *V != '0';
}

} // namespace wasmaot::test

/// Marks a test that documents a bug in the library: it asserts the right
/// behaviour and is skipped until the bug is fixed (then remove the marker).
#define WASMAOT_KNOWN_BUG(Description)                                         \
  if (!::wasmaot::test::runKnownBugs())                                        \
  GTEST_SKIP() << "BUG: " << Description

#endif
