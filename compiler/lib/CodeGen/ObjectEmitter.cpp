//===- ObjectEmitter.cpp - An object file in memory -----------------------===//

#include "wasmaot/CodeGen/CodeGen.h"

#include "DiagnosticCapture.h"
#include "Freestanding.h"

#include "llvm/CodeGen/MachineModuleInfo.h"
#include "llvm/CodeGen/MachinePassRegistry.h"
#include "llvm/CodeGen/Passes.h"
#include "llvm/CodeGen/RegAllocRegistry.h"
#include "llvm/CodeGen/TargetPassConfig.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CodeGen.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

#include <mutex>

using namespace llvm;

namespace wasmaot {

/// The fast tier (CodeGenOptLevel::Less) skips two machine passes that cost
/// more compile time than they buy on translated code. On the 10 MB bench
/// module's -O1 IR (llc -time-passes, one thread, 61 s in all) the machine
/// scheduler took 5.5% and machine CSE 4.7%; without them code generation
/// took 10-20% less (one part of that IR, run side by side), and the bench
/// suite's -O1 code ran as fast (geometric mean of best-of-3 ratios: 0.97 and
/// 1.03, within the noise). Machine CSE is quadratic after FastISel, which
/// leaves EFLAGS defs not marked dead: each CSE across blocks then clears
/// kill flags over every EFLAGS operand of the function (26% of the largest
/// function's code generation). Branch folding (4.2%) stays: matmul ran 15%
/// slower without it. Machine sinking and LICM stay too: matmul ran 35%
/// slower without sinking, and the tier's IR pipeline has no LICM. Loop
/// strength reduction is off at this level too, but LLVM adds that pass as an
/// instance that disablePass cannot reach: setProcessWideOptions (Compile.cpp)
/// turns it off.
static void trimFastTier(TargetPassConfig &PassConfig) {
  PassConfig.disablePass(&MachineSchedulerID);
  PassConfig.disablePass(&MachineCSELegacyID);
}

using RegAllocOption = cl::opt<RegisterRegAlloc::FunctionPassCtor, false,
                               RegisterPassParser<RegisterRegAlloc>>;

/// LLVM's -regalloc option, which names the allocator for every target
/// machine of the process.
static RegAllocOption *regAllocOption() {
  static RegAllocOption *Option = static_cast<RegAllocOption *>(
      cl::getRegisteredOptions().lookup("regalloc"));
  return Option;
}

/// Adds the machine passes, with the basic register allocator in place of
/// the greedy one in the fast tier. On the 10 MB bench module's -O1 IR the
/// greedy allocator took 30% of code generation (llc -time-passes), and the
/// basic one made code generation 16% quicker, while the bench suite's -O1
/// code ran as fast (geometric mean of best-of-5 ratios 1.002; simd 1.15x
/// slower, sort 0.91x). TargetPassConfig takes the optimised allocator from
/// a process-wide default (the one -regalloc sets), so that default is set
/// only while the fast tier's passes are added, under a lock, and not at
/// all when the user has given -regalloc.
static void addMachinePasses(TargetPassConfig &PassConfig,
                             const TargetMachine &TM) {
  // Every thread adds its passes under the lock: another's, at -O0, must not
  // see the default while it is swapped.
  static std::mutex Lock;
  std::lock_guard<std::mutex> Guard(Lock);
  RegAllocOption *Option = regAllocOption();
  if (TM.getOptLevel() != CodeGenOptLevel::Less || !Option ||
      Option->getNumOccurrences()) {
    PassConfig.addMachinePasses();
    return;
  }
  RegisterRegAlloc::FunctionPassCtor Default = RegisterRegAlloc::getDefault();
  // Unset until the first allocator is created; then it is the option's
  // value, a marker for "the target's choice".
  if (!Default)
    Default = Option->getValue();
  RegisterRegAlloc::setDefault(createBasicRegisterAllocator);
  PassConfig.addMachinePasses();
  RegisterRegAlloc::setDefault(Default);
}

/// What TargetMachine::addPassesToEmitFile does, with the pass configuration
/// in hand before the passes are added, so that it can be trimmed per
/// target machine (LLVM's own switches for that are process-wide options).
static bool addPassesToEmitObject(legacy::PassManagerBase &PM,
                                  TargetMachine &TM, raw_pwrite_stream &OS) {
  TargetPassConfig *PassConfig = TM.createPassConfig(PM);
  if (!PassConfig)
    return true;
  auto *MMIWP = new MachineModuleInfoWrapperPass(&TM);
  if (TM.getOptLevel() == CodeGenOptLevel::Less)
    trimFastTier(*PassConfig);
  PassConfig->setDisableVerify(true);
  PM.add(PassConfig);
  PM.add(MMIWP);
  if (PassConfig->addISelPasses())
    return true;
  addMachinePasses(*PassConfig, TM);
  PassConfig->setInitialized();
  if (TM.addAsmPrinter(PM, OS, /*DwoOut=*/nullptr, CodeGenFileType::ObjectFile,
                       MMIWP->getMMI().getContext()))
    return true;
  PM.add(createFreeMachineFunctionPass());
  return false;
}

Expected<SmallVector<char, 0>> emitObject(Module &M, TargetMachine &TM,
                                          unsigned *FastISelFallbacks) {
  if (M.getTargetTriple() != TM.getTargetTriple())
    return createStringError("module '%s' is for '%s', the target machine for "
                             "'%s' (prepareModule sets it)",
                             M.getModuleIdentifier().c_str(),
                             M.getTargetTriple().str().c_str(),
                             TM.getTargetTriple().str().c_str());

  SmallVector<char, 0> Object;
  raw_svector_ostream OS(Object);
  // The code generator still runs on the legacy pass manager.
  legacy::PassManager PM;
  PM.add(new TargetLibraryInfoWrapperPass(
      makeFreestandingTLII(TM.getTargetTriple())));
  if (addPassesToEmitObject(PM, TM, OS))
    return createStringError("target '%s' cannot emit object files",
                             TM.getTargetTriple().str().c_str());

  DiagnosticCapture Diags(M.getContext());
  if (FastISelFallbacks)
    Diags.countFastISelFallbacks();
  PM.run(M);
  if (FastISelFallbacks)
    *FastISelFallbacks = Diags.fastISelFallbacks();
  if (Error E = Diags.takeError("generating code for '" +
                                M.getModuleIdentifier() + "'"))
    return std::move(E);
  return std::move(Object);
}

} // namespace wasmaot
