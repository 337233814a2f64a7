//===- Compile.cpp - Module(s) to shared library, start to finish ---------===//

#include "wasmaot/CodeGen/CodeGen.h"
#include "wasmaot/CodeGen/Linker.h"
#include "wasmaot/Support/Threads.h"

#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/MemoryBufferRef.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

#include <algorithm>
#include <atomic>
#include <chrono>

using namespace llvm;

namespace wasmaot {

ModulePartition::ModulePartition() = default;
ModulePartition::ModulePartition(ModulePartition &&) = default;
// By hand: the old module must go before the context it lives in, and the
// default would assign (so free) the context first.
ModulePartition &ModulePartition::operator=(ModulePartition &&Other) {
  M.reset();
  Context = std::move(Other.Context);
  M = std::move(Other.M);
  Object = std::move(Other.Object);
  Name = std::move(Other.Name);
  return *this;
}
ModulePartition::~ModulePartition() = default; // M first: declared last

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point Start) {
  return std::chrono::duration<double>(Clock::now() - Start).count();
}

/// compileToObject, timed.
struct TimedObject {
  SmallVector<char, 0> Bytes;
  double OptimizeSeconds = 0;
  double EmitSeconds = 0;
  unsigned FastISelFallbacks = 0;
  uint64_t IRInstructions = 0;
};

} // namespace

/// What LLVM offers only as a process-wide command-line option, set for the
/// compile about to start (and again for every compile: lld resets all
/// options when it links). At 1, no loop strength reduction: it was a third
/// of code generation's time on translated code (the 38 KB workload: 0.25 s
/// with it, 0.17 s without; the 10 MB bench module: 149 s, 108 s) and the
/// bench suite ran no slower without it at that level. Compiles of different
/// levels running at once in one process may see each other's setting,
/// which changes the code's speed, not its meaning.
static void setProcessWideOptions(const CodeGenOptions &Opts) {
  static cl::Option *DisableLSR =
      cl::getRegisteredOptions().lookup("disable-lsr");
  if (DisableLSR)
    DisableLSR->addOccurrence(0, "disable-lsr",
                              Opts.OptLevel == 1 ? "true" : "false");
}

static Error verify(Module &M) {
  std::string Problems;
  raw_string_ostream OS(Problems);
  if (verifyModule(M, &OS))
    return createStringError("module '%s' is not valid IR:\n%s",
                             M.getModuleIdentifier().c_str(),
                             StringRef(Problems).rtrim().str().c_str());
  return Error::success();
}

static Expected<TimedObject> compileTimed(Module &M, TargetMachine &TM,
                                          const CodeGenOptions &Opts) {
  TimedObject Result;
  auto Start = Clock::now();
  if (Error E = prepareModule(M, TM, Opts))
    return std::move(E);
  if (Opts.VerifyModule)
    if (Error E = verify(M))
      return std::move(E);
  if (Opts.OnPhase)
    Opts.OnPhase("optimising");
  if (Error E = optimizeModule(M, TM, Opts.OptLevel,
                                Opts.MaxOptimizedFunctionSize))
    return std::move(E);
  Result.OptimizeSeconds = secondsSince(Start);

  Start = Clock::now();
  if (Opts.OnPhase)
    Opts.OnPhase("generating code");
  for (const Function &F : M)
    Result.IRInstructions += F.getInstructionCount();
  Expected<SmallVector<char, 0>> Obj =
      emitObject(M, TM,
                 Opts.CountFastISelFallbacks ? &Result.FastISelFallbacks
                                             : nullptr);
  if (!Obj)
    return Obj.takeError();
  Result.Bytes = std::move(*Obj);
  Result.EmitSeconds = secondsSince(Start);
  return std::move(Result);
}

Expected<SmallVector<char, 0>> compileToObject(Module &M, TargetMachine &TM,
                                               const CodeGenOptions &Opts) {
  setProcessWideOptions(Opts);
  Expected<TimedObject> Obj = compileTimed(M, TM, Opts);
  if (!Obj)
    return Obj.takeError();
  return std::move(Obj->Bytes);
}

static unsigned resolveThreads(unsigned Threads) {
  return Threads ? Threads
                 : llvm::hardware_concurrency().compute_thread_count();
}

/// Links Objects (named after their modules) and fills in the link part of
/// Stats.
static Error link(ArrayRef<SmallVector<char, 0>> Objects,
                  ArrayRef<std::string> Names, const CodeGenOptions &Opts,
                  StringRef OutputPath, CompileStats &Stats) {
  std::vector<MemoryBufferRef> Buffers;
  for (size_t I = 0; I != Objects.size(); ++I) {
    Buffers.emplace_back(StringRef(Objects[I].data(), Objects[I].size()),
                         Names[I]);
    Stats.ObjectBytes += Objects[I].size();
  }
  if (Opts.OnPhase)
    Opts.OnPhase("linking");
  LinkOptions LO;
  LO.Threads = resolveThreads(Opts.Threads);
  auto Start = Clock::now();
  Error E = linkSharedLibrary(Buffers, OutputPath, LO);
  Stats.LinkSeconds = secondsSince(Start);
  return E;
}

