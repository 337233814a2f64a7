//===- CachedCompile.cpp - wasm-aot's artifacts and cache -----------------===//

#include "CachedCompile.h"
#include "CompileProgress.h"
#include "PartitionCache.h"

#include "wasmaot/Cache/Artifact.h"
#include "wasmaot/Cache/Cache.h"
#include "wasmaot/Cache/RunIndex.h"
#include "wasmaot/CodeGen/CodeGen.h"
#include "wasmaot/Translate/FixedTables.h"
#include "wasmaot/Wasm/Error.h"
#include "wasmaot/Wasm/Features.h"
#include "wasmaot/artifact.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/Path.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Target/TargetMachine.h"

#include <atomic>
#include <chrono>
#include <optional>

using namespace llvm;

namespace wasmaot {

namespace {

enum ExitCode { ExitSuccess = 0, ExitBadModule = 1, ExitUsage = 2 };

using Clock = std::chrono::steady_clock;

/// What --print-times reports: the back end's phases, and the tool's own
/// around them.
struct BuildStats {
  CompileStats CG;
  double ReadSeconds = 0;      ///< Decoding and validating.
  double TranslateSeconds = 0; ///< Summed over partitions.
  double CompressSeconds = 0;  ///< The artifact's zstd compression.
};

double secondsSince(Clock::time_point Start) {
  return std::chrono::duration<double>(Clock::now() - Start).count();
}

double millisecondsSince(Clock::time_point Start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - Start)
      .count();
}

void warn(const Twine &Message) {
  WithColor::warning(errs(), "wasm-aot") << Message << '\n';
}

/// A runtime error message as an llvm::Error (freed).
Error runtimeError(char *Message) {
  Error E = createStringError("%s", Message ? Message : "out of memory");
  wasmaot_error_free(Message);
  return E;
}

/// The limit of --cache-max-size (the default if empty).
Expected<uint64_t> cacheLimit(StringRef MaxSize) {
  return MaxSize.empty() ? ArtifactCache::DefaultMaxBytes : parseSize(MaxSize);
}

/// The cache Opts ask for: none with --no-cache, and none (with a warning)
/// if it cannot be created; compiling goes on either way.
std::optional<ArtifactCache> openCache(const BuildOptions &Opts,
                                       uint64_t MaxBytes) {
  if (Opts.NoCache)
    return std::nullopt;
  std::string Dir = findCacheDirectory(Opts.CacheDir);
  if (Dir.empty()) {
    warn("no cache directory (no HOME; set --cache-dir or "
         "WASM_AOT_CACHE_DIR): compiling without the cache");
    return std::nullopt;
  }
  ArtifactCache Cache(Dir, MaxBytes);
  if (Error E = Cache.create()) {
    warn(toString(std::move(E)) + "; compiling without the cache");
    return std::nullopt;
  }
  return Cache;
}

/// This compiler build (RunIndex.h).
std::string compilerBuild() {
  return compilerBuildId(WASMAOT_VERSION,
                         sys::fs::getMainExecutable(nullptr, nullptr));
}

/// Whether the launcher can find this build's artifact through the run
/// index: it sees only the level, so every other option that changes the
/// code or the target must be its default.
bool usesRunIndex(const BuildOptions &Opts) {
  const CodeGenOptions &CG = Opts.CG, Defaults;
  return Opts.WasmFeatures.empty() &&
         Opts.UnusedLoads == UnusedLoadPolicy::KeepAll &&
         Opts.PartitionBytes == BuildOptions().PartitionBytes &&
         CG.MaxOptimizedFunctionSize == Defaults.MaxOptimizedFunctionSize &&
         CG.TargetTriple.empty() && CG.CPU.empty() && CG.Features.empty() &&
         CG.FramePointers == Defaults.FramePointers;
}

/// Points the run index at Key's entry, the artifact of the module of hash
/// Module, if the launcher could use it (usesRunIndex) and it does not
/// already.
void recordRunIndex(const ArtifactCache &Cache, const BuildOptions &Opts,
                    const ModuleHash &Module, StringRef Key) {
  if (!usesRunIndex(Opts))
    return;
  std::string IndexKey =
      runIndexKey(Module, Opts.CG.OptLevel, compilerBuild());
  if (readRunIndex(Cache.directory(), IndexKey) != Key.str())
    (void)writeRunIndex(Cache.directory(), IndexKey, Key);
}

/// Everything but the module that the code depends on: the compiler, LLVM,
/// the ABI and artifact format, the target (triple, CPU, features), the
/// level, the Wasm features and the options that change the code.
std::string buildKey(const BuildOptions &Opts, uint32_t WasmFeatures,
                     const TargetMachine &TM) {
  const CodeGenOptions &CG = Opts.CG;
  CacheKey Key;
  Key.add(StringRef(compilerBuild()))
      .add(StringRef(LLVM_VERSION_STRING))
      .add(uint64_t(WASMAOT_ABI_VERSION))
      .add(uint64_t(WASMAOT_ARTIFACT_FORMAT_VERSION))
      .add(StringRef(describeTarget(TM)))
      .add(uint64_t(CG.OptLevel))
      .add(uint64_t(CG.OptLevel >= 1 ? CG.MaxOptimizedFunctionSize : 0))
      .add(uint64_t(WasmFeatures))
      .add(uint64_t(CG.FramePointers))
      .add(uint64_t(Opts.UnusedLoads))
      .add(Opts.PartitionBytes);
  return Key.hex();
}

/// An artifact's key: the module (by its BLAKE3) and the build.
std::string cacheKey(const ModuleHash &Wasm, StringRef BuildKey) {
  CacheKey Key;
  Key.add(ArrayRef<uint8_t>(Wasm)).add(BuildKey);
  return Key.hex();
}

/// A cache entry fit to use: a whole artifact of Module. (Whether the host
/// can run it is for the loader: the key covers the target.)
Error checkEntry(StringRef Bytes, const ModuleHash &Module) {
  wasmaot_artifact_info Info;
  char *Message = nullptr;
  if (wasmaot_artifact_verify(Bytes.data(), Bytes.size(), &Info, &Message))
    return runtimeError(Message);
  if (!std::equal(Module.begin(), Module.end(), Info.module_hash))
    return createStringError("it was compiled from another module");
  return Error::success();
}

/// Compile (to the path it is given), with the library read back into
/// memory.
Expected<std::string>
compileLibrary(function_ref<Expected<CompileStats>(StringRef Path)> Compile,
               CompileStats &Stats) {
  SmallString<128> Temp;
  if (std::error_code EC = sys::fs::createTemporaryFile("wasm-aot", "so", Temp))
    return createStringError(EC, "cannot create a temporary file: %s",
                             EC.message().c_str());
  FileRemover Remove(Temp);
  Expected<CompileStats> Done = Compile(Temp);
  if (!Done)
    return Done.takeError();
  Stats = *Done;
  ErrorOr<std::unique_ptr<MemoryBuffer>> Library = MemoryBuffer::getFile(
      Temp, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!Library)
    return createStringError(Library.getError(), "cannot read '%s': %s",
                             Temp.c_str(),
                             Library.getError().message().c_str());
  return (*Library)->getBuffer().str();
}

/// Compiling needs no names of instructions and arguments ("addr", "slot"):
/// without them no pass keeps a symbol table of them, uniquing, looking up
/// and removing names (as clang drops them, unless asked to keep them).
/// emit-llvm keeps them, for people to read.
void discardValueNames(LLVMContext &Context) {
  Context.setDiscardValueNames(true);
}

/// The library of a read module: translated whole, or, past PartitionBytes
/// of code, in partitions translated and compiled on several threads.
Expected<std::string> translateAndCompile(const Module &M,
                                          const TranslateOptions &TOpts,
                                          const CodeGenOptions &CG,
                                          uint64_t PartitionBytes,
                                          PartitionCache *Reuse,
                                          BuildStats &Stats) {
  std::vector<Partition> Parts = partitionFunctions(M, PartitionBytes);
  if (Parts.empty()) {
    LLVMContext Context;
    discardValueNames(Context);
    auto Start = Clock::now();
    Expected<std::unique_ptr<llvm::Module>> IR =
        translateModule(M, Context, TOpts);
    Stats.TranslateSeconds = secondsSince(Start);
    if (!IR)
      return IR.takeError();
    return compileLibrary(
        [&](StringRef Path) {
          return compileToSharedLibrary(std::move(*IR), CG, Path);
        },
        Stats.CG);
  }
  // Found once for all the parts (it decodes every body).
  TranslateOptions PartOptions = TOpts;
  PartOptions.Tables = findFixedTables(M, TOpts.Features);
  // The function partitions' keys (the module part is small and always
  // made again: it holds the descriptor, which changes with any function).
  std::vector<std::string> Keys(Parts.size());
  if (Reuse) {
    Reuse->startModule(M, PartOptions.Tables->hashForFunctions());
    for (size_t I = 0; I < Parts.size(); ++I)
      if (!Parts[I].ModulePart)
        Keys[I] = Reuse->key(Parts[I]);
  }
  std::atomic<double> TranslateSeconds{0}; // on the compiling threads
  auto Make = [&](size_t I) -> Expected<ModulePartition> {
    ModulePartition P;
    if (!Keys[I].empty())
      if (std::optional<std::vector<std::string>> Objects =
              Reuse->lookup(Keys[I])) {
        P.Objects = std::move(*Objects);
        P.Name = TOpts.ModuleName + "#" + std::to_string(Parts[I].Begin);
        return std::move(P);
      }
    P.Context = std::make_unique<LLVMContext>();
    discardValueNames(*P.Context);
    auto Start = Clock::now();
    Expected<std::unique_ptr<llvm::Module>> IR =
        translatePartition(M, *P.Context, PartOptions, Parts[I]);
    TranslateSeconds += secondsSince(Start);
    if (!IR)
      return IR.takeError();
    P.M = std::move(*IR);
    return std::move(P);
  };
  auto Compiled = [&](size_t I, ArrayRef<StringRef> Objects) {
    if (!Keys[I].empty())
      Reuse->store(Keys[I], Objects);
  };
  Expected<std::string> Library = compileLibrary(
      [&](StringRef Path) {
        return compileToSharedLibrary(Parts.size(), Make, CG, Path, Compiled);
      },
      Stats.CG);
  Stats.TranslateSeconds = TranslateSeconds;
  return Library;
}

/// Read, then translateAndCompile; reports errors, returns the exit code.
int readAndCompile(StringRef Path, const BuildOptions &Opts, ReadFn Read,
                   std::string &Library, BuildStats &Stats,
                   PartitionCache *Reuse = nullptr) {
  CompileProgress Progress(sys::path::filename(Path));
  Progress.setPhase("translating");
  std::optional<Module> M;
  TranslateOptions TOpts;
  auto Start = Clock::now();
  if (int Exit = Read(M, TOpts))
    return Exit;
  TOpts.LocalsInMemory = Opts.CG.OptLevel == 0;
  Stats.ReadSeconds = secondsSince(Start);
  CodeGenOptions CG = Opts.CG;
  CG.OnPhase = [&](StringRef Phase) { Progress.setPhase(Phase); };
  Expected<std::string> Bytes =
      translateAndCompile(*M, TOpts, CG, Opts.PartitionBytes, Reuse, Stats);
  if (!Bytes) {
    reportError(errs(), Path, Bytes.takeError());
    return ExitBadModule;
  }
  Library = std::move(*Bytes);
  return ExitSuccess;
}

void printCompileTimes(raw_ostream &OS, const BuildStats &Build,
                       size_t Library, size_t Artifact) {
  const CompileStats &Stats = Build.CG;
  OS << format("optimise %.3fs, emit %.3fs, link %.3fs, object %llu bytes, "
               "library %zu bytes, artifact %zu bytes\n",
               Stats.OptimizeSeconds, Stats.EmitSeconds, Stats.LinkSeconds,
               (unsigned long long)Stats.ObjectBytes, Library, Artifact);
  // On a line of its own: scripts read the line above.
  OS << format("read %.3fs, translate %.3fs, compress %.3fs\n",
               Build.ReadSeconds, Build.TranslateSeconds,
               Build.CompressSeconds);
  if (Stats.FastCodeGenFunctions)
    OS << Stats.FastCodeGenFunctions
       << " functions over the size limit generated fast (-O0 code "
          "generator)\n";
  if (Stats.FastISelFallbacks)
    OS << format("fastisel: %llu of %llu IR instructions fell back to "
                 "SelectionDAG (%.2f%%)\n",
                 (unsigned long long)Stats.FastISelFallbacks,
                 (unsigned long long)Stats.IRInstructions,
                 100.0 * Stats.FastISelFallbacks /
                     std::max<uint64_t>(Stats.IRInstructions, 1));
}

/// The module's bytes, the target machine and the cache key's inputs.
struct Prepared {
  std::unique_ptr<MemoryBuffer> Wasm;
  std::unique_ptr<TargetMachine> TM;
  uint32_t WasmFeatures = 0;
};

int prepare(StringRef Path, const BuildOptions &Opts, Prepared &P) {
  P.WasmFeatures = FeatureSet::defaults().bits();
  if (!Opts.WasmFeatures.empty()) {
    Expected<FeatureSet> Features = FeatureSet::parse(Opts.WasmFeatures);
    if (!Features) {
      reportError(errs(), "wasm-aot", Features.takeError());
      return ExitUsage;
    }
    P.WasmFeatures = Features->bits();
  }
  ErrorOr<std::unique_ptr<MemoryBuffer>> Wasm = MemoryBuffer::getFileOrSTDIN(
      Path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!Wasm) {
    reportError(errs(), Path,
                createStringError(Wasm.getError(), "cannot read: %s",
                                  Wasm.getError().message().c_str()));
    return ExitBadModule;
  }
  P.Wasm = std::move(*Wasm);
  Expected<std::unique_ptr<TargetMachine>> TM = createTargetMachine(Opts.CG);
  if (!TM) {
    reportError(errs(), Path, TM.takeError());
    return ExitUsage;
  }
  P.TM = std::move(*TM);
  return ExitSuccess;
}

} // namespace

