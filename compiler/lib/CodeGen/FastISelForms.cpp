//===- FastISelForms.cpp - IR forms FastISel can select -------------------===//

#include "FastISelForms.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PatternMatch.h"

using namespace llvm;
using namespace llvm::PatternMatch;

namespace wasmaot {

bool rewriteForFastISel(Module &M) {
  SmallVector<StoreInst *, 64> Stores;
  SmallVector<SelectInst *, 64> Selects;
  for (Function &F : M)
    for (Instruction &I : instructions(F))
      if (auto *Sel = dyn_cast<SelectInst>(&I)) {
        if (Sel->getType()->isIntegerTy(1) &&
            (match(Sel->getTrueValue(), m_One()) ||
             match(Sel->getFalseValue(), m_Zero())))
          Selects.push_back(Sel);
      } else if (auto *Store = dyn_cast<StoreInst>(&I)) {
        Value *Stored = Store->getValueOperand();
        auto *Ty = dyn_cast<FixedVectorType>(Stored->getType());
        if (Ty && Ty->getPrimitiveSizeInBits() == 128 && Store->isSimple() &&
            isa<ConstantAggregateZero>(Stored))
          Stores.push_back(Store);
      }
  for (SelectInst *Sel : Selects) {
    IRBuilder<> B(Sel);
    Value *C = Sel->getCondition();
    Value *R = match(Sel->getTrueValue(), m_One())
                   ? B.CreateOr(C, Sel->getFalseValue())
                   : B.CreateAnd(C, Sel->getTrueValue());
    Sel->replaceAllUsesWith(R);
    Sel->eraseFromParent();
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
  return !Stores.empty() || !Selects.empty();
}

} // namespace wasmaot
