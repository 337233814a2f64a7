//===- WidenCanonicalize.cpp - llvm.canonicalize on narrow vectors --------===//

#include "WidenCanonicalize.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace wasmaot {

bool widenNarrowCanonicalize(Module &M) {
  SmallVector<IntrinsicInst *, 8> Narrow;
  for (Function &F : M) {
    if (F.getIntrinsicID() != Intrinsic::canonicalize)
      continue;
    auto *Ty = dyn_cast<FixedVectorType>(F.getReturnType());
    if (!Ty || Ty->getPrimitiveSizeInBits().getFixedValue() >= 128)
      continue;
    for (User *U : F.users())
      if (auto *Call = dyn_cast<IntrinsicInst>(U))
        Narrow.push_back(Call);
  }
  for (IntrinsicInst *Call : Narrow) {
    auto *Ty = cast<FixedVectorType>(Call->getType());
    unsigned Lanes = Ty->getNumElements();
    unsigned Wide = 128 / Ty->getScalarSizeInBits();
    IRBuilder<> B(Call);
    SmallVector<int, 16> Widen, Narrowed;
    for (unsigned I = 0; I < Wide; ++I)
      Widen.push_back(I < Lanes ? int(I) : PoisonMaskElem);
    for (unsigned I = 0; I < Lanes; ++I)
      Narrowed.push_back(int(I));
    Value *W = B.CreateShuffleVector(Call->getArgOperand(0), Widen);
    W = B.CreateIntrinsic(Intrinsic::canonicalize, {W->getType()}, {W});
    Call->replaceAllUsesWith(B.CreateShuffleVector(W, Narrowed));
    Call->eraseFromParent();
  }
  return !Narrow.empty();
}

} // namespace wasmaot