int buildArtifact(StringRef Path, const BuildOptions &Opts,
                  ReadFn Read,
                  std::unique_ptr<MemoryBuffer> &Artifact) {
  auto Start = Clock::now();
  Expected<uint64_t> Limit = cacheLimit(Opts.CacheMaxSize);
  if (!Limit) {
    reportError(errs(), "wasm-aot", Limit.takeError());
    return ExitUsage;
  }
  Prepared P;
  if (int Exit = prepare(Path, Opts, P))
    return Exit;
  ArrayRef<uint8_t> Wasm = arrayRefFromStringRef(P.Wasm->getBuffer());
  ModuleHash Hash = hashModule(Wasm);

  std::optional<ArtifactCache> Cache = openCache(Opts, *Limit);
  std::string Key;
  if (Cache) {
    Key = cacheKey(Hash, buildKey(Opts, P.WasmFeatures, *P.TM));
    std::string Entry = Cache->entryPath(Key);
    Expected<std::unique_ptr<MemoryBuffer>> Found = Cache->lookup(Key);
    if (!Found) {
      warn(toString(Found.takeError()) + "; recompiling");
    } else if (*Found) {
      if (Error E = checkEntry((*Found)->getBuffer(), Hash)) {
        warn("corrupted cache entry '" + Entry + "' (" +
             toString(std::move(E)) + "): removed; recompiling");
        if (Error R = Cache->remove(Key))
          warn(toString(std::move(R)));
      } else {
        if (Opts.Verbose)
          errs() << "wasm-aot: cache hit: " << Entry << '\n';
        if (Opts.PrintTimes)
          errs() << format("cache hit after %.3f ms\n",
                           millisecondsSince(Start));
        Artifact = std::move(*Found);
        recordRunIndex(*Cache, Opts, Hash, Key);
        return ExitSuccess;
      }
    }
    if (Opts.Verbose)
      errs() << "wasm-aot: cache miss: compiling into " << Entry << '\n';
  }

  BuildStats Stats;
  std::string Library;
  std::optional<PartitionCache> Partitions;
  if (Cache)
    Partitions.emplace(*Cache, buildKey(Opts, P.WasmFeatures, *P.TM));
  if (int Exit = readAndCompile(Path, Opts, Read, Library, Stats,
                                Partitions ? &*Partitions : nullptr))
    return Exit;
  if (Opts.Verbose && Stats.CG.Partitions > 1)
    errs() << "wasm-aot: " << Stats.CG.Partitions << " partitions, "
           << Stats.CG.ReusedPartitions << " reused from the cache\n";
  ArtifactDescription Desc = describeArtifact(*P.TM, Opts.CG.OptLevel, Wasm);
  auto CompressStart = Clock::now();
  Expected<std::string> Bytes = encodeArtifact(Desc, Library);
  Stats.CompressSeconds = secondsSince(CompressStart);
  if (!Bytes) {
    reportError(errs(), Path, Bytes.takeError());
    return ExitBadModule;
  }
  if (Opts.PrintTimes)
    printCompileTimes(errs(), Stats, Library.size(), Bytes->size());
  if (Cache) {
    if (Error E = Cache->store(Key, *Bytes))
      warn(toString(std::move(E)) + "; the artifact is not cached");
    else
      recordRunIndex(*Cache, Opts, Hash, Key);
  }
  Artifact = MemoryBuffer::getMemBufferCopy(*Bytes, Path);
  return ExitSuccess;
}

