//===- CaseJudge.h - Deciding one spec-test case ----------------*- C++ -*-===//
//
// Judges one command of a script. In this phase only validity is judged:
// modules must decode and validate, assert_malformed / assert_invalid modules
// must be rejected. Everything else is a skip with a reason: execution, text
// modules, and modules rejected as using a feature WasmAOT does not implement.
//
//===----------------------------------------------------------------------===//

#ifndef WASMAOT_TEST_SPEC_CASEJUDGE_H
#define WASMAOT_TEST_SPEC_CASEJUDGE_H

#include "SpecScript.h"

#include "wasmaot/Wasm/Validator.h"

#include <string>

namespace wasmaot::spec {

enum class Verdict : uint8_t { Pass, Fail, Skip };

struct Outcome {
  Verdict V = Verdict::Pass;
  /// Why it failed or was skipped. Skip reasons are short and stable: the
  /// runner counts cases per reason.
  std::string Reason;
};

class CaseJudge {
public:
  /// Module files are looked up relative to ScriptDir.
  /// With Translate, a module that must be accepted must also lower to
  /// LLVM IR that verifies; operators not compiled yet make it a skip.
  CaseJudge(std::string ScriptDir, ReadOptions Options, bool Translate = false)
      : ScriptDir(std::move(ScriptDir)), Options(Options),
        Translate(Translate) {}

  Outcome judge(const Command &C) const;

private:
  std::string ScriptDir;
  ReadOptions Options;
  bool Translate;
};

} // namespace wasmaot::spec

#endif