Expected<CompileStats> compileToSharedLibrary(std::unique_ptr<Module> M,
                                              const CodeGenOptions &Opts,
                                              StringRef OutputPath) {
  if (!M)
    return createStringError("no module to compile");
  setProcessWideOptions(Opts);
  Expected<std::unique_ptr<TargetMachine>> TM = createTargetMachine(Opts);
  if (!TM)
    return TM.takeError();

  CompileStats Stats;
  Stats.Partitions = 1;
  auto Start = Clock::now();
  Expected<TimedObject> Obj = compileTimed(*M, **TM, Opts);
  if (!Obj)
    return Obj.takeError();
  Stats.OptimizeSeconds = Obj->OptimizeSeconds;
  Stats.EmitSeconds = Obj->EmitSeconds;
  Stats.FastISelFallbacks = Obj->FastISelFallbacks;
  Stats.IRInstructions = Obj->IRInstructions;
  Stats.CompileWallSeconds = secondsSince(Start);

  std::string Name = M->getModuleIdentifier();
  M.reset(); // the IR is no longer needed while linking
  if (Error E = link(Obj->Bytes, Name, Opts, OutputPath, Stats))
    return std::move(E);
  return Stats;
}

Expected<CompileStats>
compileToSharedLibrary(std::vector<ModulePartition> Partitions,
                       const CodeGenOptions &Opts, StringRef OutputPath) {
  for (const ModulePartition &P : Partitions)
    if (!P.Context || !P.M || &P.M->getContext() != P.Context.get())
      return createStringError(
          "each partition needs its own context with its module in it");
  return compileToSharedLibrary(
      Partitions.size(),
      [&](size_t I) -> Expected<ModulePartition> {
        return std::move(Partitions[I]);
      },
      Opts, OutputPath);
}

Expected<CompileStats>
compileToSharedLibrary(size_t NumPartitions, const PartitionMaker &Make,
                       const CodeGenOptions &Opts, StringRef OutputPath,
                       const PartitionCompiled &Compiled) {
  const size_t N = NumPartitions;
  if (N == 0)
    return createStringError("no module to compile");
  setProcessWideOptions(Opts);

  std::vector<SmallVector<char, 0>> Objects(N);
  std::vector<std::string> Names(N);
  std::vector<Error> Errors;
  for (size_t I = 0; I != N; ++I)
    Errors.push_back(Error::success());
  std::vector<double> OptSeconds(N), EmitSeconds(N);
  std::atomic<size_t> Done{0};
  std::atomic<unsigned> Reused{0};
  std::atomic<uint64_t> Fallbacks{0}, Instructions{0};

  // Workers take partitions in order; each has its own TargetMachine, made
  // on its thread (code generation mutates it).
  std::atomic<size_t> Next{0};
  auto Work = [&] {
    std::unique_ptr<TargetMachine> TM;
    for (size_t I; (I = Next.fetch_add(1)) < N;) {
      Expected<ModulePartition> Made = Make(I);
      if (!Made) {
        Errors[I] = Made.takeError();
        continue;
      }
      ModulePartition P = std::move(*Made);
      if (!P.M) { // compiled before: link it as it is
        Names[I] = P.Name;
        Objects[I].assign(P.Object.begin(), P.Object.end());
        ++Reused;
        continue;
      }
      Names[I] = P.M->getModuleIdentifier();
      if (!TM) {
        Expected<std::unique_ptr<TargetMachine>> Machine =
            createTargetMachine(Opts);
        if (!Machine) {
          Errors[I] = Machine.takeError();
          continue;
        }
        TM = std::move(*Machine);
      }
      // Phases are per partition here: report the share done instead.
      CodeGenOptions Quiet = Opts;
      Quiet.OnPhase = nullptr;
      Expected<TimedObject> Obj = compileTimed(*P.M, *TM, Quiet);
      if (!Obj) {
        Errors[I] = Obj.takeError();
        continue;
      }
      Objects[I] = std::move(Obj->Bytes);
      if (Compiled)
        Compiled(I, StringRef(Objects[I].data(), Objects[I].size()));
      OptSeconds[I] = Obj->OptimizeSeconds;
      EmitSeconds[I] = Obj->EmitSeconds;
      Fallbacks += Obj->FastISelFallbacks;
      Instructions += Obj->IRInstructions;
      size_t Finished = ++Done;
      if (Opts.OnPhase)
        Opts.OnPhase("compiled " + std::to_string(Finished) + " of " +
                     std::to_string(N) + " partitions");
    }
  };

  CompileStats Stats;
  Stats.Partitions = N;
  auto Start = Clock::now();
  unsigned Threads = std::min<size_t>(resolveThreads(Opts.Threads), N);
  runOnThreads(Threads, Work);
  Stats.CompileWallSeconds = secondsSince(Start);
  Stats.ReusedPartitions = Reused;
  Stats.FastISelFallbacks = Fallbacks;
  Stats.IRInstructions = Instructions;

  Error All = Error::success();
  for (Error &E : Errors)
    All = joinErrors(std::move(All), std::move(E));
  if (All)
    return std::move(All);
  for (size_t I = 0; I != N; ++I) {
    Stats.OptimizeSeconds += OptSeconds[I];
    Stats.EmitSeconds += EmitSeconds[I];
  }
  if (Error E = link(Objects, Names, Opts, OutputPath, Stats))
    return std::move(E);
  return Stats;
}

} // namespace wasmaot