int compileToFile(StringRef Path, StringRef Output, bool SharedLibrary,
                  const BuildOptions &Opts, ReadFn Read) {
  std::string Bytes;
  if (SharedLibrary) {
    // The plain library, as before artifacts (tests, other loaders): no
    // cache.
    BuildStats Stats;
    if (int Exit = readAndCompile(Path, Opts, Read, Bytes, Stats))
      return Exit;
    if (Opts.PrintTimes)
      printCompileTimes(errs(), Stats, Bytes.size(), 0);
  } else {
    std::unique_ptr<MemoryBuffer> Artifact;
    if (int Exit = buildArtifact(Path, Opts, Read, Artifact))
      return Exit;
    Bytes = Artifact->getBuffer().str();
  }
  // Its own file, never a link into the cache: written to a temporary file
  // beside Output and renamed.
  if (Error E = writeToOutput(Output, [&](raw_ostream &OS) {
        OS << Bytes;
        return Error::success();
      })) {
    errs() << "wasm-aot: cannot write '" << Output
           << "': " << toString(std::move(E)) << '\n';
    return ExitUsage;
  }
  return ExitSuccess;
}

bool isArtifactFile(StringRef Path) {
  char Head[16];
  int FD;
  if (sys::fs::openFileForRead(Path, FD))
    return false;
  Expected<size_t> Read =
      sys::fs::readNativeFile(FD, MutableArrayRef<char>(Head, sizeof Head));
  sys::fs::closeFile(FD);
  if (!Read) {
    consumeError(Read.takeError());
    return false;
  }
  return wasmaot_artifact_sniff(Head, *Read);
}

