//===- Pipeline.cpp - The IR optimisation pipeline of each level ----------===//

#include "wasmaot/CodeGen/CodeGen.h"

#include "DiagnosticCapture.h"
#include "ExplicitTraps.h"
#include "FastISelForms.h"
#include "Freestanding.h"
#include "ReleaseLoadSinks.h"
#include "ThreadPointerLoads.h"
#include "WidenCanonicalize.h"

#include "wasmaot/CodeGen/VectorizeHint.h"
#include "llvm/Analysis/CGSCCPassManager.h"
#include "llvm/Analysis/LoopAnalysisManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Passes/OptimizationLevel.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/StandardInstrumentations.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Transforms/Scalar/EarlyCSE.h"
#include "llvm/Transforms/Scalar/InstSimplifyPass.h"
#include "llvm/Transforms/Scalar/SimplifyCFG.h"
#include "llvm/Transforms/Utils/Mem2Reg.h"
#include "llvm/Transforms/Vectorize/LoopVectorize.h"

using namespace llvm;

namespace wasmaot {

/// Library-call knowledge, all off: generated code runs without libc, so no
/// pass may create a call to memcpy, sqrt or the like, nor reason about
/// functions by their libc names. ("no-builtins" on each function does the
/// same per function; this covers functions without it.)
TargetLibraryInfoImpl makeFreestandingTLII(const Triple &TT) {
  TargetLibraryInfoImpl TLII(TT);
  TLII.disableAllFunctions();
  return TLII;
}

/// O1: what cleans up a translator's output for little time. mem2reg
/// promotes what scalar allocas there are: the translator makes locals and
/// the load sums SSA values itself (the locals took this pipeline on the
/// 10 MB bench module from 25.0 to 15.0 CPU s), so there are none today
/// (the suite's and that module's -O1 libraries were byte-identical
/// without it), and it costs a look at each entry block. EarlyCSE and
/// InstSimplify fold the redundancy the stack machine leaves, SimplifyCFG
/// merges the blocks of structured control flow. mem2reg rather than SROA:
/// an alloca would be one scalar or v128 read and written whole, which both
/// promote alike, in less time.
/// InstSimplify rather than one round of InstCombine: on the 10 MB bench
/// module InstCombine was 8.0 of this pipeline's 14.4 s (opt -time-passes),
/// and without it the -O1 compile's optimisation took 7.2 s instead of
/// 12.3 s and code generation 1.8 s more, while the bench suite's -O1 code
/// ran as fast (bench/ab.sh, geometric means of best-of-5 ratios 0.993 and,
/// on the seven programs that moved most, 1.003). No loop passes (the
/// loop vectoriser runs on the functions the translator marks, after this:
/// buildO1Pipeline). No inliner (not even AlwaysInliner: the translator marks
/// nothing alwaysinline, and it would scan every instruction of every function
/// to find that out, 0.5% of this level's compile of the 10 MB bench module).
static FunctionPassManager buildFastTierFunctionPipeline() {
  FunctionPassManager FPM;
  FPM.addPass(PromotePass());
  FPM.addPass(EarlyCSEPass(/*UseMemorySSA=*/false));
  FPM.addPass(InstSimplifyPass());
  FPM.addPass(SimplifyCFGPass());
  return FPM;
}

namespace {
/// The loop vectoriser, without interleaving, on the functions the
/// translator marked (wasmaot/CodeGen/VectorizeHint.h). It puts loops into
/// the form it needs itself (simplified, LCSSA). matmul's -O1 code went
/// from 580 to 391 ms (bench/ab.sh; -O2's 348 ms), while the 10 MB bench
/// module's -O1 compile took 0.2-0.45 s longer (16.24/16.47 s to
/// 16.69/16.65 s, two alternating pairs). On every function, the
/// vectoriser had cost that compile 15.3-15.6 s to 18.6-19.8 s (and with
/// the loop passes -O2 runs before it, 19.6 to 30.5 s).
class VectorizeMarkedFunctionsPass
    : public PassInfoMixin<VectorizeMarkedFunctionsPass> {
public:
  PreservedAnalyses run(Function &F, FunctionAnalysisManager &FAM) {
    if (!F.hasFnAttribute(VectorizeInFastTierAttr))
      return PreservedAnalyses::all();
    return Vectorize.run(F, FAM);
  }

private:
  LoopVectorizePass Vectorize{
      LoopVectorizeOptions().setInterleaveOnlyWhenForced(true)};
};
} // namespace

static ModulePassManager buildO1Pipeline() {
  ModulePassManager MPM;
  FunctionPassManager FPM = buildFastTierFunctionPipeline();
  FPM.addPass(VectorizeMarkedFunctionsPass());
  MPM.addPass(createModuleToFunctionPassAdaptor(std::move(FPM)));
  return MPM;
}

/// At 1 to 3, functions of more than Limit instructions get the fast tier's
/// IR pipeline now, and optnone (with the noinline it needs), so that the
/// level's pipeline leaves them alone and code generation selects their
/// instructions with FastISel and skips its optional machine passes. The
/// passes that cost most grow faster than linearly with a function's size,
/// and such functions are mostly code that runs once: in compiled test
/// suites and benchmarks, the test bodies and drivers with everything
/// inlined into them (in the 10 MB bench module, the 69 functions over
/// 7,500 instructions hold 38% of the IR). There, -O2 took 126-145 s with
/// the limit and 249 s without; -O1 41-44 s and 49-55 s (when locals were
/// allocas, with the limit at 10,000). (At -O1, the -O0 code generator then
/// takes them: compileTimed in Compile.cpp.)
static void compileHugeFunctionsForSpeed(Module &M, unsigned Limit,
                                         FunctionAnalysisManager &FAM) {
  if (Limit == 0)
    return;
  FunctionPassManager FPM = buildFastTierFunctionPipeline();
  for (Function &F : M) {
    if (F.isDeclaration() || F.getInstructionCount() <= Limit)
      continue;
    FAM.invalidate(F, FPM.run(F, FAM));
    F.addFnAttr(Attribute::NoInline);
    F.addFnAttr(Attribute::OptimizeNone);
  }
}

Error optimizeModule(Module &M, TargetMachine &TM, unsigned OptLevel,
                     unsigned MaxOptimizedFunctionSize) {
  if (OptLevel > 3)
    return createStringError("optimisation level %u is not 0-3", OptLevel);

  PipelineTuningOptions PTO;
  // As clang's -O2 and -O3 do (PassBuilder's defaults leave them off).
  PTO.LoopVectorization = OptLevel >= 2;
  PTO.SLPVectorization = OptLevel >= 2;
  // Optional passes skip optnone functions (compileHugeFunctionsForSpeed).
  PassInstrumentationCallbacks PIC;
  OptNoneInstrumentation OptNone(/*DebugLogging=*/false);
  OptNone.registerCallbacks(PIC);
  PassBuilder PB(&TM, PTO, std::nullopt, &PIC);

  LoopAnalysisManager LAM;
  FunctionAnalysisManager FAM;
  CGSCCAnalysisManager CGAM;
  ModuleAnalysisManager MAM;
  // Before registerFunctionAnalyses, which would add the default one.
  FAM.registerPass([&] {
    return TargetLibraryAnalysis(makeFreestandingTLII(TM.getTargetTriple()));
  });
  PB.registerModuleAnalyses(MAM);
  PB.registerCGSCCAnalyses(CGAM);
  PB.registerFunctionAnalyses(FAM);
  PB.registerLoopAnalyses(LAM);
  PB.crossRegisterProxies(LAM, FAM, CGAM, MAM);

  if (OptLevel >= 1)
    compileHugeFunctionsForSpeed(M, MaxOptimizedFunctionSize, FAM);
  ModulePassManager MPM;
  switch (OptLevel) {
  case 0:
    break; // Nothing that changes the code.
  case 1:
    MPM = buildO1Pipeline();
    break;
  case 2:
    MPM = PB.buildPerModuleDefaultPipeline(OptimizationLevel::O2);
    break;
  default:
    MPM = PB.buildPerModuleDefaultPipeline(OptimizationLevel::O3);
    break;
  }

  DiagnosticCapture Diags(M.getContext());
  MPM.run(M, MAM);
  // At 0 the sums stay in memory, and nothing deletes a used load anyway.
  if (OptLevel >= 1)
    releaseLoadSinks(M);
  else
    dropLoadSinkConsumers(M);
  widenNarrowCanonicalize(M);
  loadThreadLocalsThroughSegment(M);
  explicitTrapsAfterNoReturn(M);
  if (OptLevel <= 1) // the levels that select instructions with FastISel
    rewriteForFastISel(M);
  return Diags.takeError("optimising '" + M.getModuleIdentifier() + "'");
}

} // namespace wasmaot
