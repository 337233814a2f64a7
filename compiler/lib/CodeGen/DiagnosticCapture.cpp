//===- DiagnosticCapture.cpp - LLVM errors as llvm::Error -----------------===//

#include "DiagnosticCapture.h"

#include "llvm/IR/DiagnosticHandler.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/DiagnosticPrinter.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace wasmaot {

namespace {

class CapturingHandler final : public DiagnosticHandler {
public:
  CapturingHandler(std::string &Errors, DiagnosticHandler *Previous,
                   const bool &CountFallbacks, unsigned &Fallbacks)
      : Errors(Errors), Previous(Previous), CountFallbacks(CountFallbacks),
        Fallbacks(Fallbacks) {}

  bool handleDiagnostics(const DiagnosticInfo &DI) override {
    if (CountFallbacks)
      if (const auto *R = dyn_cast<DiagnosticInfoOptimizationBase>(&DI))
        if (R->getPassName() == FastISelPass &&
            R->getRemarkName() == "FastISelFailure") {
          ++Fallbacks;
          return true;
        }
    if (DI.getSeverity() == DS_Error) {
      raw_string_ostream OS(Errors);
      if (!Errors.empty())
        OS << '\n';
      DiagnosticPrinterRawOStream DP(OS);
      DI.print(DP);
      return true;
    }
    // Warnings and remarks: whatever the caller's handler would have done
    // (false lets LLVMContext print them as usual).
    return Previous && Previous->handleDiagnostics(DI);
  }
  bool isAnalysisRemarkEnabled(StringRef Pass) const override {
    return Previous && Previous->isAnalysisRemarkEnabled(Pass);
  }
  bool isMissedOptRemarkEnabled(StringRef Pass) const override {
    return (CountFallbacks && Pass == FastISelPass) ||
           (Previous && Previous->isMissedOptRemarkEnabled(Pass));
  }
  bool isPassedOptRemarkEnabled(StringRef Pass) const override {
    return Previous && Previous->isPassedOptRemarkEnabled(Pass);
  }
  bool isAnyRemarkEnabled() const override {
    return CountFallbacks || (Previous && Previous->isAnyRemarkEnabled());
  }

private:
  /// The instruction selector's remark pass name.
  static constexpr StringLiteral FastISelPass = "sdagisel";
  std::string &Errors;
  DiagnosticHandler *Previous;
  const bool &CountFallbacks;
  unsigned &Fallbacks;
};

} // namespace

DiagnosticCapture::DiagnosticCapture(LLVMContext &Ctx)
    : Ctx(Ctx), Previous(Ctx.getDiagnosticHandler()) {
  Ctx.setDiagnosticHandler(std::make_unique<CapturingHandler>(
      Errors, Previous.get(), CountFallbacks, Fallbacks));
}

DiagnosticCapture::~DiagnosticCapture() {
  Ctx.setDiagnosticHandler(std::move(Previous));
}

Error DiagnosticCapture::takeError(StringRef What) {
  if (Errors.empty())
    return Error::success();
  std::string Message = (What + ": " + Errors).str();
  Errors.clear();
  return createStringError(inconvertibleErrorCode(), Message);
}

} // namespace wasmaot