int loadModuleForRun(StringRef Path, const BuildOptions &Opts,
                     ReadFn Read, wasmaot_module *&Module) {
  char *Message = nullptr;
  auto Start = Clock::now();
  if (isArtifactFile(Path)) {
    Module = wasmaot_module_load_artifact(Path.str().c_str(), &Message);
  } else {
    std::unique_ptr<MemoryBuffer> Artifact;
    if (int Exit = buildArtifact(Path, Opts, Read, Artifact))
      return Exit;
    Start = Clock::now();
    Module = wasmaot_module_load_artifact_from_memory(
        Artifact->getBufferStart(), Artifact->getBufferSize(), &Message);
  }
  if (!Module) {
    // The runtime's message names what it loaded: Path, or the memory.
    StringRef Text = Message ? Message : "cannot load";
    if (!Text.consume_front((Path + ": ").str()))
      Text.consume_front("artifact in memory: ");
    errs() << Path << ": error: " << Text << '\n';
    wasmaot_error_free(Message);
    return ExitBadModule;
  }
  if (Opts.PrintTimes)
    errs() << format("load %.3f ms\n", millisecondsSince(Start));
  return ExitSuccess;
}

static std::string hexString(const uint8_t *Bytes, size_t Size) {
  return toHex(ArrayRef<uint8_t>(Bytes, Size), /*LowerCase=*/true);
}

