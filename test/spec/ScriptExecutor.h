//===- ScriptExecutor.h - Running a spec-test script ------------*- C++ -*-===//
//
// Executes one script's commands in order: compiles each module with the
// whole pipeline (validate, translate, optimise, link) into a shared library,
// loads and instantiates it through runtime-support with the spectest host
// module and the registered instances as imports, and judges assert_return,
// assert_trap, assert_exhaustion, assert_unlinkable, assert_uninstantiable,
// register and the actions against the runtime's results.
//
//===----------------------------------------------------------------------===//

#ifndef WASMAOT_TEST_SPEC_SCRIPTEXECUTOR_H
#define WASMAOT_TEST_SPEC_SCRIPTEXECUTOR_H

#include "CaseJudge.h"
#include "SpecScript.h"

#include "wasmaot/CodeGen/CodeGenOptions.h"
#include "wasmaot/wasmaot.h"

#include <map>
#include <optional>
#include <memory>
#include <string>
#include <vector>

namespace wasmaot::spec {

class SpectestHost;

class ScriptExecutor {
public:
  /// Modules are compiled as CG says, on one thread; libraries are written
  /// to TempDir (which must exist) and loaded from there.
  ScriptExecutor(std::string ScriptDir, ReadOptions Options,
                 const CodeGenOptions &CG, std::string TempDir);
  ~ScriptExecutor();

  Outcome run(const Command &C);

private:
  /// A module command's result: the instance, or why there is none.
  struct ModuleState {
    wasmaot_instance *Instance = nullptr;
    /// Set when the module was not compiled (unsupported): commands using
    /// it are skipped with this reason.
    std::string SkipReason;
  };

  /// An action's outcome; Early is set when the case is decided before its
  /// result is looked at (a skipped module, a missing export).
  struct ActionResult {
    uint32_t Code = WASMAOT_TRAP_NONE;
    std::vector<wasmaot_val> Results;
    std::vector<uint8_t> Types;
    wasmaot_trap Trap{};
    std::optional<Outcome> Early;
  };
  ActionResult act(const Command &C);

  Outcome runModule(const Command &C);
  Outcome runRegister(const Command &C);
  Outcome runAssertReturn(const Command &C);
  Outcome runAssertTrap(const Command &C, uint32_t ExpectedCode);
  Outcome runAction(const Command &C);
  Outcome runLinkAssertion(const Command &C);

  /// Compiles and loads a module file; on failure an outcome (skip or fail).
  wasmaot_module *compile(const std::string &Filename, Outcome &Failure);
  /// Instantiates; Error holds the link error, Trap the instantiation trap.
  wasmaot_instance *instantiate(wasmaot_module *M, std::string &Error,
                                wasmaot_trap &Trap);
  /// Why M cannot be instantiated here, if it imports from a skipped module.
  std::string dependsOnSkipped(wasmaot_module *M);
  /// The instance an action names, or an outcome saying why not.
  ModuleState *findModule(const std::string &Name);
  /// Performs an action. Returns the trap code (WASMAOT_TRAP_NONE when it
  /// returned, Results then holding the values with their types); Problem is
  /// set when the action itself could not be made (a failure of the test).
  uint32_t perform(const ScriptAction &A, std::vector<wasmaot_val> &Results,
                   std::vector<uint8_t> &ResultTypes, std::string &Problem,
                   std::string &SkipReason, wasmaot_trap &Trap);

  CaseJudge Judge;
  ReadOptions Options;
  CodeGenOptions CG;
  std::string ScriptDir;
  std::string TempDir;
  std::unique_ptr<SpectestHost> Spectest;
  ModuleState Current;
  std::map<std::string, ModuleState> Named;
  std::map<std::string, wasmaot_instance *> Registered;
  /// Names registered for modules that were skipped, with the reason: a
  /// module importing from them is skipped too.
  std::map<std::string, std::string> RegisteredSkips;
  std::vector<wasmaot_instance *> Instances;
  std::vector<wasmaot_module *> Modules;
};

} // namespace wasmaot::spec

#endif
