//===- ObjectEmitter.cpp - An object file in memory -----------------------===//

#include "wasmaot/CodeGen/CodeGen.h"

#include "DiagnosticCapture.h"
#include "Freestanding.h"

#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CodeGen.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

using namespace llvm;

namespace wasmaot {

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
  if (TM.addPassesToEmitFile(PM, OS, /*DwoOut=*/nullptr,
                             CodeGenFileType::ObjectFile))
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
