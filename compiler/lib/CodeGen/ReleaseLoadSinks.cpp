//===- ReleaseLoadSinks.cpp - Drop the load sums after optimising ---------===//

#include "ReleaseLoadSinks.h"

#include "wasmaot/CodeGen/LoadSink.h"

#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Analysis/AssumptionCache.h"
#include "llvm/Analysis/DemandedBits.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/Local.h"

using namespace llvm;

namespace wasmaot {

namespace {

bool isLoadSink(const Instruction &I) {
  const auto *Call = dyn_cast<CallInst>(&I);
  const auto *Asm =
      Call ? dyn_cast<InlineAsm>(Call->getCalledOperand()) : nullptr;
  return Asm && Asm->hasSideEffects() && Asm->getAsmString().empty() &&
         Asm->getConstraintString() == LoadSinkConstraints;
}

/// An instruction that only carries loaded values towards the sums, as the
/// translator builds them or as the pipeline reshapes them (reassociated,
/// carried round loops, vectorised and reduced again).
bool isSumStep(const Instruction &I) {
  switch (I.getOpcode()) {
  case Instruction::Add:
  case Instruction::Or:
  case Instruction::Xor:
  case Instruction::PHI:
  case Instruction::Select:
  case Instruction::BitCast:
  case Instruction::ZExt:
  case Instruction::SExt:
  case Instruction::Trunc:
  case Instruction::InsertElement:
  case Instruction::ExtractElement:
  case Instruction::ShuffleVector:
  case Instruction::Freeze:
    return true;
  default:
    break;
  }
  if (const auto *Intrinsic = dyn_cast<IntrinsicInst>(&I))
    switch (Intrinsic->getIntrinsicID()) {
    case Intrinsic::vector_reduce_add:
    case Intrinsic::vector_reduce_or:
    case Intrinsic::vector_reduce_xor:
      return true;
    default:
      break;
    }
  return false;
}

/// An empty asm that takes V: V must be computed, whole, where it is. Up to
/// 64 bits go in a general register as an integer; anything else in 16-byte
/// vector pieces (odd sizes such as <2 x float> have no register class of
/// their own, and a vectorised loop's interleaved load can be 2048 bits).
void keepAlive(Instruction *V) {
  IRBuilder<> B(V->getNextNode());
  Value *Whole = V;
  if (V->getType()->isPtrOrPtrVectorTy())
    Whole = B.CreatePtrToInt(
        V, V->getType()->getWithNewType(B.getInt64Ty())); // 64-bit targets
  llvm::Type *Ty = Whole->getType();
  uint64_t Bits = Ty->getPrimitiveSizeInBits().getFixedValue();
  auto Take = [&](Value *X, const char *Constraint) {
    auto *Asm = InlineAsm::get(
        FunctionType::get(B.getVoidTy(), {X->getType()}, /*isVarArg=*/false),
        "", Constraint, /*hasSideEffects=*/true);
    B.CreateCall(Asm, {X});
  };
  if (Bits == 8 || Bits == 16 || Bits == 32 || Bits == 64) {
    Take(Ty->isIntegerTy() ? Whole : B.CreateBitCast(Whole, B.getIntNTy(Bits)),
         "r");
    return;
  }
  unsigned Bytes = Bits / 8;
  Value *AsBytes =
      B.CreateBitCast(Whole, FixedVectorType::get(B.getInt8Ty(), Bytes));
  for (unsigned Start = 0; Start < Bytes; Start += 16) {
    SmallVector<int, 16> Mask;
    for (unsigned I = Start; I != Start + 16; ++I)
      Mask.push_back(I < Bytes ? int(I) : PoisonMaskElem);
    Take(B.CreateShuffleVector(AsBytes, Mask), "x");
  }
}

/// Whether every use of V takes some of its lanes only, which lets code
/// generation load just those.
bool usesSomeLanesOnly(const Value &V) {
  for (const User *U : V.users()) {
    if (isa<ExtractElementInst>(U) || isa<ShuffleVectorInst>(U))
      continue;
    if (isa<BitCastInst>(U) && U->getType()->isVectorTy() &&
        usesSomeLanesOnly(*U))
      continue;
    return false;
  }
  return true;
}

/// The sums' instructions in F: those reachable backwards from the sinks
/// through sum steps all of whose users are sinks or sum steps themselves.
SmallPtrSet<Instruction *, 32> findSums(ArrayRef<Instruction *> Sinks) {
  SmallPtrSet<Instruction *, 32> Sums;
  SmallVector<Instruction *, 32> Work;
  for (Instruction *Sink : Sinks)
    for (Value *Op : Sink->operands())
      if (auto *I = dyn_cast<Instruction>(Op))
        Work.push_back(I);
  while (!Work.empty()) {
    Instruction *I = Work.pop_back_val();
    if (!isSumStep(*I) || !Sums.insert(I).second)
      continue;
    for (Value *Op : I->operands())
      if (auto *OpI = dyn_cast<Instruction>(Op))
        Work.push_back(OpI);
  }
  // Optimistically all of them, then drop any with a use elsewhere (and
  // look again at what it uses) until none is left.
  SmallPtrSet<Instruction *, 8> SinkSet(Sinks.begin(), Sinks.end());
  SmallVector<Instruction *, 32> Check(Sums.begin(), Sums.end());
  while (!Check.empty()) {
    Instruction *I = Check.pop_back_val();
    if (!Sums.contains(I))
      continue;
    bool OnlySums = true;
    for (User *U : I->users()) {
      auto *UI = cast<Instruction>(U);
      if (!Sums.contains(UI) && !SinkSet.contains(UI)) {
        OnlySums = false;
        break;
      }
    }
    if (OnlySums)
      continue;
    Sums.erase(I);
    for (Value *Op : I->operands())
      if (auto *OpI = dyn_cast<Instruction>(Op); OpI && Sums.contains(OpI))
        Check.push_back(OpI);
  }
  return Sums;
}

SmallVector<Instruction *, 8> findLoadSinks(Function &F) {
  SmallVector<Instruction *, 8> Sinks;
  for (Instruction &I : instructions(F))
    if (isLoadSink(I))
      Sinks.push_back(&I);
  return Sinks;
}

bool releaseInFunction(Function &F) {
  SmallVector<Instruction *, 8> Sinks = findLoadSinks(F);
  if (Sinks.empty())
    return false;

  SmallPtrSet<Instruction *, 32> Sums = findSums(Sinks);
  SmallVector<Instruction *, 32> Inputs;
  SmallPtrSet<Instruction *, 32> SeenInputs;
  for (Instruction *I : Sums)
    for (Value *Op : I->operands())
      if (auto *OpI = dyn_cast<Instruction>(Op);
          OpI && !Sums.contains(OpI) && SeenInputs.insert(OpI).second)
        Inputs.push_back(OpI);
  for (Instruction *Sink : Sinks)
    for (Value *Op : Sink->operands())
      if (auto *OpI = dyn_cast<Instruction>(Op);
          OpI && !Sums.contains(OpI) && SeenInputs.insert(OpI).second)
        Inputs.push_back(OpI);

  for (Instruction *Sink : Sinks)
    Sink->eraseFromParent();
  for (Instruction *I : Sums)
    I->dropAllReferences();
  for (Instruction *I : Sums)
    I->eraseFromParent();

  // What fed only the sums is dead now: delete it, down to the loads, which
  // stay, each with its own keep-alive.
  SmallVector<Instruction *, 32> Dead;
  SmallPtrSet<LoadInst *, 16> KeptAlive;
  for (Instruction *I : Inputs)
    if (I->use_empty())
      Dead.push_back(I);
  while (!Dead.empty()) {
    Instruction *I = Dead.pop_back_val();
    if (auto *L = dyn_cast<LoadInst>(I)) {
      keepAlive(L);
      KeptAlive.insert(L);
      continue;
    }
    if (!isInstructionTriviallyDead(I))
      continue;
    // Each once, though I may use it twice.
    SmallSetVector<Instruction *, 4> Operands;
    for (Value *Op : I->operands())
      if (auto *OpI = dyn_cast<Instruction>(Op))
        Operands.insert(OpI);
    I->eraseFromParent();
    for (Instruction *OpI : Operands)
      if (OpI->use_empty())
        Dead.push_back(OpI);
  }

  // Loads of linear memory (not of the context) that code generation could
  // narrow.
  DominatorTree DT(F);
  AssumptionCache AC(F);
  DemandedBits DB(F, AC, DT);
  SmallVector<LoadInst *, 16> Partial;
  for (Instruction &I : instructions(F)) {
    auto *L = dyn_cast<LoadInst>(&I);
    if (!L || L->use_empty() || KeptAlive.contains(L) ||
        isa<Argument>(getUnderlyingObject(L->getPointerOperand())))
      continue;
    llvm::Type *Ty = L->getType();
    if ((Ty->isIntegerTy() && !DB.getDemandedBits(L).isAllOnes()) ||
        (Ty->isVectorTy() && usesSomeLanesOnly(*L)))
      Partial.push_back(L);
  }
  for (LoadInst *L : Partial)
    keepAlive(L);
  return true;
}

} // namespace

bool dropLoadSinkConsumers(Module &M) {
  bool Changed = false;
  for (Function &F : M)
    for (Instruction *Sink : findLoadSinks(F)) {
      SmallVector<Instruction *, 3> Sums;
      for (Value *Op : Sink->operands())
        if (auto *Sum = dyn_cast<LoadInst>(Op))
          Sums.push_back(Sum);
      Sink->eraseFromParent();
      for (Instruction *Sum : Sums)
        if (Sum->use_empty())
          Sum->eraseFromParent();
      Changed = true;
    }
  return Changed;
}

bool releaseLoadSinks(Module &M) {
  bool Changed = false;
  for (Function &F : M)
    if (!F.isDeclaration())
      Changed |= releaseInFunction(F);
  return Changed;
}

} // namespace wasmaot
