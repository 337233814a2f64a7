//===- Error.h - Diagnostics for WebAssembly input --------------*- C++ -*-===//
//
// Every rejection of a module carries what rule failed, the byte offset and,
// inside code, the function. The kind lets callers tell a malformed binary, an
// invalid module and a feature WasmAOT does not implement apart (the spec
// runner counts the last as a skip).
//
//===----------------------------------------------------------------------===//

#ifndef WASMAOT_WASM_ERROR_H
#define WASMAOT_WASM_ERROR_H

#include "llvm/Support/Error.h"

#include <optional>
#include <string>

namespace wasmaot {

enum class WasmErrorKind : uint8_t { Malformed, Invalid, Unsupported };

class WasmError : public llvm::ErrorInfo<WasmError> {
public:
  static char ID;

  /// Detail follows the function in the log: "Message (func 3): Detail".
  WasmError(WasmErrorKind Kind, uint64_t Offset, std::string Message,
            std::string Detail = {})
      : Kind(Kind), Offset(Offset), Message(std::move(Message)),
        Detail(std::move(Detail)) {}

  WasmErrorKind getKind() const { return Kind; }
  uint64_t getOffset() const { return Offset; }
  const std::string &getMessage() const { return Message; }
  const std::string &getDetail() const { return Detail; }
  std::optional<uint32_t> getFuncIndex() const { return FuncIndex; }
  void setFunction(uint32_t Index, std::string Name) {
    FuncIndex = Index;
    FuncName = std::move(Name);
  }

  /// "0x1a2b: error: type mismatch in i32.add (func 12 "foo"): expected
  /// i32, found f64"
  void log(llvm::raw_ostream &OS) const override;
  std::error_code convertToErrorCode() const override;

private:
  WasmErrorKind Kind;
  uint64_t Offset;
  std::string Message;
  std::string Detail;
  std::optional<uint32_t> FuncIndex;
  std::string FuncName;
};

/// Reports an error as "File:0x1a2b: error: ..." (any llvm::Error works; a
/// WasmError gets its offset, others print as they are).
void reportError(llvm::raw_ostream &OS, llvm::StringRef File, llvm::Error E);

/// An error taken apart: the kind if it was a WasmError, and its text.
struct Diagnostic {
  std::optional<WasmErrorKind> Kind;
  std::string Text;
};
Diagnostic toDiagnostic(llvm::Error E);

inline llvm::Error makeMalformed(uint64_t Offset, std::string Message) {
  return llvm::make_error<WasmError>(WasmErrorKind::Malformed, Offset,
                                     std::move(Message));
}
inline llvm::Error makeInvalid(uint64_t Offset, std::string Message,
                               std::string Detail = {}) {
  return llvm::make_error<WasmError>(WasmErrorKind::Invalid, Offset,
                                     std::move(Message), std::move(Detail));
}
inline llvm::Error makeUnsupported(uint64_t Offset, std::string Message) {
  return llvm::make_error<WasmError>(WasmErrorKind::Unsupported, Offset,
                                     "unsupported feature: " +
                                         std::move(Message));
}

} // namespace wasmaot

#endif
