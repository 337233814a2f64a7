//===- DecodeValidateFuzzer.cpp - libFuzzer target for the front end ------===//
//
// Runs wasmaot::readModule (decode + validate every body, one thread) over the
// input with FeatureSet::defaults() and with FeatureSet::wasm2(). Rejections
// are expected and consumed; a crash, leak, sanitizer report, assertion or
// timeout is a bug.
//
// Besides "must not crash" it checks one cheap property: enabling features
// never makes a module invalid, so an input that Wasm 2.0 accepts must also be
// accepted with the defaults (a superset of wasm2). Set
// WASMAOT_FUZZ_NO_MONOTONIC=1 to turn that check off.
//
// The same entry point is linked into wasmaot-fuzz-regressions (see
// RegressionMain.cpp), which replays test/fuzz/regressions in every build.
//
//===----------------------------------------------------------------------===//

#include "wasmaot/Wasm/Error.h"
#include "wasmaot/Wasm/Validator.h"

#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <cstdlib>

using namespace wasmaot;

namespace {

/// Reads the module; true if it was accepted. Every error is consumed.
bool accepts(llvm::ArrayRef<uint8_t> Bytes, const FeatureSet &Features) {
  ReadOptions Options;
  Options.Features = Features;
  Options.Threads = 1;
  llvm::Expected<Module> M = readModule(Bytes, Options);
  if (M)
    return true;
  // Formatting the diagnostic exercises WasmError::log as well.
  Diagnostic D = toDiagnostic(M.takeError());
  if (D.Text.empty())
    std::abort(); // every rejection must say why
  return false;
}

bool monotonicCheckEnabled() {
  static const bool Enabled = [] {
    const char *V = std::getenv("WASMAOT_FUZZ_NO_MONOTONIC");
    return !V || !*V || *V == '0';
  }();
  return Enabled;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::ArrayRef<uint8_t> Bytes(Data, Size);
  bool Wasm2 = accepts(Bytes, FeatureSet::wasm2());
  bool Defaults = accepts(Bytes, FeatureSet::defaults());
  if (Wasm2 && !Defaults && monotonicCheckEnabled()) {
    ReadOptions Options;
    Options.Threads = 1;
    llvm::Expected<Module> M = readModule(Bytes, Options);
    llvm::errs() << "wasmaot-fuzz: accepted with --features=wasm2 but "
                    "rejected with the defaults: ";
    if (M)
      llvm::errs() << "(accepted on the second try?)\n";
    else
      reportError(llvm::errs(), "input", M.takeError());
    llvm::errs().flush();
    std::abort();
  }
  return 0;
}
