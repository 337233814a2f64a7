//===- RunWasi.cpp - wasm-aot run's WASI world ----------------------------===//

#include "RunWasi.h"
#include "TrapReport.h"

#include <csignal>
#include <cstdio>

namespace wasmaot {

namespace {
enum { ExitBadModule = 1, ExitUsage = 2, ExitTrap = 134 };

/// "PATH: error: unlinkable: MESSAGE", and frees Message.
void reportUnlinkable(std::string_view Path, char *Message) {
  std::fprintf(stderr, "%.*s: error: unlinkable: %s\n",
               static_cast<int>(Path.size()), Path.data(),
               Message ? Message : "?");
  wasmaot_error_free(Message);
}
} // namespace

WasiSession::~WasiSession() { wasmaot_wasi_delete(Wasi); }

int WasiSession::init(std::span<const std::string> Dirs,
                      std::span<const std::string> Env,
                      std::span<const std::string> Args) {
  // A write to a closed pipe is the program's EPIPE, as under other WASI
  // runners, not the runner's death (or LLVM's exit code 74 for it).
  std::signal(SIGPIPE, SIG_IGN);
  std::vector<std::string> Hosts, Guests;
  for (const std::string &D : Dirs) {
    size_t Sep = D.find("::");
    std::string Host = D.substr(0, Sep);
    std::string Guest = Sep == std::string::npos ? D : D.substr(Sep + 2);
    if (Host.empty() || Guest.empty()) {
      std::fprintf(stderr,
                   "wasm-aot: --dir %s: expected HOST or HOST::GUEST\n",
                   D.c_str());
      return ExitUsage;
    }
    Hosts.push_back(Host);
    Guests.push_back(Guest);
  }
  for (const std::string &E : Env)
    if (E.find('=') == std::string::npos || E[0] == '=') {
      std::fprintf(stderr, "wasm-aot: --env %s: expected NAME=VALUE\n",
                   E.c_str());
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
    std::fprintf(stderr, "wasm-aot: %s\n",
                 Error ? Error : "cannot set up WASI");
    wasmaot_error_free(Error);
    return ExitUsage;
  }
  return 0;
}

int WasiSession::bindImports(const wasmaot_module *Module,
                             std::vector<wasmaot_extern> &Imports,
                             std::string_view Path) {
  Imports.resize(wasmaot_module_num_imports(Module));
  char *Error = nullptr;
  if (wasmaot_wasi_bind_imports(Wasi, Module, Imports.data(), &Error) != 0) {
    reportUnlinkable(Path, Error);
    return ExitBadModule;
  }
  return 0;
}

int WasiSession::exitCode() const {
  uint32_t Code = 0;
  wasmaot_wasi_exit_code(Wasi, &Code);
  return static_cast<int>(Code);
}

int instantiateForRun(WasiSession &Session, wasmaot_module *Module,
                      std::string_view Path, wasmaot_instance *&Instance) {
  std::vector<wasmaot_extern> Imports;
  if (int Exit = Session.bindImports(Module, Imports, Path))
    return Exit;
  char *Error = nullptr;
  wasmaot_trap Trap;
  Instance = wasmaot_instance_new(Module, Imports.data(), Imports.size(),
                                  &Trap, &Error);
  if (Instance)
    return 0;
  if (Trap.code == WASMAOT_TRAP_EXIT) {
    wasmaot_error_free(Error);
    return Session.exitCode(); // the start function called proc_exit
  }
  if (Trap.code != WASMAOT_TRAP_NONE) {
    wasmaot_error_free(Error);
    printTrap(stderr, Trap, "while instantiating");
    return ExitTrap;
  }
  reportUnlinkable(Path, Error);
  return ExitBadModule;
}

int runWasiStart(WasiSession &Session, wasmaot_instance *Instance,
                 std::string_view Path) {
  wasmaot_extern Start;
  if (wasmaot_instance_export(Instance, "_start", &Start) != 0 ||
      Start.kind != WASMAOT_EXTERN_FUNC) {
    std::fprintf(stderr,
                 "%.*s: error: no exported function '_start' (a WASI "
                 "command); call an export with --invoke NAME\n",
                 static_cast<int>(Path.size()), Path.data());
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
  printTrap(stderr, Trap);
  return ExitTrap;
}

} // namespace wasmaot
