//===- ThreadPointerLoads.cpp - Thread-local loads through %fs ------------===//

#include "ThreadPointerLoads.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/Module.h"
#include "llvm/TargetParser/Triple.h"

using namespace llvm;

namespace wasmaot {

/// x86's address space for %fs-relative addresses; on x86-64 Linux the %fs
/// base is the thread pointer.
static constexpr unsigned X86FSAddressSpace = 257;

bool loadThreadLocalsThroughSegment(Module &M) {
  if (M.getTargetTriple().getArch() != Triple::x86_64)
    return false;
  SmallVector<std::pair<LoadInst *, Value *>, 64> Loads; // load, offset
  SmallVector<Instruction *, 64> Addresses; // thread pointers and GEPs
  for (Function &F : M) {
    if (F.getIntrinsicID() != Intrinsic::thread_pointer)
      continue;
    for (User *TP : F.users()) {
      Addresses.push_back(cast<Instruction>(TP));
      for (User *U : TP->users()) {
        auto *GEP = dyn_cast<GetElementPtrInst>(U);
        if (!GEP || GEP->getPointerOperand() != TP ||
            !GEP->getSourceElementType()->isIntegerTy(8) ||
            GEP->getNumIndices() != 1)
          continue;
        for (User *G : GEP->users())
          if (auto *Load = dyn_cast<LoadInst>(G);
              Load && Load->getPointerOperand() == GEP)
            Loads.push_back({Load, GEP->getOperand(1)});
        Addresses.push_back(GEP);
      }
    }
  }
  for (auto [Load, Offset] : Loads) {
    IRBuilder<> B(Load);
    Value *Address = B.CreateIntToPtr(
        B.CreateSExtOrTrunc(Offset, B.getInt64Ty()),
        B.getPtrTy(X86FSAddressSpace), "tls.address");
    Load->setOperand(LoadInst::getPointerOperandIndex(), Address);
  }
  // GEPs first: they use the thread pointers.
  for (Instruction *I : reverse(Addresses))
    if (I->use_empty())
      I->eraseFromParent();
  return !Loads.empty();
}

} // namespace wasmaot
