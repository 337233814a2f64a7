//===- ScriptExecutor.cpp - Running a spec-test script --------------------===//

#include "ScriptExecutor.h"
#include "SpecValues.h"
#include "SpectestHost.h"

#include "wasmaot/CodeGen/CodeGen.h"
#include "wasmaot/Translate/Translator.h"
#include "wasmaot/Wasm/Error.h"

#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <atomic>
#include <cstring>

using namespace llvm;

namespace wasmaot::spec {

namespace {

Outcome pass() { return {Verdict::Pass, {}}; }
Outcome fail(std::string Reason) { return {Verdict::Fail, std::move(Reason)}; }
Outcome skip(std::string Reason) { return {Verdict::Skip, std::move(Reason)}; }

/// "0x12: error: unsupported feature: x (func 3)" -> "unsupported feature: x"
std::string skipReason(StringRef Text) {
  size_t Start = Text.find("unsupported feature:");
  StringRef Reason = Start == StringRef::npos ? Text : Text.substr(Start);
  size_t Func = Reason.rfind(" (func ");
  if (Func != StringRef::npos)
    Reason = Reason.take_front(Func);
  return Reason.rtrim().str();
}

/// Whether the runtime's trap message is the one the test names (tests may
/// add detail: "uninitialized element 2").
bool trapMessageMatches(StringRef Expected, StringRef Actual) {
  return Expected.starts_with(Actual) || Actual.starts_with(Expected);
}

} // namespace

ScriptExecutor::ScriptExecutor(std::string ScriptDir, ReadOptions Options,
                               const CodeGenOptions &CG, std::string TempDir)
    : Judge(ScriptDir, Options), Options(Options), CG(CG),
      ScriptDir(std::move(ScriptDir)), TempDir(std::move(TempDir)),
      Spectest(std::make_unique<SpectestHost>()) {
  this->CG.Threads = 1;
}

ScriptExecutor::~ScriptExecutor() {
  for (wasmaot_instance *I : Instances)
    wasmaot_instance_delete(I);
  for (wasmaot_module *M : Modules)
    wasmaot_module_release(M);
}

wasmaot_module *ScriptExecutor::compile(const std::string &Filename,
                                        Outcome &Failure) {
  SmallString<256> Path(ScriptDir);
  sys::path::append(Path, Filename);
  Expected<Module> M = readModuleFile(Path, Options);
  auto Classify = [&](Error E, const char *Phase) {
    Diagnostic D = toDiagnostic(std::move(E));
    if (D.Kind && *D.Kind == WasmErrorKind::Unsupported)
      Failure = skip(skipReason(D.Text));
    else
      Failure = fail(std::string(Phase) + " " + Filename + ": " + D.Text);
    return nullptr;
  };
  if (!M)
    return Classify(M.takeError(), "rejected");
  LLVMContext Context;
  TranslateOptions TOpts;
  TOpts.Features = Options.Features;
  TOpts.ModuleName = Filename;
  TOpts.LocalsInMemory = CG.OptLevel == 0;
  Expected<std::unique_ptr<llvm::Module>> IR =
      translateModule(*M, Context, TOpts);
  if (!IR)
    return Classify(IR.takeError(), "cannot translate");
  SmallString<256> Library(TempDir);
  // Names are never reused in a process: dlopen takes a path it has loaded
  // before for the library already loaded, and libraries of failed
  // instantiations stay loaded.
  static std::atomic<unsigned> Counter{0};
  sys::path::append(Library, "m" + std::to_string(Counter++) + ".so");
  Expected<CompileStats> Stats =
      compileToSharedLibrary(std::move(*IR), CG, Library);
  if (!Stats)
    return Classify(Stats.takeError(), "cannot compile");
  char *LoadError = nullptr;
  wasmaot_module *Loaded = wasmaot_module_load(Library.c_str(), &LoadError);
  sys::fs::remove(Library); // stays mapped while loaded
  if (!Loaded) {
    Failure = fail("cannot load " + Filename + ": " +
                   (LoadError ? LoadError : "?"));
    wasmaot_error_free(LoadError);
    return nullptr;
  }
  Modules.push_back(Loaded);
  return Loaded;
}

wasmaot_instance *ScriptExecutor::instantiate(wasmaot_module *M,
                                              std::string &Error,
                                              wasmaot_trap &Trap) {
  size_t N = wasmaot_module_num_imports(M);
  std::vector<wasmaot_extern> Imports(N);
  for (size_t I = 0; I < N; ++I) {
    wasmaot_import_info Info;
    wasmaot_module_import(M, I, &Info);
    StringRef ModuleName(Info.module, Info.module_len);
    StringRef Field(Info.name, Info.name_len);
    wasmaot_extern &E = Imports[I];
    std::memset(&E, 0, sizeof(E));
    E.kind = WASMAOT_EXTERN_NONE;
    if (ModuleName == "spectest") {
      E = Spectest->lookup(Field);
      continue;
    }
    auto It = Registered.find(ModuleName.str());
    if (It != Registered.end() &&
        wasmaot_instance_export_n(It->second, Field.data(), Field.size(),
                                  &E) != 0)
      E.kind = WASMAOT_EXTERN_NONE;
  }
  std::memset(&Trap, 0, sizeof(Trap));
  char *Err = nullptr;
  wasmaot_instance *Inst =
      wasmaot_instance_new(M, Imports.data(), N, &Trap, &Err);
  if (!Inst) {
    Error = Err ? Err : "instantiation failed";
    wasmaot_error_free(Err);
    return nullptr;
  }
  Instances.push_back(Inst);
  return Inst;
}

std::string ScriptExecutor::dependsOnSkipped(wasmaot_module *M) {
  for (size_t I = 0, N = wasmaot_module_num_imports(M); I < N; ++I) {
    wasmaot_import_info Info;
    wasmaot_module_import(M, I, &Info);
    auto It = RegisteredSkips.find(std::string(Info.module, Info.module_len));
    if (It != RegisteredSkips.end())
      return "imports from a skipped module: " + It->second;
  }
  return {};
}

ScriptExecutor::ModuleState *
ScriptExecutor::findModule(const std::string &Name) {
  if (Name.empty())
    return &Current;
  auto It = Named.find(Name);
  return It == Named.end() ? nullptr : &It->second;
}

uint32_t ScriptExecutor::perform(const ScriptAction &A,
                                 std::vector<wasmaot_val> &Results,
                                 std::vector<uint8_t> &ResultTypes,
                                 std::string &Problem,
                                 std::string &SkipReason, wasmaot_trap &Trap) {
  std::memset(&Trap, 0, sizeof(Trap));
  ModuleState *State = findModule(A.Module);
  if (!State) {
    Problem = "no module named " + A.Module;
    return WASMAOT_TRAP_NONE;
  }
  if (!State->Instance) {
    if (!State->SkipReason.empty())
      SkipReason = State->SkipReason;
    else
      Problem = "no instance to act on";
    return WASMAOT_TRAP_NONE;
  }
  wasmaot_extern E;
  if (wasmaot_instance_export_n(State->Instance, A.Field.data(),
                                A.Field.size(), &E) != 0) {
    Problem = "no export \"" + A.Field + "\"";
    return WASMAOT_TRAP_NONE;
  }
  if (A.Type == "get") {
    if (E.kind != WASMAOT_EXTERN_GLOBAL) {
      Problem = "export \"" + A.Field + "\" is not a global";
      return WASMAOT_TRAP_NONE;
    }
    Results.assign(1, *E.of.global.storage);
    ResultTypes.assign(1, uint8_t(E.of.global.type));
    return WASMAOT_TRAP_NONE;
  }
  if (E.kind != WASMAOT_EXTERN_FUNC) {
    Problem = "export \"" + A.Field + "\" is not a function";
    return WASMAOT_TRAP_NONE;
  }
  wasmaot_func_type Type;
  if (wasmaot_type_lookup(E.of.func->type_id, &Type) != 0) {
    Problem = "unknown function type";
    return WASMAOT_TRAP_NONE;
  }
  std::vector<wasmaot_val> Args;
  for (const ScriptValue &V : A.Args) {
    std::optional<wasmaot_val> R = toRuntimeValue(V);
    if (!R) {
      SkipReason = "argument of type " + V.Type + " not supported";
      return WASMAOT_TRAP_NONE;
    }
    Args.push_back(*R);
  }
  Results.assign(std::max<uint32_t>(Type.num_results, 1), wasmaot_val{});
  ResultTypes.assign(Type.results, Type.results + Type.num_results);
  uint32_t Code = wasmaot_func_call(E.of.func, Args.data(), Args.size(),
                                    Results.data(), Type.num_results, &Trap);
  Results.resize(Type.num_results);
  if (Code == WASMAOT_TRAP_HOST && Trap.message &&
      StringRef(Trap.message).contains("arguments"))
    Problem = Trap.message;
  return Code;
}

Outcome ScriptExecutor::runModule(const Command &C) {
  if (C.IsTextModule) {
    Current = {nullptr, "text module (no .wat parser yet)"};
    if (!C.Name.empty())
      Named[C.Name] = Current;
    return skip(Current.SkipReason);
  }
  Outcome Failure;
  wasmaot_module *M = compile(C.Filename, Failure);
  ModuleState State;
  Outcome Result = pass();
  if (!M) {
    State.SkipReason = Failure.V == Verdict::Skip
                           ? Failure.Reason
                           : "its module failed: " + Failure.Reason;
    Result = Failure;
  } else if (std::string Why = dependsOnSkipped(M); !Why.empty()) {
    State.SkipReason = Why;
    Result = skip(Why);
  } else {
    std::string Error;
    wasmaot_trap Trap;
    State.Instance = instantiate(M, Error, Trap);
    if (!State.Instance && StringRef(Error).contains("implementation limit")) {
      // Valid, but beyond what the runtime allocates (a table of 2^32-1
      // elements): not a wrong result.
      State.SkipReason = "implementation limit: " + Error;
      Result = skip("implementation limit (instantiation)");
    } else if (!State.Instance) {
      State.SkipReason = "its module failed to instantiate";
      Result = fail("cannot instantiate " + C.Filename + ": " + Error);
    }
  }
  Current = State;
  if (!C.Name.empty())
    Named[C.Name] = State;
  return Result;
}

Outcome ScriptExecutor::runRegister(const Command &C) {
  ModuleState *State = findModule(C.Name);
  if (!State)
    return fail("register: no module named " + C.Name);
  if (!State->Instance) {
    std::string Reason =
        State->SkipReason.empty() ? "no instance" : State->SkipReason;
    RegisteredSkips[C.As] = Reason;
    return skip(Reason);
  }
  RegisteredSkips.erase(C.As);
  Registered[C.As] = State->Instance;
  return pass();
}

ScriptExecutor::ActionResult ScriptExecutor::act(const Command &C) {
  ActionResult R;
  std::string Problem, SkipReason;
  R.Code = perform(C.Action, R.Results, R.Types, Problem, SkipReason, R.Trap);
  if (!SkipReason.empty())
    R.Early = skip(SkipReason);
  else if (!Problem.empty())
    R.Early = fail(Problem);
  return R;
}

Outcome ScriptExecutor::runAssertReturn(const Command &C) {
  ActionResult R = act(C);
  if (R.Early)
    return *R.Early;
  if (R.Code != WASMAOT_TRAP_NONE)
    return fail(std::string("trapped: ") + wasmaot_trap_message(R.Code));
  if (!C.Either.empty()) {
    if (R.Results.size() != 1)
      return fail("expected 1 result, got " +
                  std::to_string(R.Results.size()));
    std::string Whys;
    for (const ScriptValue &Alternative : C.Either) {
      std::string Why;
      if (matches(Alternative, R.Types[0], R.Results[0], Why))
        return pass();
      Whys += (Whys.empty() ? "" : "; ") + Why;
    }
    return fail("result matches none of the alternatives: " + Whys);
  }
  if (R.Results.size() != C.Expected.size())
    return fail("expected " + std::to_string(C.Expected.size()) +
                " results, got " + std::to_string(R.Results.size()));
  for (size_t I = 0; I < R.Results.size(); ++I) {
    std::string Why;
    if (!matches(C.Expected[I], R.Types[I], R.Results[I], Why))
      return fail("result " + std::to_string(I) + ": " + Why);
  }
  return pass();
}

Outcome ScriptExecutor::runAssertTrap(const Command &C,
                                      uint32_t ExpectedCode) {
  ActionResult R = act(C);
  if (R.Early)
    return *R.Early;
  if (R.Code == WASMAOT_TRAP_NONE)
    return fail("returned, expected a trap: \"" + C.Text + "\"");
  if ((ExpectedCode != WASMAOT_TRAP_NONE && R.Code != ExpectedCode) ||
      !trapMessageMatches(C.Text, wasmaot_trap_message(R.Code)))
    return fail(std::string("trapped with \"") + wasmaot_trap_message(R.Code) +
                "\", expected \"" + C.Text + "\"");
  return pass();
}

Outcome ScriptExecutor::runAction(const Command &C) {
  ActionResult R = act(C);
  if (R.Early)
    return *R.Early;
  if (R.Code != WASMAOT_TRAP_NONE)
    return fail(std::string("trapped: ") + wasmaot_trap_message(R.Code));
  return pass();
}

Outcome ScriptExecutor::runLinkAssertion(const Command &C) {
  if (C.IsTextModule)
    return skip("text module (no .wat parser yet)");
  Outcome Failure;
  wasmaot_module *M = compile(C.Filename, Failure);
  if (!M)
    return Failure;
  if (std::string Why = dependsOnSkipped(M); !Why.empty())
    return skip(Why);
  std::string Error;
  wasmaot_trap Trap;
  wasmaot_instance *Inst = instantiate(M, Error, Trap);
  bool Trapped = !Inst && Trap.code != WASMAOT_TRAP_NONE;
  if (C.Type == "assert_unlinkable") {
    if (Inst)
      return fail("linked, expected \"" + C.Text + "\"");
    if (Trapped)
      return fail(std::string("trapped (\"") + wasmaot_trap_message(Trap.code) +
                  "\"), expected a link error \"" + C.Text + "\"");
    return pass();
  }
  // assert_uninstantiable: a trap while instantiating.
  if (Inst)
    return fail("instantiated, expected a trap \"" + C.Text + "\"");
  if (!Trapped)
    return fail("link error (" + Error + "), expected a trap \"" + C.Text +
                "\"");
  if (!trapMessageMatches(C.Text, wasmaot_trap_message(Trap.code)))
    return fail(std::string("trapped with \"") +
                wasmaot_trap_message(Trap.code) + "\", expected \"" + C.Text +
                "\"");
  return pass();
}

Outcome ScriptExecutor::run(const Command &C) {
  if (C.Type == "module")
    return runModule(C);
  if (C.Type == "assert_malformed" || C.Type == "assert_invalid")
    return Judge.judge(C);
  if (C.Type == "assert_unlinkable" || C.Type == "assert_uninstantiable")
    return runLinkAssertion(C);
  if (C.Type == "register")
    return runRegister(C);
  if (C.Type == "assert_return")
    return runAssertReturn(C);
  if (C.Type == "assert_trap")
    return runAssertTrap(C, WASMAOT_TRAP_NONE);
  if (C.Type == "assert_exhaustion")
    return runAssertTrap(C, WASMAOT_TRAP_STACK_EXHAUSTED);
  if (C.Type == "action")
    return runAction(C);
  if (C.Type == "assert_exception")
    return skip("exceptions are not compiled yet");
  return skip("unknown command type '" + C.Type + "'");
}

} // namespace wasmaot::spec
