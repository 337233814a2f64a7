//===- RunWasi.cpp - wasm-aot run's WASI world ----------------------------===//

#include "RunWasi.h"

#include "TrapReport.h"

#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace wasmaot {

namespace {
enum { ExitBadModule = 1, ExitUsage = 2, ExitTrap = 134 };
} // namespace

WasiSession::~WasiSession() { wasmaot_wasi_delete(Wasi); }

int WasiSession::init(ArrayRef<std::string> Dirs, ArrayRef<std::string> Env,
                      ArrayRef<std::string> Args) {
  std::vector<std::string> Hosts, Guests;
  for (const std::string &D : Dirs) {
    size_t Sep = D.find("::");
    std::string Host = D.substr(0, Sep);
    std::string Guest = Sep == std::string::npos ? D : D.substr(Sep + 2);
    if (Host.empty() || Guest.empty()) {
      errs() << "wasm-aot: --dir " << D << ": expected HOST or HOST::GUEST\n";
      return ExitUsage;
    }
    Hosts.push_back(Host);
    Guests.push_back(Guest);
  }
  for (const std::string &E : Env)
    if (E.find('=') == std::string::npos || E[0] == '=') {
      errs() << "wasm-aot: --env " << E << ": expected NAME=VALUE\n";
      return ExitUsage;
    }
  std::vector<wasmaot_wasi_preopen> Preopens;
  for (size_t I = 0; I < Hosts.size(); ++I)
    Preopens.push_back({Hosts[I].c_str(), Guests[I].c_str()});
  std::vector<const char *> ArgPtrs, EnvPtrs;
  for (const std::string &A : Args)
    ArgPtrs.push_back(A.c_str());
  for (const std::string &E : Env)
    EnvPtrs.push_back(E.c_str());
  wasmaot_wasi_config Config;
  wasmaot_wasi_config_init(&Config);
  Config.args = ArgPtrs.data();
  Config.num_args = ArgPtrs.size();
  Config.env = EnvPtrs.data();
  Config.num_env = EnvPtrs.size();
  Config.preopens = Preopens.data();
  Config.num_preopens = Preopens.size();
  char *Error = nullptr;
  Wasi = wasmaot_wasi_new(&Config, &Error);
  if (!Wasi) {
    errs() << "wasm-aot: " << (Error ? Error : "cannot set up WASI") << '\n';
    wasmaot_error_free(Error);
    return ExitUsage;
  }
  return 0;
}

int WasiSession::bindImports(const wasmaot_module *Module,
                             std::vector<wasmaot_extern> &Imports,
                             StringRef Path) {
  Imports.resize(wasmaot_module_num_imports(Module));
  char *Error = nullptr;
  if (wasmaot_wasi_bind_imports(Wasi, Module, Imports.data(), &Error) != 0) {
    errs() << Path << ": error: unlinkable: " << (Error ? Error : "?") << '\n';
    wasmaot_error_free(Error);
    return ExitBadModule;
  }
  return 0;
}

int WasiSession::exitCode() const {
  uint32_t Code = 0;
  wasmaot_wasi_exit_code(Wasi, &Code);
  return static_cast<int>(Code);
}

int runWasiStart(WasiSession &Session, wasmaot_instance *Instance,
                 StringRef Path) {
  wasmaot_extern Start;
  if (wasmaot_instance_export(Instance, "_start", &Start) != 0 ||
      Start.kind != WASMAOT_EXTERN_FUNC) {
    errs() << Path
           << ": error: no exported function '_start' (a WASI "
              "command); call an export with --invoke NAME\n";
    return ExitUsage;
  }
  wasmaot_trap Trap;
  wasmaot_val Unused;
  uint32_t Code =
      wasmaot_func_call(Start.of.func, nullptr, 0, &Unused, 0, &Trap);
  if (Code == WASMAOT_TRAP_NONE)
    return 0;
  if (Code == WASMAOT_TRAP_EXIT)
    return Session.exitCode();
  errs().flush();
  printTrap(errs(), Trap);
  return ExitTrap;
}

} // namespace wasmaot
