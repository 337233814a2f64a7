//===- Error.cpp - Diagnostics for WebAssembly input ----------------------===//

#include "wasmaot/Wasm/Error.h"

#include "llvm/Support/Casting.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace wasmaot {

char WasmError::ID = 0;

void WasmError::log(raw_ostream &OS) const {
  OS << format("0x%" PRIx64, Offset) << ": error: " << Message;
  if (FuncIndex) {
    OS << " (func " << *FuncIndex;
    if (!FuncName.empty())
      OS << " \"" << FuncName << '"';
    OS << ')';
  }
  if (!Detail.empty())
    OS << ": " << Detail;
}

std::error_code WasmError::convertToErrorCode() const {
  return inconvertibleErrorCode();
}

void reportError(raw_ostream &OS, StringRef File, Error E) {
  handleAllErrors(std::move(E), [&](const ErrorInfoBase &EI) {
    OS << File << ':';
    if (!EI.isA<WasmError>())
      OS << " error: ";
    EI.log(OS);
    OS << '\n';
  });
}

Diagnostic toDiagnostic(Error E) {
  Diagnostic D;
  handleAllErrors(std::move(E), [&](const ErrorInfoBase &EI) {
    if (EI.isA<WasmError>() && !D.Kind)
      D.Kind = static_cast<const WasmError &>(EI).getKind();
    if (!D.Text.empty())
      D.Text += "; ";
    raw_string_ostream OS(D.Text);
    EI.log(OS);
  });
  return D;
}

} // namespace wasmaot
