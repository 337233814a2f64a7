//===- PhaseBenchmark.cpp - Micro-benchmarks of the back end and loader ---===//
//
//   wasmaot-bench-phases [MODULE.wasm] [--benchmark_...]
//
// The module is the first argument that is not a --benchmark flag, else
// $WASMAOT_BENCH_MODULE, else this build's test/programs/workload/
// workload.wasm (38 KB, no imports). Each phase's input is made when first
// needed and kept, so a filter skips the phases it does not need.
//
//   BM_Translate    translateModule, the whole module in one piece (wasm-aot
//                   cuts big ones into partitions), in a fresh LLVMContext
//   BM_Optimize/L   optimizeModule at -OL of the translated module after
//                   prepareModule (the verifier is left out)
//   BM_CodeGen/L    emitObject of the module optimised at -OL
//   BM_Link         linkSharedLibrary of the -O2 object into a temporary
//                   file, with one lld thread (wasm-aot gives it every core)
//   BM_Compress     encodeArtifact of that library: zstd level 12, header
//   BM_Load         wasmaot_module_load_artifact_from_memory of the artifact:
//                   header and host checks, CRC, decompression, memfd, dlopen
//   BM_Instantiate  wasmaot_instance_new of the loaded module, with WASI
//                   bound when it imports it
//
// Optimising and code generation change the module they are given: each
// iteration reads a copy from bitcode (and frees the last) with the timer
// paused. The compiler's phases report bytes/second of the Wasm module, like
// wasmaot-bench-decode; the loader's, items/second.
//
//===----------------------------------------------------------------------===//

#include "wasmaot/Cache/Artifact.h"
#include "wasmaot/CodeGen/CodeGen.h"
#include "wasmaot/CodeGen/Linker.h"
#include "wasmaot/Translate/Translator.h"
#include "wasmaot/Wasm/Error.h"
#include "wasmaot/Wasm/Validator.h"
#include "wasmaot/artifact.h"
#include "wasmaot/wasi.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

#include "ModuleArgument.h"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

using namespace wasmaot;

