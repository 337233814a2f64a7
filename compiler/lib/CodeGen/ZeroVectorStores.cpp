//===- ZeroVectorStores.cpp - Zero v128 stores FastISel can select --------===//

#include "ZeroVectorStores.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace wasmaot {

bool splitZeroVectorStores(Module &M) {
  SmallVector<StoreInst *, 64> Stores;
  for (Function &F : M)
    for (Instruction &I : instructions(F))
      if (auto *Store = dyn_cast<StoreInst>(&I)) {
        Value *Stored = Store->getValueOperand();
        auto *Ty = dyn_cast<FixedVectorType>(Stored->getType());
        if (Ty && Ty->getPrimitiveSizeInBits() == 128 && Store->isSimple() &&
            isa<ConstantAggregateZero>(Stored))
          Stores.push_back(Store);
      }
  for (StoreInst *Store : Stores) {
    IRBuilder<> B(Store);
    Value *Ptr = Store->getPointerOperand();
    Align Alignment = std::min(Store->getAlign(), Align(8));
    Value *High = B.CreateConstInBoundsGEP1_64(B.getInt8Ty(), Ptr, 8);
    B.CreateAlignedStore(B.getInt64(0), Ptr, Alignment);
    B.CreateAlignedStore(B.getInt64(0), High, Alignment);
    Store->eraseFromParent();
  }
  return !Stores.empty();
}

} // namespace wasmaot