static StringRef str(const wasmaot_artifact_string &S) {
  return StringRef(S.data, S.size);
}

/// A function type of the runtime's as the front end's.
static FuncType toFuncType(const wasmaot_func_type &T) {
  FuncType F;
  for (uint32_t I = 0; I < T.num_params; ++I)
    F.Params.push_back(ValType(T.params[I]));
  for (uint32_t I = 0; I < T.num_results; ++I)
    F.Results.push_back(ValType(T.results[I]));
  return F;
}

/// "  kind name type" (the type for functions only), as the summary of a
/// .wasm prints imports and exports.
static void printExtern(raw_ostream &OS, StringRef Name,
                        const wasmaot_extern_type &T,
                        function_ref<std::string(const FuncType &)> Format) {
  OS << "  " << getExternKindName(ExternKind(T.kind)) << ' ' << Name;
  if (T.kind == WASMAOT_EXTERN_FUNC)
    OS << ' ' << Format(toFuncType(T.of.func));
  OS << '\n';
}

int inspectArtifact(StringRef Path, raw_ostream &OS,
                    function_ref<std::string(const FuncType &)> FormatType) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> File = MemoryBuffer::getFile(
      Path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!File) {
    errs() << Path << ": error: cannot read: " << File.getError().message()
           << '\n';
    return ExitBadModule;
  }
  StringRef Bytes = (*File)->getBuffer();
  wasmaot_artifact_info Info;
  char *Message = nullptr;
  if (wasmaot_artifact_verify(Bytes.data(), Bytes.size(), &Info, &Message)) {
    errs() << Path << ": error: " << (Message ? Message : "?") << '\n';
    wasmaot_error_free(Message);
    return ExitBadModule;
  }
  OS << "artifact: " << Path << '\n'
     << "format version: " << Info.format_version << '\n'
     << "ABI version: " << Info.abi_version << '\n'
     << "compiler: wasm-aot " << str(Info.compiler_version) << " (LLVM "
     << str(Info.llvm_version) << ")\n"
     << "target: " << str(Info.triple) << ", CPU " << str(Info.cpu) << '\n'
     << "features: " << str(Info.features) << '\n'
     << "opt level: " << Info.opt_level << '\n'
     << "module BLAKE3: "
     << hexString(Info.module_hash, sizeof Info.module_hash) << '\n'
     << "payload: " << Info.payload_size << " bytes (zstd, CRC-32 "
     << format_hex_no_prefix(Info.payload_crc32, 8) << "), library "
     << Info.library_size << " bytes\n";
  // Imports and exports are in the library's descriptor: only a host that
  // can load it can list them. Another target's artifact is no error.
  if (wasmaot_artifact_check_host(&Info, &Message)) {
    OS << "imports, exports: not available here (" << Message << ")\n";
    wasmaot_error_free(Message);
    return ExitSuccess;
  }
  wasmaot_module *M = wasmaot_module_load_artifact_from_memory(
      Bytes.data(), Bytes.size(), &Message);
  if (!M) {
    errs() << Path << ": error: " << (Message ? Message : "?") << '\n';
    wasmaot_error_free(Message);
    return ExitBadModule;
  }
  size_t NumImports = wasmaot_module_num_imports(M);
  OS << "imports: " << NumImports << '\n';
  for (size_t I = 0; I < NumImports; ++I) {
    wasmaot_import_info Imp;
    wasmaot_module_import(M, I, &Imp);
    std::string Name = (StringRef(Imp.module, Imp.module_len) + "." +
                        StringRef(Imp.name, Imp.name_len))
                           .str();
    printExtern(OS, Name, Imp.type, FormatType);
  }
  size_t NumExports = wasmaot_module_num_exports(M);
  OS << "exports: " << NumExports << '\n';
  for (size_t I = 0; I < NumExports; ++I) {
    wasmaot_export_info Exp;
    wasmaot_module_export(M, I, &Exp);
    printExtern(OS, StringRef(Exp.name, Exp.name_len), Exp.type, FormatType);
  }
  wasmaot_module_release(M);
  return ExitSuccess;
}