namespace {

std::string ModulePath;
std::optional<Module> Wasm;

/// A module kept as bitcode with its use-list order: a copy made with
/// CloneModule lists uses in another order, and the back end then generated
/// other code (1 KB less of 118 KB at -O2 for the workload).
using Bitcode = llvm::SmallVector<char, 0>;

/// Everything the benchmarks share, made on first use.
struct Inputs {
  std::unique_ptr<llvm::TargetMachine> Machines[4];
  Bitcode Prepared[2]; // locals as SSA values; in stack slots (level 0)
  Bitcode Optimized[4];               // by level
  std::string Object;                 // at -O2, as are the following
  llvm::SmallString<128> LibraryPath; // a temporary file
  std::string Library;
  std::string Artifact;
};
std::unique_ptr<Inputs> In;

[[noreturn]] void fatal(llvm::Error E) {
  reportError(llvm::errs(), ModulePath, std::move(E));
  if (In) // the library's temporary file
    llvm::sys::fs::remove(In->LibraryPath);
  std::exit(1);
}

/// For the runtime's C API, whose errors are strings.
[[noreturn]] void fatal(const char *What, char *Error) {
  std::string Message = Error ? Error : "unknown error";
  wasmaot_error_free(Error);
  fatal(llvm::createStringError("%s: %s", What, Message.c_str()));
}

template <typename T> T check(llvm::Expected<T> Value) {
  if (!Value)
    fatal(Value.takeError());
  return std::move(*Value);
}

void check(llvm::Error E) {
  if (E)
    fatal(std::move(E));
}

void setWasmBytesProcessed(benchmark::State &State) {
  State.SetBytesProcessed(int64_t(State.iterations()) *
                          int64_t(Wasm->Bytes.size()));
}

llvm::TargetMachine &targetMachine(unsigned Level) {
  std::unique_ptr<llvm::TargetMachine> &TM = In->Machines[Level];
  if (!TM) {
    CodeGenOptions Opts;
    Opts.OptLevel = Level;
    TM = check(createTargetMachine(Opts));
  }
  return *TM;
}

std::unique_ptr<llvm::Module> translate(llvm::LLVMContext &Context,
                                        bool LocalsInMemory = false) {
  TranslateOptions Opts;
  Opts.ModuleName = ModulePath;
  Opts.LocalsInMemory = LocalsInMemory;
  return check(translateModule(*Wasm, Context, Opts));
}

/// A module in a context of its own: reading the same bitcode into one
/// context again and again would pile up renamed struct types.
struct OwnedModule {
  OwnedModule() { Context.setDiscardValueNames(true); } // as wasm-aot does
  llvm::LLVMContext Context;
  std::unique_ptr<llvm::Module> M; // destroyed before Context
};

Bitcode write(const llvm::Module &M) {
  Bitcode BC;
  llvm::raw_svector_ostream OS(BC);
  llvm::WriteBitcodeToFile(M, OS, /*ShouldPreserveUseListOrder=*/true);
  return BC;
}

std::unique_ptr<OwnedModule> read(const Bitcode &BC) {
  auto IR = std::make_unique<OwnedModule>();
  llvm::MemoryBufferRef Buffer(llvm::StringRef(BC.data(), BC.size()),
                               ModulePath);
  IR->M = check(llvm::parseBitcodeFile(Buffer, IR->Context));
  return IR;
}

/// The translated module after prepareModule (which is the same at every
/// level): what optimizeModule gets at Level. (wasm-aot translates locals
/// to stack slots at level 0 only.)
const Bitcode &prepared(unsigned Level) {
  bool LocalsInMemory = Level == 0;
  Bitcode &BC = In->Prepared[LocalsInMemory];
  if (BC.empty()) {
    OwnedModule IR;
    IR.M = translate(IR.Context, LocalsInMemory);
    check(prepareModule(*IR.M, targetMachine(2), CodeGenOptions()));
    BC = write(*IR.M);
  }
  return BC;
}

/// The module optimised at Level (BM_Optimize leaves it too).
const Bitcode &optimized(unsigned Level) {
  Bitcode &BC = In->Optimized[Level];
  if (BC.empty()) {
    std::unique_ptr<OwnedModule> IR = read(prepared(Level));
    check(optimizeModule(*IR->M, targetMachine(Level), Level));
    BC = write(*IR->M);
  }
  return BC;
}

const std::string &object() {
  if (In->Object.empty()) {
    std::unique_ptr<OwnedModule> IR = read(optimized(2));
    llvm::SmallVector<char, 0> Obj =
        check(emitObject(*IR->M, targetMachine(2)));
    In->Object.assign(Obj.begin(), Obj.end());
  }
  return In->Object;
}

void link() {
  llvm::MemoryBufferRef Obj(object(), ModulePath);
  // LinkOptions' default: one lld thread. No cl::opt is used anywhere here,
  // so it does not matter that lld resets them all.
  check(linkSharedLibrary(Obj, In->LibraryPath));
}

const std::string &library() {
  if (In->Library.empty()) {
    link();
    std::unique_ptr<llvm::MemoryBuffer> File = check(llvm::errorOrToExpected(
        llvm::MemoryBuffer::getFile(In->LibraryPath, /*IsText=*/false,
                                    /*RequiresNullTerminator=*/false)));
    In->Library = File->getBuffer().str();
  }
  return In->Library;
}

const std::string &artifact() {
  if (In->Artifact.empty())
    In->Artifact = check(encodeArtifact(
        describeArtifact(targetMachine(2), 2, Wasm->Bytes), library()));
  return In->Artifact;
}

wasmaot_module *load() {
  const std::string &Bytes = artifact();
  char *Error = nullptr;
  wasmaot_module *M = wasmaot_module_load_artifact_from_memory(
      Bytes.data(), Bytes.size(), &Error);
  if (!M)
    fatal("cannot load the artifact", Error);
  return M;
}

void BM_Translate(benchmark::State &State) {
  std::unique_ptr<OwnedModule> IR;
  for (auto _ : State) {
    State.PauseTiming(); // freeing the last one is not translating
    IR = std::make_unique<OwnedModule>();
    State.ResumeTiming();
    IR->M = translate(IR->Context);
  }
  setWasmBytesProcessed(State);
  State.counters["functions"] = double(Wasm->getNumDefinedFuncs());
}

/// Phase on a copy of Source in each iteration; the last copy.
template <typename Fn>
std::unique_ptr<OwnedModule> runOnCopies(benchmark::State &State,
                                         const Bitcode &Source, Fn Phase) {
  std::unique_ptr<OwnedModule> IR;
  for (auto _ : State) {
    State.PauseTiming();
    IR = read(Source); // and frees the last one
    State.ResumeTiming();
    Phase(*IR->M);
  }
  setWasmBytesProcessed(State);
  return IR;
}

void BM_Optimize(benchmark::State &State) {
  unsigned Level = unsigned(State.range(0));
  llvm::TargetMachine &TM = targetMachine(Level);
  std::unique_ptr<OwnedModule> Last =
      runOnCopies(State, prepared(Level), [&](llvm::Module &M) {
        check(optimizeModule(M, TM, Level));
      });
  if (Last) // BM_CodeGen's input: a big module's -O2 takes minutes
    In->Optimized[Level] = write(*Last->M);
}

void BM_CodeGen(benchmark::State &State) {
  unsigned Level = unsigned(State.range(0));
  llvm::TargetMachine &TM = targetMachine(Level);
  llvm::SmallVector<char, 0> Obj;
  runOnCopies(State, optimized(Level),
              [&](llvm::Module &M) { Obj = check(emitObject(M, TM)); });
  State.counters["object_KB"] = double(Obj.size()) / 1024;
  if (Level == 2 && In->Object.empty()) // BM_Link need not make it again
    In->Object.assign(Obj.begin(), Obj.end());
}

void BM_Link(benchmark::State &State) {
  object();
  for (auto _ : State)
    link();
  setWasmBytesProcessed(State);
  State.counters["library_KB"] = double(library().size()) / 1024;
}

void BM_Compress(benchmark::State &State) {
  ArtifactDescription Desc = describeArtifact(targetMachine(2), 2, Wasm->Bytes);
  const std::string &Library = library();
  for (auto _ : State) {
    std::string Artifact = check(encodeArtifact(Desc, Library));
    benchmark::DoNotOptimize(Artifact.data());
  }
  setWasmBytesProcessed(State);
  State.counters["library_KB"] = double(Library.size()) / 1024;
  State.counters["artifact_KB"] = double(artifact().size()) / 1024;
}

void BM_Load(benchmark::State &State) {
  artifact();
  for (auto _ : State) {
    wasmaot_module *M = load();
    State.PauseTiming(); // unloading is not loading
    wasmaot_module_release(M);
    State.ResumeTiming();
  }
  State.SetItemsProcessed(int64_t(State.iterations()));
}

void BM_Instantiate(benchmark::State &State) {
  wasmaot_module *M = load();
  // WASI's imports bound, any other left unknown (and failing).
  std::vector<wasmaot_extern> Imports(wasmaot_module_num_imports(M));
  wasmaot_wasi_config Config;
  wasmaot_wasi_config_init(&Config);
  char *Error = nullptr;
  wasmaot_wasi *Wasi = wasmaot_wasi_new(&Config, &Error);
  if (!Wasi)
    fatal("cannot create the WASI host", Error);
  if (wasmaot_wasi_bind_imports(Wasi, M, Imports.data(), &Error) != 0)
    fatal("cannot bind the WASI imports", Error);
  for (auto _ : State) {
    wasmaot_trap Trap;
    wasmaot_instance *I =
        wasmaot_instance_new(M, Imports.data(), Imports.size(), &Trap, &Error);
    if (!I)
      fatal("cannot instantiate the module", Error);
    State.PauseTiming(); // freeing the memories is not instantiating
    wasmaot_instance_delete(I);
    State.ResumeTiming();
  }
  wasmaot_module_release(M);
  wasmaot_wasi_delete(Wasi);
  State.SetItemsProcessed(int64_t(State.iterations()));
}

BENCHMARK(BM_Translate)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Optimize)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CodeGen)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Link)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Compress)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Load)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Instantiate)->Unit(benchmark::kMicrosecond);

} // namespace

