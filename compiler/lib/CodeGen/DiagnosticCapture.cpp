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
  CapturingHandler(std::string &Errors, DiagnosticHandler *Previous)
      : Errors(Errors), Previous(Previous) {}

  bool handleDiagnostics(const DiagnosticInfo &DI) override {
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
    return Previous && Previous->isMissedOptRemarkEnabled(Pass);
  }
  bool isPassedOptRemarkEnabled(StringRef Pass) const override {
    return Previous && Previous->isPassedOptRemarkEnabled(Pass);
  }
  bool isAnyRemarkEnabled() const override {
    return Previous && Previous->isAnyRemarkEnabled();
  }

private:
  std::string &Errors;
  DiagnosticHandler *Previous;
};

} // namespace

DiagnosticCapture::DiagnosticCapture(LLVMContext &Ctx)
    : Ctx(Ctx), Previous(Ctx.getDiagnosticHandler()) {
  Ctx.setDiagnosticHandler(
      std::make_unique<CapturingHandler>(Errors, Previous.get()));
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
