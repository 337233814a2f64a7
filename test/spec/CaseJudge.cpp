//===- CaseJudge.cpp - Deciding one spec-test case ------------------------===//

#include "CaseJudge.h"

#include "wasmaot/Translate/Translator.h"
#include "wasmaot/Wasm/Error.h"

#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace wasmaot::spec {

namespace {

/// What reading a module gave.
struct ReadResult {
  enum { Accepted, Rejected, Unsupported, NotRead } Kind;
  std::string Text; ///< the diagnostic, when not accepted
};

/// "0x12: error: unsupported feature: gc (func 3)" -> "unsupported feature:
/// gc": the reason without what varies from module to module.
std::string unsupportedReason(StringRef Text) {
  size_t Start = Text.find("unsupported feature:");
  StringRef Reason = Start == StringRef::npos ? Text : Text.substr(Start);
  Reason = Reason.take_until([](char C) { return C == ';'; });
  size_t Func = Reason.rfind(" (func ");
  if (Func != StringRef::npos)
    Reason = Reason.take_front(Func);
  return Reason.rtrim().str();
}

ReadResult classify(Error E) {
  Diagnostic D = toDiagnostic(std::move(E));
  if (!D.Kind) // not a WasmError: the file could not be read
    return {ReadResult::NotRead, std::move(D.Text)};
  if (*D.Kind == WasmErrorKind::Unsupported)
    return {ReadResult::Unsupported, unsupportedReason(D.Text)};
  return {ReadResult::Rejected, std::move(D.Text)};
}

ReadResult readModuleAt(StringRef Path, const ReadOptions &Options,
                        bool Translate) {
  if (!sys::fs::exists(Path))
    return {ReadResult::NotRead, "cannot read module " + Path.str()};
  Expected<Module> M = readModuleFile(Path, Options);
  if (!M)
    return classify(M.takeError());
  if (Translate) {
    LLVMContext Context;
    TranslateOptions TOpts;
    TOpts.Features = Options.Features;
    Expected<std::unique_ptr<llvm::Module>> IR =
        translateModule(*M, Context, TOpts);
    if (!IR) {
      ReadResult R = classify(IR.takeError());
      // A translation failure that is not "not compiled yet" is a bug.
      if (R.Kind != ReadResult::Unsupported)
        return {ReadResult::NotRead, "translation failed: " + R.Text};
      return R;
    }
  }
  return {ReadResult::Accepted, {}};
}

bool isExecution(StringRef Type) {
  return Type == "assert_return" || Type == "assert_trap" ||
         Type == "assert_exhaustion" || Type == "assert_exception" ||
         Type == "action" || Type == "register" || Type == "get";
}

Outcome pass() { return {Verdict::Pass, {}}; }
Outcome fail(std::string Reason) { return {Verdict::Fail, std::move(Reason)}; }
Outcome skip(std::string Reason) { return {Verdict::Skip, std::move(Reason)}; }

} // namespace

Outcome CaseJudge::judge(const Command &C) const {
  if (isExecution(C.Type))
    return skip("execution not implemented yet");

  const bool MustAccept = C.Type == "module" || C.Type == "assert_unlinkable" ||
                          C.Type == "assert_uninstantiable";
  const bool MustReject =
      C.Type == "assert_malformed" || C.Type == "assert_invalid";
  if (!MustAccept && !MustReject)
    return skip("unknown command type '" + C.Type + "'");
  if (!C.hasModule())
    return fail("command has no module file");
  if (C.IsTextModule)
    return skip("text module (no .wat parser yet)");

  SmallString<256> Path(ScriptDir);
  sys::path::append(Path, C.Filename);
  ReadResult R = readModuleAt(Path, Options, Translate && MustAccept);
  switch (R.Kind) {
  case ReadResult::NotRead:
    return fail(R.Text);
  case ReadResult::Unsupported:
    return skip(std::move(R.Text));
  case ReadResult::Accepted:
    if (MustAccept)
      return pass();
    return fail("accepted " + C.Filename + ", expected " +
                (C.Type == "assert_malformed" ? "malformed" : "invalid") +
                ": \"" + C.Text + "\"");
  case ReadResult::Rejected:
    if (MustReject)
      return pass();
    return fail("rejected " + C.Filename + ": " + R.Text);
  }
  llvm_unreachable("bad read result");
}

} // namespace wasmaot::spec
