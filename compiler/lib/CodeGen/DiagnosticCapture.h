//===- DiagnosticCapture.h - LLVM errors as llvm::Error ---------*- C++ -*-===//
//
// Without a handler, an error diagnostic from the optimiser or the code
// generator (an unsupported construct, a bad inline-asm constraint) makes
// LLVMContext::diagnose() print it and exit(1) -- the whole process, which may
// be a build server. While one of these is alive, the context's errors are
// collected instead, and everything else goes to the handler that was there.
//
//===----------------------------------------------------------------------===//

#ifndef WASMAOT_CODEGEN_DIAGNOSTICCAPTURE_H
#define WASMAOT_CODEGEN_DIAGNOSTICCAPTURE_H

#include "llvm/Support/Error.h"

#include <memory>
#include <string>

namespace llvm {
class LLVMContext;
struct DiagnosticHandler;
} // namespace llvm

namespace wasmaot {

class DiagnosticCapture {
public:
  explicit DiagnosticCapture(llvm::LLVMContext &Ctx);
  ~DiagnosticCapture();
  DiagnosticCapture(const DiagnosticCapture &) = delete;
  DiagnosticCapture &operator=(const DiagnosticCapture &) = delete;

  /// The errors seen so far, as one error prefixed by What, or success.
  llvm::Error takeError(llvm::StringRef What);

  /// Also counts FastISel's fall-backs to SelectionDAG (its missed-
  /// optimisation remarks, which this turns on).
  void countFastISelFallbacks() { CountFallbacks = true; }
  unsigned fastISelFallbacks() const { return Fallbacks; }

private:
  llvm::LLVMContext &Ctx;
  std::unique_ptr<llvm::DiagnosticHandler> Previous;
  std::string Errors;
  bool CountFallbacks = false;
  unsigned Fallbacks = 0;
};

} // namespace wasmaot

#endif
