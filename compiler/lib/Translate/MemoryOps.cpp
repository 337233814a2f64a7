//===- MemoryOps.cpp - Linear memory accesses and bulk memory -------------===//
//
// A 32-bit memory is a reservation of 4 GiB plus a guard region larger than
// any offset (see wasmaot/abi.h), so an access is base + zext(address) +
// offset with no bounds check: an access out of bounds faults in the guard
// region and the runtime turns the fault into a trap. The base never moves
// and is loaded once, in the entry block.
//
//===----------------------------------------------------------------------===//

#include "FunctionTranslator.h"

#include "wasmaot/CodeGen/LoadSink.h"
#include "wasmaot/abi.h"

#include "llvm/IR/InlineAsm.h"

using namespace llvm;

namespace wasmaot {

namespace {
/// Marks the loads of linear memory, so that dropping one can keep it.
constexpr const char *MemoryAccessKind = "wasmaot.memory";
} // namespace

Value *FunctionTranslator::getMemoryObject(uint32_t Memory) {
  return MT.loadContextArrayElement(
      B, Ctx, offsetof(wasmaot_context, memories), Memory, "memory");
}

Value *FunctionTranslator::getMemoryBase(uint32_t Memory) {
  Value *&Base = MemoryBases[Memory];
  if (!Base) {
    IRBuilder<>::InsertPointGuard Guard(B);
    B.SetInsertPoint(EntryBlock->getTerminator());
    if (Memory == 0) {
      Base = MT.loadContextField(B, Ctx,
                                 offsetof(wasmaot_context, memory0_base),
                                 MT.PtrTy, "memory0.base");
    } else {
      LoadInst *Load = B.CreateAlignedLoad(
          MT.PtrTy,
          B.CreateConstInBoundsGEP1_64(MT.I8Ty, getMemoryObject(Memory),
                                       offsetof(wasmaot_memory, base)),
          Align(8), "memory.base");
      MT.markInvariant(Load);
      Base = Load;
    }
  }
  return Base;
}

Value *FunctionTranslator::computeAddress(const MemArgImm &Mem,
                                          Value *Index) {
  Value *Offset = B.CreateZExt(Index, MT.I64Ty);
  if (Mem.Offset)
    // At most 2^32-1 + 2^32-1: no wrap in 64 bits.
    Offset = B.CreateAdd(Offset, B.getInt64(Mem.Offset), "ea", /*NUW=*/true);
  return B.CreateGEP(MT.I8Ty, getMemoryBase(Mem.Memory), Offset, "addr");
}

// Unused loads must still trap: every loaded value goes into a sum that the
// sink asm takes (wasmaot/CodeGen/LoadSink.h); the back end replaces the
// sums after optimising. A sum per width, so that no load is widened
// (vectorised loops keep their lane count), truncated (which would let LLVM
// narrow the load) or split (a v128 reduced to a scalar on every
// iteration).
bool FunctionTranslator::keepsUnusedLoads() const {
  return MT.getUnusedLoadPolicy() == UnusedLoadPolicy::KeepAll &&
         !WM.Memories.empty();
}

void FunctionTranslator::addLoadSumLocals() {
  if (!keepsUnusedLoads())
    return;
  LoadSumLocal = LocalValues.size();
  for (ValType T : {ValType::I32, ValType::I64, ValType::V128}) {
    LocalValues.push_back(Constant::getNullValue(MT.getType(T)));
    LocalTypes.push_back(T);
  }
}

void FunctionTranslator::createLoadSink() {
  if (!keepsUnusedLoads() || loadSumsAreLocals())
    return;
  LoadSinks[0] = B.CreateAlloca(MT.I32Ty, nullptr, "load.sink32");
  LoadSinks[1] = B.CreateAlloca(MT.I64Ty, nullptr, "load.sink64");
  LoadSinks[2] = B.CreateAlloca(MT.V128Ty, nullptr, "load.sink128");
}

void FunctionTranslator::initLoadSink() {
  if (LoadSinks[0])
    for (AllocaInst *Sink : LoadSinks)
      B.CreateStore(Constant::getNullValue(Sink->getAllocatedType()), Sink);
}

void FunctionTranslator::sinkLoad(LoadInst *Load) {
  if (!loadSumsAreLocals() && !LoadSinks[0])
    return;
  Value *V = Load;
  unsigned Bits = Load->getType()->getPrimitiveSizeInBits();
  // Floats go into the integer sums as their bits: an integer add
  // reduction is what the loop vectoriser knows.
  if (Bits == 128)
    V = B.CreateBitCast(V, MT.V128Ty);
  else if (!V->getType()->isIntegerTy())
    V = B.CreateBitCast(V, B.getIntNTy(Bits));
  if (Bits < 32)
    V = B.CreateZExt(V, MT.I32Ty);
  unsigned Width = Bits == 128 ? 2 : Bits == 64;
  LoadSinkUsed = true;
  if (loadSumsAreLocals()) {
    Value *&Sum = loadSumValues()[Width];
    Sum = B.CreateAdd(Sum, V);
    return;
  }
  AllocaInst *Sink = LoadSinks[Width];
  Value *Sum = B.CreateLoad(Sink->getAllocatedType(), Sink);
  B.CreateStore(B.CreateAdd(Sum, V), Sink);
}

void FunctionTranslator::consumeLoadSink() {
  Value *Sums[3];
  if (loadSumsAreLocals()) {
    llvm::copy(loadSumValues(), Sums);
  } else if (LoadSinks[0]) {
    for (unsigned I = 0; I < 3; ++I) {
      Sums[I] = B.CreateLoad(LoadSinks[I]->getAllocatedType(), LoadSinks[I]);
      LoadSinkUses.push_back(cast<Instruction>(Sums[I]));
    }
  } else {
    return;
  }
  // "x": the v128 sum stays in a vector register.
  auto *Consume = InlineAsm::get(
      FunctionType::get(MT.VoidTy, {MT.I32Ty, MT.I64Ty, MT.V128Ty},
                        /*isVarArg=*/false),
      "", LoadSinkConstraints, /*hasSideEffects=*/true);
  LoadSinkUses.push_back(B.CreateCall(Consume, Sums));
}

/// Without loads, the sums and their consumers go.
void FunctionTranslator::finishLoadSink() {
  if (LoadSinkUsed)
    return;
  // Consumers first: they use the loads of the sums.
  for (Instruction *I : reverse(LoadSinkUses))
    I->eraseFromParent();
  LoadSinkUses.clear();
  if (!LoadSinks[0])
    return; // phis of unfed sums have no users now: removeUselessPhis
  for (AllocaInst *&Sink : LoadSinks) {
    while (!Sink->use_empty()) // the initial store
      Sink->user_back()->eraseFromParent();
    Sink->eraseFromParent();
    Sink = nullptr;
  }
}

LoadInst *FunctionTranslator::loadMemory(llvm::Type *Ty, const MemArgImm &Mem,
                                         Value *Index) {
  Value *Addr = computeAddress(Mem, Index);
  // Wasm's alignment is a hint: accesses may be unaligned.
  LoadInst *L = B.CreateAlignedLoad(Ty, Addr, Align(1));
  L->setMetadata(MemoryAccessKind, MDNode::get(MT.getContext(), {}));
  sinkLoad(L);
  return L;
}

void FunctionTranslator::storeMemory(Value *V, const MemArgImm &Mem,
                                     Value *Index) {
  B.CreateAlignedStore(V, computeAddress(Mem, Index), Align(1));
}

bool FunctionTranslator::isMemoryLoad(const LoadInst *Load) {
  return Load->hasMetadata(MemoryAccessKind);
}

Error FunctionTranslator::translateMemory(const Operator &Op) {
  uint32_t MemIndex = getOpcodeInfo(Op.Op).Imm == ImmKind::MemArg
                          ? Op.Mem.Memory
                          : Op.Index;
  if (Op.Op == Opcode::MemoryCopy)
    MemIndex = Op.Index | Op.Index2;
  if (Op.Op == Opcode::MemoryInit)
    MemIndex = Op.Index2;
  if (Op.Op != Opcode::DataDrop && MemIndex != 0)
    return unsupported(Op, "multi-memory");
  if (Op.Op != Opcode::DataDrop && WM.Memories[0].Pages.Is64)
    return unsupported(Op, "memory64");

  auto Load = [&](llvm::Type *MemTy, llvm::Type *ResultTy, bool Signed) {
    Value *V = loadMemory(MemTy, Op.Mem, pop());
    if (MemTy != ResultTy)
      V = Signed ? B.CreateSExt(V, ResultTy) : B.CreateZExt(V, ResultTy);
    push(V);
  };
  auto Store = [&](llvm::Type *MemTy) {
    Value *V = pop();
    if (V->getType() != MemTy)
      V = B.CreateTrunc(V, MemTy);
    storeMemory(V, Op.Mem, pop());
  };
  llvm::Type *I8 = MT.I8Ty, *I16 = B.getInt16Ty(), *I32 = MT.I32Ty,
             *I64 = MT.I64Ty;

  switch (Op.Op) {
  case Opcode::I32Load: Load(I32, I32, false); break;
  case Opcode::I64Load: Load(I64, I64, false); break;
  case Opcode::F32Load: Load(MT.F32Ty, MT.F32Ty, false); break;
  case Opcode::F64Load: Load(MT.F64Ty, MT.F64Ty, false); break;
  case Opcode::I32Load8S: Load(I8, I32, true); break;
  case Opcode::I32Load8U: Load(I8, I32, false); break;
  case Opcode::I32Load16S: Load(I16, I32, true); break;
  case Opcode::I32Load16U: Load(I16, I32, false); break;
  case Opcode::I64Load8S: Load(I8, I64, true); break;
  case Opcode::I64Load8U: Load(I8, I64, false); break;
  case Opcode::I64Load16S: Load(I16, I64, true); break;
  case Opcode::I64Load16U: Load(I16, I64, false); break;
  case Opcode::I64Load32S: Load(I32, I64, true); break;
  case Opcode::I64Load32U: Load(I32, I64, false); break;
  case Opcode::I32Store: Store(I32); break;
  case Opcode::I64Store: Store(I64); break;
  case Opcode::F32Store: Store(MT.F32Ty); break;
  case Opcode::F64Store: Store(MT.F64Ty); break;
  case Opcode::I32Store8: Store(I8); break;
  case Opcode::I32Store16: Store(I16); break;
  case Opcode::I64Store8: Store(I8); break;
  case Opcode::I64Store16: Store(I16); break;
  case Opcode::I64Store32: Store(I32); break;

  case Opcode::MemorySize: {
    Value *Size = B.CreateAlignedLoad(
        I64,
        B.CreateConstInBoundsGEP1_64(MT.I8Ty, getMemoryObject(0),
                                     offsetof(wasmaot_memory, size)),
        Align(8), "memory.size");
    push(B.CreateTrunc(B.CreateLShr(Size, 16), I32));
    break;
  }
  case Opcode::MemoryGrow: {
    Value *Delta = B.CreateZExt(pop(), I64);
    Value *Old = callRuntime(offsetof(wasmaot_runtime_services, memory_grow),
                             I64, {Ctx, B.getInt32(0), Delta});
    push(B.CreateTrunc(Old, I32));
    break;
  }
  case Opcode::MemoryFill: {
    Value *N = B.CreateZExt(pop(), I64);
    Value *Val = pop();
    Value *Dst = B.CreateZExt(pop(), I64);
    callRuntime(offsetof(wasmaot_runtime_services, memory_fill), MT.VoidTy,
                {Ctx, B.getInt32(0), Dst, Val, N});
    break;
  }
  case Opcode::MemoryCopy: {
    Value *N = B.CreateZExt(pop(), I64);
    Value *Src = B.CreateZExt(pop(), I64);
    Value *Dst = B.CreateZExt(pop(), I64);
    callRuntime(offsetof(wasmaot_runtime_services, memory_copy), MT.VoidTy,
                {Ctx, B.getInt32(Op.Index), B.getInt32(Op.Index2), Dst, Src,
                 N});
    break;
  }
  case Opcode::MemoryInit: {
    Value *N = pop();
    Value *Src = pop();
    Value *Dst = B.CreateZExt(pop(), I64);
    callRuntime(offsetof(wasmaot_runtime_services, memory_init), MT.VoidTy,
                {Ctx, B.getInt32(Op.Index2), B.getInt32(Op.Index), Dst, Src,
                 N});
    break;
  }
  case Opcode::DataDrop:
    callRuntime(offsetof(wasmaot_runtime_services, data_drop), MT.VoidTy,
                {Ctx, B.getInt32(Op.Index)});
    break;
  default:
    return unsupported(Op, "memory operator");
  }
  return Error::success();
}

} // namespace wasmaot
