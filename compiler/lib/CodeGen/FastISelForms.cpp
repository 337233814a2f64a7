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

/// For `mul X, 3`, `mul X, 5` and `mul X, 9` of i32 or i64 (constants come
/// second in canonical IR), the shift k of X * (2^k + 1); otherwise 0.
static unsigned leaShift(const Instruction &I) {
  const APInt *C;
  if (I.getOpcode() != Instruction::Mul || !I.getType()->isIntegerTy() ||
      I.getType()->getIntegerBitWidth() < 32 ||
      !match(I.getOperand(1), m_APInt(C)))
    return 0;
  if (*C == 3)
    return 1;
  if (*C == 5)
    return 2;
  if (*C == 9)
    return 3;
  return 0;
}

bool rewriteForFastISel(Module &M) {
  SmallVector<StoreInst *, 64> Stores;
  SmallVector<SelectInst *, 64> Selects;
  SmallVector<std::pair<BinaryOperator *, unsigned>, 64> Multiplies;
  for (Function &F : M)
    for (Instruction &I : instructions(F))
      if (unsigned Shift = leaShift(I))
        Multiplies.push_back({cast<BinaryOperator>(&I), Shift});
      else if (auto *Sel = dyn_cast<SelectInst>(&I)) {
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
  for (auto [Mul, Shift] : Multiplies) {
    IRBuilder<> B(Mul);
    Value *X = Mul->getOperand(0);
    Value *Sum = B.CreateAdd(B.CreateShl(X, Shift), X);
    Sum->takeName(Mul);
    Mul->replaceAllUsesWith(Sum);
    Mul->eraseFromParent();
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
  return !Stores.empty() || !Selects.empty() || !Multiplies.empty();
}

} // namespace wasmaot