int runCacheCommand(StringRef Action, StringRef CacheDir, StringRef MaxSize) {
  Expected<uint64_t> Limit = cacheLimit(MaxSize);
  if (!Limit) {
    reportError(errs(), "wasm-aot", Limit.takeError());
    return ExitUsage;
  }
  std::string Dir = findCacheDirectory(CacheDir);
  if (Dir.empty()) {
    errs() << "wasm-aot: no cache directory: set --cache-dir or "
              "WASM_AOT_CACHE_DIR\n";
    return ExitUsage;
  }
  ArtifactCache Cache(Dir, *Limit);
  Error E = Error::success();
  if (Action == "stats") {
    Expected<CacheStats> S = Cache.stats();
    if (S)
      outs() << "directory: " << Dir << '\n'
             << "entries: " << S->Entries << '\n'
             << "run index files: " << S->RunIndexFiles << '\n'
             << "size: " << S->Bytes << " bytes\n"
             << "limit: " << *Limit << " bytes\n"
             << "temporary files: " << S->TempFiles << '\n';
    else
      E = S.takeError();
  } else if (Action == "prune") {
    E = Cache.prune();
  } else if (Action == "clear") {
    E = Cache.clear();
  } else {
    consumeError(std::move(E));
    errs() << "wasm-aot: cache: unknown action '" << Action
           << "' (stats, prune or clear)\n";
    return ExitUsage;
  }
  if (E) {
    errs() << "wasm-aot: " << toString(std::move(E)) << '\n';
    return ExitBadModule;
  }
  return ExitSuccess;
}

} // namespace wasmaot