int main(int argc, char **argv) {
  std::vector<char *> Args;
  ModulePath = wasmaot::bench::takeModulePath(
      argc, argv, WASMAOT_BENCH_DEFAULT_MODULE, Args);
  llvm::Expected<Module> Read = readModuleFile(ModulePath);
  if (!Read) {
    reportError(llvm::errs(), ModulePath, Read.takeError());
    llvm::errs() << "(pass a module path or set WASMAOT_BENCH_MODULE; the "
                    "default is built by the workload-wasm target)\n";
    return 1;
  }
  Wasm.emplace(std::move(*Read));
  benchmark::AddCustomContext("module", ModulePath);
  benchmark::AddCustomContext("module_bytes",
                              std::to_string(Wasm->Bytes.size()));

  int NumArgs = int(Args.size());
  benchmark::Initialize(&NumArgs, Args.data());
  if (benchmark::ReportUnrecognizedArguments(NumArgs, Args.data()))
    return 1;
  In = std::make_unique<Inputs>();
  if (std::error_code EC = llvm::sys::fs::createTemporaryFile(
          "wasmaot-bench", "so", In->LibraryPath))
    fatal(llvm::createStringError(EC, "cannot create a temporary file: %s",
                                  EC.message().c_str()));
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  llvm::sys::fs::remove(In->LibraryPath);
  In.reset();
  return 0;
}
