//===- wasm-aot.cpp - The WasmAOT command line ----------------------------===//
//
// Thin: parses options and calls the libraries. Exit codes, for every
// subcommand that reads a module: 0 success, 1 a module that is malformed,
// invalid or uses an unsupported feature, 2 a usage error.
//
//===----------------------------------------------------------------------===//

#include "CachedCompile.h"
#include "RunWasi.h"
#include "TrapReport.h"
#include "Values.h"

#include "wasmaot/CodeGen/CodeGen.h"
#include "wasmaot/wasmaot.h"
#include "wasmaot/Translate/Translator.h"
#include "wasmaot/Wasm/Error.h"
#include "wasmaot/Wasm/Validator.h"

#include "llvm/Config/llvm-config.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"

#include <cstring>
#include <optional>
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace wasmaot;

namespace {

enum ExitCode { ExitSuccess = 0, ExitBadModule = 1, ExitUsage = 2 };

cl::OptionCategory Category("wasm-aot options");

cl::SubCommand ValidateCmd("validate",
                           "Check that a module decodes and validates");
cl::SubCommand InspectCmd("inspect",
                          "Print a summary of a module: types, imports, "
                          "exports, functions, memories");

cl::SubCommand CompileCmd("compile",
                          "Compile a module to an artifact (a compressed "
                          "native shared library with a header)");
cl::SubCommand RunCmd("run", "Compile a module (or take an artifact) and run "
                             "it (call an export with --invoke)");
cl::SubCommand CacheCmd("cache", "The artifact cache: stats, prune, clear");
cl::SubCommand EmitLLVMCmd("emit-llvm",
                           "Print the LLVM IR a module translates to "
                           "(before optimisation, or after --optimize=N)");

cl::opt<std::string> FeaturesOpt(
    "features",
    cl::desc("Wasm features, wasm-tools style: groups (wasm1, wasm2, wasm3, "
             "all) and single features, '-name' to disable "
             "(default: everything WasmAOT supports)"),
    cl::value_desc("list"), cl::sub(ValidateCmd), cl::sub(InspectCmd),
    cl::sub(EmitLLVMCmd), cl::sub(CompileCmd), cl::sub(RunCmd),
    cl::cat(Category));
cl::opt<unsigned> ThreadsOpt(
    "threads", cl::desc("Threads for validating function bodies (0: one per "
                        "core)"),
    cl::init(0), cl::sub(ValidateCmd), cl::sub(InspectCmd),
    cl::sub(EmitLLVMCmd), cl::sub(CompileCmd), cl::sub(RunCmd),
    cl::cat(Category));
cl::opt<std::string> ValidateInput(cl::Positional, cl::desc("<module.wasm>"),
                                   cl::Required, cl::sub(ValidateCmd));
cl::opt<std::string> InspectInput(cl::Positional, cl::desc("<module.wasm>"),
                                  cl::Required, cl::sub(InspectCmd));
cl::opt<std::string> EmitLLVMInput(cl::Positional, cl::desc("<module.wasm>"),
                                   cl::Required, cl::sub(EmitLLVMCmd));
cl::opt<std::string> OutputOpt("o", cl::desc("Output file ('-': stdout)"),
                               cl::value_desc("file"), cl::init("-"),
                               cl::sub(EmitLLVMCmd), cl::cat(Category));
cl::opt<int> EmitOptimizedOpt(
    "optimize",
    cl::desc("Print the IR as the back end gets it after the IR pipeline of "
             "this level (0-3; default: the translator's output)"),
    cl::value_desc("level"), cl::init(-1), cl::sub(EmitLLVMCmd),
    cl::cat(Category));
cl::opt<std::string> CompileInput(cl::Positional, cl::desc("<module.wasm>"),
                                  cl::Required, cl::sub(CompileCmd));
cl::opt<std::string> CompileOutput("o", cl::desc("The artifact to write"),
                                   cl::value_desc("file"), cl::Required,
                                   cl::sub(CompileCmd), cl::cat(Category));
cl::opt<unsigned> OptLevel(
    "O", cl::desc("Optimisation level: 0 (fastest compile), 1 (fast tier), "
                  "2 (default), 3"),
    cl::Prefix, cl::init(2), cl::sub(CompileCmd), cl::sub(RunCmd),
    cl::cat(Category));
cl::opt<std::string> TargetOpt(
    "target", cl::desc("Target triple (default: the host)"),
    cl::value_desc("triple"), cl::sub(CompileCmd), cl::cat(Category));
cl::opt<std::string> CPUOpt(
    "cpu", cl::desc("Target CPU (default: the host's; 'generic' for portable "
                    "code)"),
    cl::value_desc("name"), cl::sub(CompileCmd), cl::cat(Category));
cl::opt<std::string> CPUFeaturesOpt(
    "cpu-features",
    cl::desc("CPU features to add to or remove from the CPU's own, LLVM "
             "style (e.g. '-avx512f')"),
    cl::value_desc("+feat,-feat,..."), cl::sub(CompileCmd), cl::cat(Category));
cl::opt<std::string> InvokeOpt(
    "invoke", cl::desc("Call this export (after _initialize, if the module "
                       "exports it) and print its results"),
    cl::value_desc("name"), cl::sub(RunCmd), cl::cat(Category));
cl::opt<std::string> RunInput(cl::Positional, cl::desc("<module.wasm>"),
                              cl::Required, cl::sub(RunCmd));
cl::list<std::string> RunArgs(cl::ConsumeAfter,
                              cl::desc("<arguments of the module>"),
                              cl::sub(RunCmd));
cl::list<std::string> DirOpt(
    "dir", cl::desc("Give the WASI program a host directory, named GUEST "
                    "(default: HOST)"),
    cl::value_desc("HOST[::GUEST]"), cl::sub(RunCmd), cl::cat(Category));
cl::list<std::string> EnvOpt("env",
                             cl::desc("Set a WASI environment variable"),
                             cl::value_desc("NAME=VALUE"), cl::sub(RunCmd),
                             cl::cat(Category));
cl::opt<bool> PrintTimesOpt("print-times",
                      cl::desc("Print the time of each compile phase"),
                      cl::sub(CompileCmd), cl::sub(RunCmd), cl::cat(Category));
enum class EmitKind { Artifact, SharedLibrary };
cl::opt<EmitKind> EmitOpt(
    "emit", cl::desc("What compile writes"),
    cl::values(clEnumValN(EmitKind::Artifact, "artifact",
                          "the library compressed, with a header (default)"),
               clEnumValN(EmitKind::SharedLibrary, "shared-library",
                          "the plain shared library (not cached)")),
    cl::init(EmitKind::Artifact), cl::sub(CompileCmd), cl::cat(Category));
cl::opt<std::string> CacheDirOpt(
    "cache-dir",
    cl::desc("The artifact cache (default: $WASM_AOT_CACHE_DIR, else "
             "$XDG_CACHE_HOME/wasm-aot or ~/.cache/wasm-aot)"),
    cl::value_desc("dir"), cl::sub(CompileCmd), cl::sub(RunCmd),
    cl::sub(CacheCmd), cl::cat(Category));
cl::opt<std::string> CacheMaxSizeOpt(
    "cache-max-size",
    cl::desc("Prune the least recently used artifacts beyond this size "
             "(default 1G)"),
    cl::value_desc("size"), cl::sub(CompileCmd), cl::sub(RunCmd),
    cl::sub(CacheCmd), cl::cat(Category));
cl::opt<bool> NoCacheOpt("no-cache", cl::desc("Neither read nor fill the "
                                              "artifact cache"),
                         cl::sub(CompileCmd), cl::sub(RunCmd),
                         cl::cat(Category));
cl::opt<bool> VerboseOpt("verbose", cl::desc("Say whether the cache hit"),
                         cl::sub(CompileCmd), cl::sub(RunCmd),
                         cl::cat(Category));
cl::opt<UnusedLoadPolicy> UnusedLoadsOpt(
    "unused-loads",
    cl::desc("How loads whose value goes unused are kept, so that they trap "
             "out of bounds"),
    cl::values(
        clEnumValN(UnusedLoadPolicy::KeepAll, "keep-all",
                   "every load, even one the optimiser finds unused "
                   "(default; exact)"),
        clEnumValN(UnusedLoadPolicy::KeepDropped, "keep-dropped",
                   "only loads the Wasm code drops (faster; a load that "
                   "becomes unused when optimised may not trap)")),
    cl::init(UnusedLoadPolicy::KeepAll), cl::sub(CompileCmd), cl::sub(RunCmd),
    cl::sub(EmitLLVMCmd), cl::cat(Category));
cl::opt<uint64_t> PartitionSizeOpt(
    "partition-size",
    cl::desc("Compile modules with more code than this in parts of about "
             "this many bytes of code, on several threads"),
    cl::value_desc("bytes"), cl::init(256 * 1024), cl::sub(CompileCmd),
    cl::sub(RunCmd), cl::cat(Category));
cl::opt<unsigned> MaxOptimizedFunctionSizeOpt(
    "max-optimized-function-size",
    cl::desc("At -O1 to -O3, compile functions of more LLVM instructions "
             "than this for compile speed (at -O1 with the -O0 code "
             "generator; 0: no limit)"),
    cl::value_desc("instructions"),
    cl::init(CodeGenOptions::DefaultMaxOptimizedFunctionSize),
    cl::sub(CompileCmd), cl::sub(RunCmd), cl::sub(EmitLLVMCmd),
    cl::cat(Category));
cl::opt<bool> FastISelStatsOpt(
    "fastisel-stats",
    cl::desc("With --print-times at -O0/-O1: count the instructions FastISel "
             "leaves to SelectionDAG (makes code generation much slower)"),
    cl::sub(CompileCmd), cl::cat(Category));
cl::opt<std::string> CacheAction(cl::Positional,
                                 cl::desc("<stats|prune|clear>"),
                                 cl::Required, cl::sub(CacheCmd));

/// compile's and run's options, copied (lld resets every cl::opt).
BuildOptions getBuildOptions(unsigned Level) {
  BuildOptions B;
  B.CG.OptLevel = Level;
  B.CG.MaxOptimizedFunctionSize = MaxOptimizedFunctionSizeOpt;
  B.CG.Threads = ThreadsOpt;
  B.WasmFeatures = FeaturesOpt;
  B.CacheDir = CacheDirOpt;
  B.CacheMaxSize = CacheMaxSizeOpt;
  B.NoCache = NoCacheOpt;
  B.Verbose = VerboseOpt;
  B.PrintTimes = PrintTimesOpt;
  B.CG.CountFastISelFallbacks = FastISelStatsOpt;
  B.UnusedLoads = UnusedLoadsOpt;
  B.PartitionBytes = std::max<uint64_t>(PartitionSizeOpt, 1);
  return B;
}

void printVersion(raw_ostream &OS) {
  OS << "wasm-aot " WASMAOT_VERSION " (LLVM " LLVM_VERSION_STRING ")\n";
}

Expected<ReadOptions> getReadOptions() {
  ReadOptions Options;
  Options.Threads = ThreadsOpt;
  if (!FeaturesOpt.empty()) {
    Expected<FeatureSet> Features = FeatureSet::parse(FeaturesOpt);
    if (!Features)
      return Features.takeError();
    Options.Features = *Features;
  }
  return Options;
}

std::string formatFuncType(const FuncType &T) {
  std::string S;
  raw_string_ostream OS(S);
  OS << '(';
  for (size_t I = 0; I < T.Params.size(); ++I)
    OS << (I ? " " : "") << getValTypeName(T.Params[I]);
  OS << ") -> (";
  for (size_t I = 0; I < T.Results.size(); ++I)
    OS << (I ? " " : "") << getValTypeName(T.Results[I]);
  OS << ')';
  return S;
}

void printLimits(raw_ostream &OS, const Limits &L) {
  OS << L.Min;
  if (L.Max)
    OS << ".." << *L.Max;
  if (L.Is64)
    OS << " i64";
  if (L.Shared)
    OS << " shared";
}

void printSummary(raw_ostream &OS, StringRef Path, const wasmaot::Module &M) {
  OS << "module: " << Path;
  if (!M.Names.Module.empty())
    OS << " (\"" << M.Names.Module << "\")";
  OS << "\nsize: " << M.Bytes.size() << " bytes\n";
  OS << "types: " << M.Types.size() << '\n';
  OS << "functions: " << M.FuncTypeIndices.size() << " ("
     << M.NumImportedFuncs << " imported, " << M.getNumDefinedFuncs()
     << " defined)\n";
  for (size_t I = 0; I < M.Memories.size(); ++I) {
    OS << "memory " << I << ": ";
    printLimits(OS, M.Memories[I].Pages);
    OS << " pages" << (I < M.NumImportedMemories ? " (imported)" : "")
       << '\n';
  }
  for (size_t I = 0; I < M.Tables.size(); ++I) {
    OS << "table " << I << ": " << getValTypeName(M.Tables[I].Elem) << ' ';
    printLimits(OS, M.Tables[I].Size);
    OS << (I < M.NumImportedTables ? " (imported)" : "") << '\n';
  }
  OS << "globals: " << M.Globals.size() << ", tags: " << M.Tags.size()
     << ", element segments: " << M.Elems.size()
     << ", data segments: " << M.Datas.size() << '\n';
  OS << "imports: " << M.Imports.size() << '\n';
  for (const Import &I : M.Imports) {
    OS << "  " << getExternKindName(I.Kind) << ' ' << I.Module << '.'
       << I.Field;
    if (I.Kind == ExternKind::Func)
      OS << ' ' << formatFuncType(M.Types[I.Index]);
    OS << '\n';
  }
  OS << "exports: " << M.Exports.size() << '\n';
  for (const Export &E : M.Exports) {
    OS << "  " << getExternKindName(E.Kind) << ' ' << E.Name;
    if (E.Kind == ExternKind::Func)
      OS << ' ' << formatFuncType(M.getFuncType(E.Index));
    OS << '\n';
  }
  if (M.Start)
    OS << "start: function " << *M.Start << '\n';
}

/// Reads and validates Path with the command line's features; on failure
/// reports it and returns the exit code (0 on success, with M and Options
/// set).
int readOrReport(StringRef Path, std::optional<wasmaot::Module> &M,
                 ReadOptions &Options) {
  Expected<ReadOptions> Parsed = getReadOptions();
  if (!Parsed) {
    wasmaot::reportError(errs(), "wasm-aot", Parsed.takeError());
    return ExitUsage;
  }
  Options = *Parsed;
  Expected<wasmaot::Module> Read = readModuleFile(Path, Options);
  if (!Read) {
    wasmaot::reportError(errs(), Path, Read.takeError());
    return ExitBadModule;
  }
  M.emplace(std::move(*Read));
  return ExitSuccess;
}

/// Reads and validates Path and sets how to translate it; on failure
/// reports it and returns the exit code.
int readForTranslation(StringRef Path, std::optional<wasmaot::Module> &M,
                       TranslateOptions &TOpts, UnusedLoadPolicy UnusedLoads) {
  ReadOptions Options;
  if (int Exit = readOrReport(Path, M, Options))
    return Exit;
  TOpts.Features = Options.Features;
  TOpts.ModuleName = Path.str();
  TOpts.UnusedLoads = UnusedLoads;
  return ExitSuccess;
}

/// Reads, validates and translates Path; on failure reports it and returns
/// the exit code (0 on success, with IR set).
int readAndTranslate(StringRef Path, LLVMContext &Context,
                     std::unique_ptr<llvm::Module> &IR,
                     UnusedLoadPolicy UnusedLoads) {
  std::optional<wasmaot::Module> M;
  TranslateOptions TOpts;
  if (int Exit = readForTranslation(Path, M, TOpts, UnusedLoads))
    return Exit;
  Expected<std::unique_ptr<llvm::Module>> Translated =
      translateModule(*M, Context, TOpts);
  if (!Translated) {
    wasmaot::reportError(errs(), Path, Translated.takeError());
    return ExitBadModule;
  }
  IR = std::move(*Translated);
  return ExitSuccess;
}

int runEmitLLVM(StringRef Path) {
  LLVMContext Context;
  std::unique_ptr<llvm::Module> IR;
  if (int Exit = readAndTranslate(Path, Context, IR, UnusedLoadsOpt))
    return Exit;
  if (EmitOptimizedOpt >= 0) {
    CodeGenOptions CG;
    CG.OptLevel = EmitOptimizedOpt;
    Error E = [&]() -> Error {
      Expected<std::unique_ptr<TargetMachine>> TM = createTargetMachine(CG);
      if (!TM)
        return TM.takeError();
      if (Error E = prepareModule(*IR, **TM, CG))
        return E;
      return optimizeModule(*IR, **TM, CG.OptLevel,
                            MaxOptimizedFunctionSizeOpt);
    }();
    if (E) {
      errs() << "wasm-aot: " << toString(std::move(E)) << '\n';
      return ExitBadModule;
    }
  }
  std::error_code EC;
  ToolOutputFile Out(OutputOpt, EC, sys::fs::OF_Text);
  if (EC) {
    errs() << "wasm-aot: cannot write '" << OutputOpt << "': " << EC.message()
           << '\n';
    return ExitUsage;
  }
  IR->print(Out.os(), nullptr);
  Out.keep();
  return ExitSuccess;
}

int runCompile(std::string Path) {
  // lld resets every cl::opt of the process when it links: read them first.
  const std::string Output = CompileOutput;
  const bool SharedLibrary = EmitOpt == EmitKind::SharedLibrary;
  if (OptLevel > 3) {
    errs() << "wasm-aot: -O" << OptLevel << ": the levels are 0 to 3\n";
    return ExitUsage;
  }
  BuildOptions Build = getBuildOptions(OptLevel);
  Build.CG.TargetTriple = TargetOpt;
  Build.CG.CPU = CPUOpt;
  Build.CG.Features = CPUFeaturesOpt;
  return compileToFile(
      Path, Output, SharedLibrary, Build,
      [&](std::optional<wasmaot::Module> &M, TranslateOptions &TOpts) {
        return readForTranslation(Path, M, TOpts, Build.UnusedLoads);
      });
}

enum { ExitTrap = 134 };

/// A trap's kind for "trap: <kind>: <message>": the message's words,
/// hyphenated.
int runModule(std::string Path) {
  // lld resets every cl::opt when it links: read them first.
  const std::string Invoke = InvokeOpt;
  const std::vector<std::string> Args(RunArgs.begin(), RunArgs.end());
  const std::vector<std::string> Dirs(DirOpt.begin(), DirOpt.end());
  const std::vector<std::string> Env(EnvOpt.begin(), EnvOpt.end());
  const unsigned Level = OptLevel;
  if (Level > 3) {
    errs() << "wasm-aot: -O" << Level << ": the levels are 0 to 3\n";
    return ExitUsage;
  }
  // A command's arguments follow the module; --invoke's are the export's.
  std::vector<std::string> WasiArgs{Path};
  if (Invoke.empty())
    WasiArgs.insert(WasiArgs.end(), Args.begin(), Args.end());
  WasiSession Wasi;
  if (int Exit = Wasi.init(Dirs, Env, WasiArgs))
    return Exit;
  // A .wasm through the cache, or an artifact.
  wasmaot_module *Loaded = nullptr;
  const BuildOptions Build = getBuildOptions(Level);
  if (int Exit = loadModuleForRun(
          Path, Build,
          [&](std::optional<wasmaot::Module> &M, TranslateOptions &TOpts) {
            return readForTranslation(Path, M, TOpts, Build.UnusedLoads);
          },
          Loaded))
    return Exit;
  wasmaot_instance *Instance = nullptr;
  if (int Exit = instantiateForRun(Wasi, Loaded, Path, Instance))
    return Exit;

  wasmaot_trap Trap;
  auto Call = [&](const wasmaot_func *F, const std::vector<wasmaot_val> &In,
                  std::vector<wasmaot_val> &Out, size_t NumResults) {
    Out.assign(std::max<size_t>(NumResults, 1), wasmaot_val{});
    uint32_t Code = wasmaot_func_call(F, In.data(), In.size(), Out.data(),
                                      NumResults, &Trap);
    Out.resize(NumResults);
    if (Code != WASMAOT_TRAP_NONE && Code != WASMAOT_TRAP_EXIT) {
      outs().flush();
      printTrap(stderr, Trap);
    }
    return Code;
  };
  if (Invoke.empty())
    return runWasiStart(Wasi, Instance, Path);

  wasmaot_extern Export;
  std::vector<wasmaot_val> Results;
  uint32_t Code;
  if (wasmaot_instance_export(Instance, "_initialize", &Export) == 0 &&
      Export.kind == WASMAOT_EXTERN_FUNC &&
      (Code = Call(Export.of.func, {}, Results, 0)) != WASMAOT_TRAP_NONE)
    return Code == WASMAOT_TRAP_EXIT ? Wasi.exitCode() : ExitTrap;
  if (wasmaot_instance_export_n(Instance, Invoke.data(), Invoke.size(),
                                &Export) != 0 ||
      Export.kind != WASMAOT_EXTERN_FUNC) {
    errs() << Path << ": error: no exported function '" << Invoke << "'\n";
    return ExitUsage;
  }
  wasmaot_func_type Type;
  wasmaot_type_lookup(Export.of.func->type_id, &Type);
  if (Args.size() != Type.num_params) {
    errs() << "wasm-aot: '" << Invoke << "' takes " << Type.num_params
           << " arguments, " << Args.size() << " given\n";
    return ExitUsage;
  }
  std::vector<wasmaot_val> In;
  for (size_t I = 0; I < Args.size(); ++I) {
    Expected<wasmaot_val> V = parseValue(Args[I], Type.params[I]);
    if (!V) {
      errs() << "wasm-aot: argument " << I + 1 << ": "
             << toString(V.takeError()) << '\n';
      return ExitUsage;
    }
    In.push_back(*V);
  }
  if ((Code = Call(Export.of.func, In, Results, Type.num_results)) !=
      WASMAOT_TRAP_NONE)
    return Code == WASMAOT_TRAP_EXIT ? Wasi.exitCode() : ExitTrap;
  for (size_t I = 0; I < Results.size(); ++I)
    outs() << formatValue(Results[I], Type.results[I]) << '\n';
  return ExitSuccess;
}

int runReadCommand(StringRef Path, bool PrintSummary) {
  std::optional<wasmaot::Module> M;
  ReadOptions Options;
  if (int Exit = readOrReport(Path, M, Options))
    return Exit;
  if (PrintSummary)
    printSummary(outs(), Path, *M);
  return ExitSuccess;
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM X(argc, argv);
  cl::SetVersionPrinter(printVersion);
  cl::HideUnrelatedOptions(Category);
  if (!cl::ParseCommandLineOptions(
          argc, argv,
          "wasm-aot: an ahead-of-time compiler from WebAssembly to native "
          "code\n\n"
          "  wasm-aot compile [-O0..-O3] module.wasm -o module.wasmaot\n"
          "  wasm-aot run [-O0..-O3] [--dir HOST[::GUEST]]... [--env K=V]... "
          "module.wasm|.wasmaot [ARGS...]\n"
          "  wasm-aot run [-O0..-O3] --invoke NAME module.wasm|.wasmaot "
          "[ARGS...]\n"
          "  wasm-aot validate [--features=LIST] module.wasm\n"
          "  wasm-aot inspect module.wasm|module.wasmaot\n"
          "  wasm-aot cache stats|prune|clear [--cache-dir=DIR]\n",
          &errs()))
    return ExitUsage;

  if (ValidateCmd)
    return runReadCommand(ValidateInput, /*PrintSummary=*/false);
  if (InspectCmd && isArtifactFile(InspectInput))
    return inspectArtifact(InspectInput, outs(), formatFuncType);
  if (InspectCmd)
    return runReadCommand(InspectInput, /*PrintSummary=*/true);
  if (CacheCmd)
    return runCacheCommand(CacheAction, CacheDirOpt, CacheMaxSizeOpt);
  if (EmitLLVMCmd)
    return runEmitLLVM(EmitLLVMInput);
  if (CompileCmd)
    return runCompile(CompileInput);
  if (RunCmd)
    return runModule(RunInput);

  errs() << "wasm-aot: no command given; see 'wasm-aot --help'\n";
  return ExitUsage;
}
