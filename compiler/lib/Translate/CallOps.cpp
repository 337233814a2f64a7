//===- CallOps.cpp - Direct, imported and indirect calls ------------------===//

#include "FunctionTranslator.h"

#include "wasmaot/abi.h"

#include "llvm/IR/MDBuilder.h"

using namespace llvm;

namespace wasmaot {

namespace {

/// Pushes a call's results: none, the value, or the struct's elements.
void pushResults(IRBuilder<> &B, SmallVectorImpl<Value *> &Stack, Value *Call,
                 size_t NumResults) {
  if (NumResults == 1)
    Stack.push_back(Call);
  else
    for (size_t I = 0; I < NumResults; ++I)
      Stack.push_back(B.CreateExtractValue(Call, I));
}

/// Calls Rec->code(Rec->callee, Args[1...]) (a wasmaot_func record).
Value *callThroughRecord(IRBuilder<> &B, ModuleTranslator &MT, Value *Rec,
                         const FuncType &Type, SmallVectorImpl<Value *> &Args,
                         bool Invariant) {
  auto Field = [&](size_t Offset, const char *Name) {
    LoadInst *Load = B.CreateAlignedLoad(
        MT.PtrTy, B.CreateConstInBoundsGEP1_64(MT.I8Ty, Rec, Offset),
        Align(8), Name);
    if (Invariant)
      MT.markInvariant(Load);
    return Load;
  };
  Value *Code = Field(offsetof(wasmaot_func, code), "code");
  Args[0] = Field(offsetof(wasmaot_func, callee), "callee");
  return B.CreateCall(MT.getFunctionType(Type), Code, Args);
}

} // namespace

Error FunctionTranslator::translateCall(const Operator &Op) {
  CallsFunctions = true;
  switch (Op.Op) {
  case Opcode::Call: {
    const FuncType &Callee = WM.getFuncType(Op.Index);
    SmallVector<Value *, 8> Args{Ctx};
    SmallVector<Value *, 4> Params = popN(Callee.Params.size());
    Args.append(Params.begin(), Params.end());
    Value *Call;
    if (Op.Index >= WM.NumImportedFuncs) {
      // Functions of the module call each other directly.
      Call = B.CreateCall(MT.getDefinedFunction(Op.Index), Args);
    } else {
      // An import: its record holds the code and the first argument (the
      // exporting instance's context, or a host binding).
      Value *Rec = MT.loadContextArrayElement(
          B, Ctx, offsetof(wasmaot_context, funcs), Op.Index, "import");
      // An imported record never changes while the instance lives.
      Call = callThroughRecord(B, MT, Rec, Callee, Args, /*Invariant=*/true);
    }
    pushResults(B, Stack, Call, Callee.Results.size());
    return Error::success();
  }

  case Opcode::CallIndirect: {
    const FuncType &Callee = WM.Types[Op.Index];
    Value *Index = B.CreateZExt(pop(), MT.I64Ty);
    SmallVector<Value *, 8> Args{nullptr};
    SmallVector<Value *, 4> Params = popN(Callee.Params.size());
    Args.append(Params.begin(), Params.end());

    if (const std::vector<uint32_t> *Slots =
            MT.getFixedTables().get(Op.Index2)) {
      // The table's constant copy: a bound, one compare against the
      // canonical type (null slots have a type no signature has), and the
      // code pointer; the callee is a function of this instance.
      trapIf(B.CreateICmpUGE(Index, B.getInt64(Slots->size())),
             WASMAOT_TRAP_UNDEFINED_ELEMENT);
      Value *Slot = B.CreateInBoundsGEP(
          MT.FixedSlotTy, MT.getFixedTable(Op.Index2), Index, "slot");
      Value *SlotType = B.CreateAlignedLoad(
          MT.I32Ty, B.CreateStructGEP(MT.FixedSlotTy, Slot, 1), Align(8),
          "slot.type");
      BasicBlock *Wrong = BasicBlock::Create(MT.getContext(), "wrong.slot", F);
      BasicBlock *Right = BasicBlock::Create(MT.getContext(), "call", F);
      B.CreateCondBr(
          B.CreateICmpNE(SlotType, B.getInt32(MT.getCanonicalType(Op.Index))),
          Wrong, Right,
          MDBuilder(MT.getContext()).createUnlikelyBranchWeights());
      B.SetInsertPoint(Wrong);
      trapIf(B.CreateICmpEQ(SlotType,
                            B.getInt32(ModuleTranslator::NullSlotType)),
             WASMAOT_TRAP_UNINITIALIZED_ELEMENT);
      emitTrap(WASMAOT_TRAP_INDIRECT_CALL_TYPE_MISMATCH);
      B.SetInsertPoint(Right);
      Value *Code = B.CreateAlignedLoad(
          MT.PtrTy, B.CreateStructGEP(MT.FixedSlotTy, Slot, 0), Align(16),
          "code");
      Args[0] = Ctx;
      Value *Call = B.CreateCall(MT.getFunctionType(Callee), Code, Args);
      pushResults(B, Stack, Call, Callee.Results.size());
      return Error::success();
    }

    Value *Table = MT.loadContextArrayElement(
        B, Ctx, offsetof(wasmaot_context, tables), Op.Index2, "table");
    Value *Size = B.CreateAlignedLoad(
        MT.I64Ty,
        B.CreateConstInBoundsGEP1_64(MT.I8Ty, Table,
                                     offsetof(wasmaot_table, size)),
        Align(8), "table.size");
    trapIf(B.CreateICmpUGE(Index, Size), WASMAOT_TRAP_UNDEFINED_ELEMENT);
    Value *Elements = B.CreateAlignedLoad(
        MT.PtrTy,
        B.CreateConstInBoundsGEP1_64(MT.I8Ty, Table,
                                     offsetof(wasmaot_table, elements)),
        Align(8), "elements");
    Value *Rec = B.CreateAlignedLoad(
        MT.PtrTy, B.CreateInBoundsGEP(MT.PtrTy, Elements, Index), Align(8),
        "entry");
    trapIf(B.CreateIsNull(Rec), WASMAOT_TRAP_UNINITIALIZED_ELEMENT);
    // One compare: canonical type ids are unique within the process.
    Value *TypeIds = MT.loadContextField(
        B, Ctx, offsetof(wasmaot_context, type_ids), MT.PtrTy, "type_ids");
    LoadInst *Expected = B.CreateAlignedLoad(
        MT.I32Ty, B.CreateConstInBoundsGEP1_64(MT.I32Ty, TypeIds, Op.Index),
        Align(4), "expected.type");
    MT.markInvariant(Expected);
    Value *Actual = B.CreateAlignedLoad(
        MT.I32Ty,
        B.CreateConstInBoundsGEP1_64(MT.I8Ty, Rec,
                                     offsetof(wasmaot_func, type_id)),
        Align(4), "actual.type");
    trapIf(B.CreateICmpNE(Actual, Expected),
           WASMAOT_TRAP_INDIRECT_CALL_TYPE_MISMATCH);
    Value *Call =
        callThroughRecord(B, MT, Rec, Callee, Args, /*Invariant=*/false);
    pushResults(B, Stack, Call, Callee.Results.size());
    return Error::success();
  }
  default:
    return unsupported(Op, "call operator");
  }
}

} // namespace wasmaot
