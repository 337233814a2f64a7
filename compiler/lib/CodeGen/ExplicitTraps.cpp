//===- ExplicitTraps.cpp - A trap instruction after noreturn calls --------===//

#include "ExplicitTraps.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace wasmaot {

bool explicitTrapsAfterNoReturn(Module &M) {
  bool Changed = false;
  for (Function &F : M)
    for (BasicBlock &BB : F) {
      auto *End = dyn_cast<UnreachableInst>(BB.getTerminator());
      if (!End)
        continue;
      auto *Call = dyn_cast_or_null<CallInst>(End->getPrevNode());
      if (!Call || !Call->doesNotReturn() ||
          Call->getIntrinsicID() == Intrinsic::trap)
        continue;
      IRBuilder<> B(End);
      B.CreateIntrinsic(Intrinsic::trap, ArrayRef<Type *>(),
                        ArrayRef<Value *>());
      Changed = true;
    }
  return Changed;
}

} // namespace wasmaot
