//===- VariableOps.cpp - Locals, globals, references and tables -----------===//

#include "FunctionTranslator.h"

#include "wasmaot/abi.h"

using namespace llvm;

namespace wasmaot {

Error FunctionTranslator::translateVariable(const Operator &Op) {
  switch (Op.Op) {
  case Opcode::LocalGet:
    if (MT.localsInMemory()) {
      AllocaInst *Slot = LocalSlots[Op.Index];
      push(B.CreateLoad(Slot->getAllocatedType(), Slot));
    } else {
      push(LocalValues[Op.Index]);
    }
    return Error::success();
  case Opcode::LocalSet:
  case Opcode::LocalTee: {
    Value *V = Op.Op == Opcode::LocalSet ? pop() : Stack.back();
    if (MT.localsInMemory())
      B.CreateStore(V, LocalSlots[Op.Index]);
    else
      LocalValues[Op.Index] = V;
    return Error::success();
  }

  case Opcode::GlobalGet:
  case Opcode::GlobalSet: {
    // Every global lives behind ctx->globals[i]: the instance's own storage
    // or, for an import, the exporter's. The pointers never change.
    Value *Slot = MT.loadContextArrayElement(
        B, Ctx, offsetof(wasmaot_context, globals), Op.Index, "global.ptr");
    const GlobalType &G = WM.Globals[Op.Index];
    llvm::Type *Ty = MT.getType(G.Type);
    if (Op.Op == Opcode::GlobalGet) {
      LoadInst *Load = B.CreateAlignedLoad(Ty, Slot, Align(8), "global");
      if (!G.Mutable)
        MT.markInvariant(Load);
      push(Load);
    } else {
      B.CreateAlignedStore(pop(), Slot, Align(8));
    }
    return Error::success();
  }

  case Opcode::RefNull:
    push(ConstantPointerNull::get(MT.PtrTy));
    return Error::success();
  case Opcode::RefIsNull:
    push(B.CreateZExt(B.CreateIsNull(pop()), MT.I32Ty));
    return Error::success();
  case Opcode::RefFunc: {
    // A funcref is the function's wasmaot_func record, shared by every
    // instance that imports it, so identity holds across modules.
    push(MT.loadContextArrayElement(
        B, Ctx, offsetof(wasmaot_context, funcs), Op.Index, "funcref"));
    return Error::success();
  }
  default:
    return unsupported(Op, "variable operator");
  }
}

Error FunctionTranslator::translateTable(const Operator &Op) {
  auto LoadTable = [&](uint32_t Index) -> Value * {
    return MT.loadContextArrayElement(
        B, Ctx, offsetof(wasmaot_context, tables), Index, "table");
  };
  auto Field = [&](Value *Table, size_t Offset, llvm::Type *Ty,
                   const Twine &Name) -> Value * {
    return B.CreateAlignedLoad(
        Ty, B.CreateConstInBoundsGEP1_64(MT.I8Ty, Table, Offset), Align(8),
        Name);
  };
  // Table indices are i32 (or i64 for table64); widen for the runtime.
  auto Widen = [&](Value *V) { return B.CreateZExt(V, MT.I64Ty); };
  auto Narrow = [&](Value *V, uint32_t TableIndex) -> Value * {
    return WM.Tables[TableIndex].Size.Is64 ? V : B.CreateTrunc(V, MT.I32Ty);
  };

  switch (Op.Op) {
  case Opcode::TableGet:
  case Opcode::TableSet: {
    Value *Val = Op.Op == Opcode::TableSet ? pop() : nullptr;
    Value *Index = Widen(pop());
    Value *Table = LoadTable(Op.Index);
    Value *Size = Field(Table, offsetof(wasmaot_table, size), MT.I64Ty,
                        "table.size");
    trapIf(B.CreateICmpUGE(Index, Size), WASMAOT_TRAP_OUT_OF_BOUNDS_TABLE);
    Value *Elements = Field(Table, offsetof(wasmaot_table, elements),
                            MT.PtrTy, "elements");
    Value *Slot = B.CreateInBoundsGEP(MT.PtrTy, Elements, Index);
    if (Val)
      B.CreateAlignedStore(Val, Slot, Align(8));
    else
      push(B.CreateAlignedLoad(MT.PtrTy, Slot, Align(8), "ref"));
    return Error::success();
  }
  case Opcode::TableSize: {
    Value *Size = Field(LoadTable(Op.Index), offsetof(wasmaot_table, size),
                        MT.I64Ty, "table.size");
    push(Narrow(Size, Op.Index));
    return Error::success();
  }
  case Opcode::TableGrow: {
    Value *Delta = Widen(pop());
    Value *Init = pop();
    Value *Old = callRuntime(offsetof(wasmaot_runtime_services, table_grow),
                             MT.I64Ty,
                             {Ctx, B.getInt32(Op.Index), Init, Delta});
    push(Narrow(Old, Op.Index));
    return Error::success();
  }
  case Opcode::TableFill: {
    Value *N = Widen(pop());
    Value *Val = pop();
    Value *Dst = Widen(pop());
    callRuntime(offsetof(wasmaot_runtime_services, table_fill), MT.VoidTy,
                {Ctx, B.getInt32(Op.Index), Dst, Val, N});
    return Error::success();
  }
  case Opcode::TableCopy: {
    Value *N = Widen(pop());
    Value *Src = Widen(pop());
    Value *Dst = Widen(pop());
    callRuntime(offsetof(wasmaot_runtime_services, table_copy), MT.VoidTy,
                {Ctx, B.getInt32(Op.Index), B.getInt32(Op.Index2), Dst, Src,
                 N});
    return Error::success();
  }
  case Opcode::TableInit: {
    Value *N = pop();
    Value *Src = pop();
    Value *Dst = Widen(pop());
    callRuntime(offsetof(wasmaot_runtime_services, table_init), MT.VoidTy,
                {Ctx, B.getInt32(Op.Index2), B.getInt32(Op.Index), Dst, Src,
                 N});
    return Error::success();
  }
  case Opcode::ElemDrop:
    callRuntime(offsetof(wasmaot_runtime_services, elem_drop), MT.VoidTy,
                {Ctx, B.getInt32(Op.Index)});
    return Error::success();
  default:
    return unsupported(Op, "table operator");
  }
}

Value *FunctionTranslator::callRuntime(size_t ServiceOffset,
                                       llvm::Type *ResultTy,
                                       ArrayRef<Value *> Args) {
  Value *Services =
      MT.loadContextField(B, Ctx, offsetof(wasmaot_context, rt), MT.PtrTy,
                          "rt");
  LoadInst *Fn = B.CreateAlignedLoad(
      MT.PtrTy, B.CreateConstInBoundsGEP1_64(MT.I8Ty, Services, ServiceOffset),
      Align(8), "service");
  MT.markInvariant(Fn);
  SmallVector<llvm::Type *, 8> ArgTypes;
  for (Value *A : Args)
    ArgTypes.push_back(A->getType());
  return B.CreateCall(FunctionType::get(ResultTy, ArgTypes, false), Fn, Args);
}

} // namespace wasmaot
