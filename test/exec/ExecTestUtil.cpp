// ExecTestUtil.cpp - Compiling test modules and driving the runtime's C API.

#include "ExecTestUtil.h"

#include "wasmaot/CodeGen/CodeGen.h"
#include "wasmaot/Translate/Translator.h"
#include "wasmaot/Wasm/Error.h"
#include "wasmaot/Wasm/Validator.h"

#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/raw_ostream.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <list>
#include <mutex>
#include <sstream>

namespace wasmaot::test {

namespace {

/// The process's temporary directory, removed at exit.
class TempDir : public ::testing::Environment {
public:
  const std::string &path() {
    std::call_once(Once, [&] {
      char Template[] = "/tmp/wasmaot-exec-XXXXXX";
      if (char *P = mkdtemp(Template))
        Path = P;
    });
    return Path;
  }
  void TearDown() override {
    if (!Path.empty() && !getenv("WASMAOT_KEEP_TEMP")) {
      std::error_code EC;
      std::filesystem::remove_all(Path, EC);
    }
  }

private:
  std::once_flag Once;
  std::string Path;
};

TempDir *Dir =
    static_cast<TempDir *>(::testing::AddGlobalTestEnvironment(new TempDir));

std::string readFile(const std::string &Path) {
  std::ifstream In(Path, std::ios::binary);
  std::stringstream SS;
  SS << In.rdbuf();
  return SS.str();
}

} // namespace

std::string tempPath(const std::string &Suffix) {
  static std::atomic<unsigned> Counter{0};
  return Dir->path() + "/t" + std::to_string(Counter++) + Suffix;
}

std::string takeError(char *Error) {
  std::string S = Error ? Error : "";
  wasmaot_error_free(Error);
  return S;
}

std::vector<uint8_t> watToWasm(const std::string &Wat, std::string &Error) {
  std::string In = tempPath(".wat"), Out = tempPath(".wasm"),
              Err = tempPath(".err");
  {
    std::ofstream F(In);
    F << Wat;
  }
  std::string Cmd = std::string("'") + WASMAOT_WAT2WASM +
                    "' --debug-names --enable-extended-const '" + In + "' -o '" + Out +
                    "' 2> '" + Err + "'";
  int Status = std::system(Cmd.c_str());
  if (Status != 0) {
    Error = "wat2wasm failed: " + readFile(Err);
    return {};
  }
  std::string Bytes = readFile(Out);
  return std::vector<uint8_t>(Bytes.begin(), Bytes.end());
}

namespace {

/// Error, with E reported into it; the empty string.
std::string report(std::string &Error, llvm::Error E) {
  llvm::raw_string_ostream OS(Error);
  reportError(OS, "module", std::move(E));
  return std::string();
}

/// Decodes, validates and translates Wasm into Context.
llvm::Expected<std::unique_ptr<llvm::Module>>
translateWasm(const std::vector<uint8_t> &Wasm, llvm::LLVMContext &Context,
              bool LocalsInMemory = false) {
  ReadOptions Read;
  Read.Threads = 1;
  llvm::Expected<Module> M = readModule(Wasm, Read);
  if (!M)
    return M.takeError();
  TranslateOptions Translate;
  Translate.Features = Read.Features;
  Translate.LocalsInMemory = LocalsInMemory;
  return translateModule(*M, Context, Translate);
}

} // namespace

std::string translateWat(const std::string &Wat, bool LocalsInMemory) {
  std::string Error;
  std::vector<uint8_t> Wasm = watToWasm(Wat, Error);
  if (Wasm.empty()) {
    ADD_FAILURE() << Error;
    return "";
  }
  llvm::LLVMContext Context;
  llvm::Expected<std::unique_ptr<llvm::Module>> IR =
      translateWasm(Wasm, Context, LocalsInMemory);
  if (!IR) {
    ADD_FAILURE() << report(Error, IR.takeError()) << Error;
    return "";
  }
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  (*IR)->print(OS, nullptr);
  return Text;
}

std::string compileWasm(const std::vector<uint8_t> &Wasm, unsigned OptLevel,
                        std::string &Error,
                        unsigned MaxOptimizedFunctionSize) {
  llvm::LLVMContext Context;
  llvm::Expected<std::unique_ptr<llvm::Module>> IR =
      translateWasm(Wasm, Context, /*LocalsInMemory=*/OptLevel == 0);
  if (!IR)
    return report(Error, IR.takeError());
  CodeGenOptions CG;
  CG.OptLevel = OptLevel;
  CG.MaxOptimizedFunctionSize = MaxOptimizedFunctionSize;
  CG.Threads = 1;
  std::string Path = tempPath(".so");
  llvm::Expected<CompileStats> Stats =
      compileToSharedLibrary(std::move(*IR), CG, Path);
  if (!Stats)
    return report(Error, Stats.takeError());
  return Path;
}

std::string compileWat(const std::string &Wat, unsigned OptLevel,
                       unsigned MaxOptimizedFunctionSize) {
  std::string Error;
  std::vector<uint8_t> Wasm = watToWasm(Wat, Error);
  if (Wasm.empty()) {
    ADD_FAILURE() << Error;
    return "";
  }
  std::string Path = compileWasm(Wasm, OptLevel, Error,
                                 MaxOptimizedFunctionSize);
  if (Path.empty())
    ADD_FAILURE() << Error;
  return Path;
}

Loaded::Loaded(const std::string &Path) {
  char *E = nullptr;
  M = wasmaot_module_load(Path.c_str(), &E);
  Error = takeError(E);
}

Inst::Inst(wasmaot_module *M, const std::vector<wasmaot_extern> &Imports) {
  char *E = nullptr;
  I = wasmaot_instance_new(M, Imports.data(), Imports.size(), &Trap, &E);
  Error = takeError(E);
}

wasmaot_extern Inst::get(const char *Name) const {
  wasmaot_extern X{};
  if (wasmaot_instance_export(I, Name, &X) != 0)
    X.kind = WASMAOT_EXTERN_NONE;
  return X;
}

const wasmaot_func *Inst::func(const char *Name) const {
  wasmaot_extern X = get(Name);
  EXPECT_EQ(X.kind, (uint32_t)WASMAOT_EXTERN_FUNC) << Name;
  return X.kind == WASMAOT_EXTERN_FUNC ? X.of.func : nullptr;
}

uint32_t Inst::call(const char *Name, std::initializer_list<wasmaot_val> Args,
                    std::vector<wasmaot_val> &Results, size_t NumResults,
                    wasmaot_trap *T) const {
  Results.assign(NumResults ? NumResults : 1, wasmaot_val{});
  std::vector<wasmaot_val> A(Args);
  return wasmaot_func_call(func(Name), A.data(), A.size(), Results.data(),
                           NumResults, T);
}

int32_t Inst::i32(const char *Name, std::initializer_list<wasmaot_val> Args) {
  std::vector<wasmaot_val> R;
  wasmaot_trap T{};
  uint32_t Code = call(Name, Args, R, 1, &T);
  EXPECT_EQ(Code, (uint32_t)WASMAOT_TRAP_NONE)
      << Name << ": " << (T.message ? T.message : "");
  return R[0].i32;
}

int64_t Inst::i64(const char *Name, std::initializer_list<wasmaot_val> Args) {
  std::vector<wasmaot_val> R;
  wasmaot_trap T{};
  uint32_t Code = call(Name, Args, R, 1, &T);
  EXPECT_EQ(Code, (uint32_t)WASMAOT_TRAP_NONE)
      << Name << ": " << (T.message ? T.message : "");
  return R[0].i64;
}

uint32_t Inst::trapOf(const char *Name, std::initializer_list<wasmaot_val> Args,
                      size_t NumResults) {
  std::vector<wasmaot_val> R;
  return call(Name, Args, R, NumResults);
}

int runInChild(int (*Fn)(void *), void *Arg, unsigned TimeoutSeconds) {
  fflush(nullptr);
  pid_t Child = fork();
  if (Child < 0)
    return -1;
  if (Child == 0)
    _exit(Fn(Arg) & 0xFF);
  int Status = 0;
  for (unsigned Tenths = 0; Tenths < TimeoutSeconds * 10; ++Tenths) {
    pid_t Done = waitpid(Child, &Status, WNOHANG);
    if (Done == Child)
      return WIFEXITED(Status) ? WEXITSTATUS(Status) : -1;
    usleep(100 * 1000);
  }
  kill(Child, SIGKILL);
  waitpid(Child, &Status, 0);
  return -1;
}

wasmaot_extern externFunc(const wasmaot_func *F, wasmaot_instance *Owner) {
  wasmaot_extern X{};
  X.kind = WASMAOT_EXTERN_FUNC;
  X.of.func = F;
  X.owner = Owner;
  return X;
}

wasmaot_extern externHost(wasmaot_host_callback Callback, void *Env,
                          const std::vector<uint8_t> &Params,
                          const std::vector<uint8_t> &Results) {
  // The type arrays must outlive the extern until instantiation: keep them.
  static std::mutex Lock;
  static std::list<std::vector<uint8_t>> Keep;
  std::lock_guard<std::mutex> Guard(Lock);
  const std::vector<uint8_t> &P = Keep.emplace_back(Params);
  const std::vector<uint8_t> &R = Keep.emplace_back(Results);
  wasmaot_extern X{};
  X.kind = WASMAOT_EXTERN_HOST_FUNC;
  X.of.host_func.callback = Callback;
  X.of.host_func.env = Env;
  X.of.host_func.params = P.data();
  X.of.host_func.num_params = (uint32_t)P.size();
  X.of.host_func.results = R.data();
  X.of.host_func.num_results = (uint32_t)R.size();
  return X;
}

wasmaot_extern externMemory(wasmaot_memory *M) {
  wasmaot_extern X{};
  X.kind = WASMAOT_EXTERN_MEMORY;
  X.of.memory = M;
  return X;
}

wasmaot_extern externTable(wasmaot_table *T) {
  wasmaot_extern X{};
  X.kind = WASMAOT_EXTERN_TABLE;
  X.of.table = T;
  return X;
}

wasmaot_extern externGlobal(wasmaot_val *Storage, uint32_t Type, bool Mutable) {
  wasmaot_extern X{};
  X.kind = WASMAOT_EXTERN_GLOBAL;
  X.of.global.storage = Storage;
  X.of.global.type = Type;
  X.of.global.is_mutable = Mutable;
  return X;
}

wasmaot_extern externNone() {
  wasmaot_extern X{};
  X.kind = WASMAOT_EXTERN_NONE;
  return X;
}

} // namespace wasmaot::test
