//===- ModuleDescriptor.cpp - The descriptor and compiled constants -------===//
//
// Emits the one exported symbol of a compiled library, the
// wasmaot_module_descriptor of abi.h, as an LLVM constant whose struct types
// mirror the C structs field by field, and the functions that evaluate the
// module's constant expressions (global initialisers, segment offsets,
// element items) against an instance context.
//
//===----------------------------------------------------------------------===//

#include "ModuleTranslator.h"

#include "wasmaot/Wasm/Operator.h"
#include "wasmaot/abi.h"

#include "llvm/IR/Constants.h"

#include <cstring>

using namespace llvm;

namespace wasmaot {

namespace {

/// Builds constants of the descriptor's C structs. Each struct type lists
/// its fields in C order; padding fields are explicit, so the LLVM layout on
/// an LP64 target is the C layout (checked by the runtime's tests).
class DescriptorBuilder {
public:
  DescriptorBuilder(ModuleTranslator &MT) : MT(MT), C(MT.getContext()) {
    I32 = MT.I32Ty;
    I64 = MT.I64Ty;
    Ptr = MT.PtrTy;
    FuncTypeTy = StructType::get(C, {I32, I32, Ptr, Ptr});
    ImportTy = StructType::get(C, {Ptr, Ptr, I32, I32, I32, I32});
    ExportTy = StructType::get(C, {Ptr, I32, I32, I32, I32});
    LimitsTy = StructType::get(C, {I64, I64, I32, I32});
    TableTy = StructType::get(C, {LimitsTy, I32, I32});
    GlobalTy = StructType::get(C, {I32, I32});
    ElemTy = StructType::get(C, {I32, I32, I32, I32});
    DataTy = StructType::get(C, {I32, I32, Ptr, I64});
  }

  Constant *u32(uint64_t V) { return ConstantInt::get(I32, V); }
  Constant *u64(uint64_t V) { return ConstantInt::get(I64, V); }
  Constant *null() { return ConstantPointerNull::get(Ptr); }

  /// A private, null-terminated string constant.
  Constant *string(StringRef S, const Twine &Name) {
    Constant *Init = ConstantDataArray::getString(C, S, /*AddNull=*/true);
    return privateGlobal(Init, Name);
  }
  Constant *bytes(ArrayRef<uint8_t> Bytes, const Twine &Name) {
    if (Bytes.empty())
      return null();
    return privateGlobal(ConstantDataArray::get(C, Bytes), Name);
  }
  /// A private constant array of Elements (NULL when empty).
  Constant *array(Type *ElementTy, ArrayRef<Constant *> Elements,
                  const Twine &Name) {
    if (Elements.empty())
      return null();
    return privateGlobal(
        ConstantArray::get(ArrayType::get(ElementTy, Elements.size()),
                           Elements),
        Name);
  }
  Constant *privateGlobal(Constant *Init, const Twine &Name) {
    return new GlobalVariable(MT.getLLVMModule(), Init->getType(),
                              /*isConstant=*/true,
                              GlobalValue::PrivateLinkage, Init, Name);
  }

  ModuleTranslator &MT;
  LLVMContext &C;
  IntegerType *I32, *I64;
  PointerType *Ptr;
  StructType *FuncTypeTy, *ImportTy, *ExportTy, *LimitsTy, *TableTy,
      *GlobalTy, *ElemTy, *DataTy;
};

Constant *limits(DescriptorBuilder &D, const Limits &L, uint32_t Flags) {
  return ConstantStruct::get(D.LimitsTy,
                             {D.u64(L.Min), D.u64(L.Max.value_or(0)),
                              D.u32(L.Max.has_value()), D.u32(Flags)});
}

} // namespace

Value *ModuleTranslator::emitConstExpr(IRBuilder<> &B, Value *Ctx,
                                       const ConstExpr &E) {
  BinaryReader R(E.Bytes, E.Offset);
  OperatorDecoder Decoder(R, Options.Features, WM);
  Operator Op;
  SmallVector<Value *, 4> Stack;
  auto Pop = [&] { return Stack.pop_back_val(); };
  while (Decoder.next(Op)) {
    switch (Op.Op) {
    case Opcode::I32Const: Stack.push_back(B.getInt32(uint32_t(Op.I32))); break;
    case Opcode::I64Const: Stack.push_back(B.getInt64(uint64_t(Op.I64))); break;
    case Opcode::F32Const:
      Stack.push_back(B.CreateBitCast(B.getInt32(Op.F32Bits), F32Ty));
      break;
    case Opcode::F64Const:
      Stack.push_back(B.CreateBitCast(B.getInt64(Op.F64Bits), F64Ty));
      break;
    case Opcode::V128Const: {
      uint64_t Lanes[2];
      std::memcpy(Lanes, Op.Bytes16, 16);
      Stack.push_back(ConstantDataVector::get(Context, ArrayRef(Lanes)));
      break;
    }
    case Opcode::RefNull:
      Stack.push_back(ConstantPointerNull::get(PtrTy));
      break;
    case Opcode::RefFunc: {
      Stack.push_back(loadContextArrayElement(
          B, Ctx, offsetof(wasmaot_context, funcs), Op.Index, "funcref"));
      break;
    }
    case Opcode::GlobalGet: {
      Value *Slot = loadContextArrayElement(
          B, Ctx, offsetof(wasmaot_context, globals), Op.Index, "global.ptr");
      Stack.push_back(B.CreateAlignedLoad(getType(WM.Globals[Op.Index].Type),
                                          Slot, Align(8)));
      break;
    }
    case Opcode::I32Add: case Opcode::I64Add: {
      Value *Rhs = Pop(), *Lhs = Pop();
      Stack.push_back(B.CreateAdd(Lhs, Rhs));
      break;
    }
    case Opcode::I32Sub: case Opcode::I64Sub: {
      Value *Rhs = Pop(), *Lhs = Pop();
      Stack.push_back(B.CreateSub(Lhs, Rhs));
      break;
    }
    case Opcode::I32Mul: case Opcode::I64Mul: {
      Value *Rhs = Pop(), *Lhs = Pop();
      Stack.push_back(B.CreateMul(Lhs, Rhs));
      break;
    }
    case Opcode::End:
      break;
    default:
      llvm_unreachable("validated constant expressions hold no other operator");
    }
  }
  consumeError(R.takeError()); // validated: cannot fail
  return Stack.back();
}

void ModuleTranslator::createConstExprFunctions() {
  auto Define = [&](ArrayRef<Type *> Params, const Twine &Name) {
    Function *Fn = Function::Create(FunctionType::get(VoidTy, Params, false),
                                    GlobalValue::InternalLinkage, Name,
                                    LM.get());
    Fn->addFnAttr(Attribute::NoUnwind);
    Fn->addFnAttr("frame-pointer", "all");
    return Fn;
  };

  // init_globals(ctx): each defined global's initial value, in order (an
  // initialiser may read the globals before it).
  InitGlobals = Define({PtrTy}, "wasmaot.init_globals");
  {
    IRBuilder<> B(BasicBlock::Create(Context, "entry", InitGlobals));
    Value *Ctx = InitGlobals->getArg(0);
    for (size_t I = 0; I < WM.GlobalInits.size(); ++I) {
      uint32_t Index = WM.NumImportedGlobals + I;
      Value *V = emitConstExpr(B, Ctx, WM.GlobalInits[I]);
      Value *Slot = loadContextArrayElement(
          B, Ctx, offsetof(wasmaot_context, globals), Index, "global.ptr");
      B.CreateAlignedStore(V, Slot, Align(8));
    }
    B.CreateRetVoid();
  }

  // eval_offsets(ctx, elem_offsets, data_offsets): active segments only.
  EvalOffsets = Define({PtrTy, PtrTy, PtrTy}, "wasmaot.eval_offsets");
  {
    IRBuilder<> B(BasicBlock::Create(Context, "entry", EvalOffsets));
    Value *Ctx = EvalOffsets->getArg(0);
    auto Store = [&](Value *Array, size_t Index, const ConstExpr &E) {
      Value *V = B.CreateZExt(emitConstExpr(B, Ctx, E), I64Ty);
      B.CreateAlignedStore(
          V, B.CreateConstInBoundsGEP1_64(I64Ty, Array, Index), Align(8));
    };
    for (size_t I = 0; I < WM.Elems.size(); ++I)
      if (WM.Elems[I].Mode == SegmentMode::Active)
        Store(EvalOffsets->getArg(1), I, WM.Elems[I].Offset);
    for (size_t I = 0; I < WM.Datas.size(); ++I)
      if (WM.Datas[I].Mode == SegmentMode::Active)
        Store(EvalOffsets->getArg(2), I, WM.Datas[I].Offset);
    B.CreateRetVoid();
  }

  // eval_elem_items(ctx, segment, items): a switch over the segments.
  EvalElemItems = Define({PtrTy, I32Ty, PtrTy}, "wasmaot.eval_elem_items");
  {
    BasicBlock *Entry = BasicBlock::Create(Context, "entry", EvalElemItems);
    BasicBlock *Done = BasicBlock::Create(Context, "done", EvalElemItems);
    IRBuilder<> B(Done);
    B.CreateRetVoid();
    B.SetInsertPoint(Entry);
    Value *Ctx = EvalElemItems->getArg(0);
    Value *Items = EvalElemItems->getArg(2);
    SwitchInst *Switch =
        B.CreateSwitch(EvalElemItems->getArg(1), Done, WM.Elems.size());
    for (size_t S = 0; S < WM.Elems.size(); ++S) {
      const ElemSegment &Seg = WM.Elems[S];
      BasicBlock *Case = BasicBlock::Create(Context, "seg", EvalElemItems);
      Switch->addCase(B.getInt32(S), Case);
      B.SetInsertPoint(Case);
      Value *Funcs = nullptr;
      for (size_t I = 0; I < Seg.size(); ++I) {
        Value *V;
        if (Seg.UsesExprs) {
          V = emitConstExpr(B, Ctx, Seg.Exprs[I]);
        } else {
          if (!Funcs)
            Funcs = loadContextField(B, Ctx, offsetof(wasmaot_context, funcs),
                                     PtrTy, "funcs");
          V = B.CreateAlignedLoad(
              PtrTy,
              B.CreateConstInBoundsGEP1_64(PtrTy, Funcs, Seg.FuncIndices[I]),
              Align(8));
        }
        B.CreateAlignedStore(
            V, B.CreateConstInBoundsGEP1_64(PtrTy, Items, I), Align(8));
      }
      B.CreateBr(Done);
    }
  }
}

void ModuleTranslator::createDescriptor() {
  DescriptorBuilder D(*this);
  auto Count = [&](size_t N) { return D.u32(N); };

  // Types, and per type the entry trampoline and host adapter.
  SmallVector<Constant *, 16> Types, Entries, Adapters;
  for (size_t I = 0; I < WM.Types.size(); ++I) {
    const FuncType &T = WM.Types[I];
    auto Codes = [&](ArrayRef<ValType> Vs, const char *Kind) {
      SmallVector<uint8_t, 8> Bytes;
      for (ValType V : Vs)
        Bytes.push_back(uint8_t(V));
      return D.bytes(Bytes, "type" + Twine(I) + "." + Kind);
    };
    Types.push_back(ConstantStruct::get(
        D.FuncTypeTy, {Count(T.Params.size()), Count(T.Results.size()),
                       Codes(T.Params, "params"),
                       Codes(T.Results, "results")}));
    Entries.push_back(createEntryTrampoline(I));
    Adapters.push_back(createHostAdapter(I));
  }

  SmallVector<Constant *, 16> Imports;
  for (const Import &Imp : WM.Imports)
    Imports.push_back(ConstantStruct::get(
        D.ImportTy,
        {D.string(Imp.Module, "import.module"),
         D.string(Imp.Field, "import.name"), Count(Imp.Module.size()),
         Count(Imp.Field.size()), D.u32(uint32_t(Imp.Kind)),
         D.u32(Imp.Index)}));

  SmallVector<Constant *, 64> FuncTypeIndices, Code, FuncNames;
  for (uint32_t I = 0; I < WM.FuncTypeIndices.size(); ++I) {
    FuncTypeIndices.push_back(D.u32(WM.FuncTypeIndices[I]));
    if (I >= WM.NumImportedFuncs)
      Code.push_back(Functions[I]);
    StringRef Name = WM.getFuncName(I);
    FuncNames.push_back(Name.empty() ? D.null()
                                     : D.string(Name, "func.name"));
  }

  SmallVector<Constant *, 4> Tables, Memories, Globals, Exports, Elems, Datas;
  for (const TableType &T : WM.Tables)
    Tables.push_back(ConstantStruct::get(
        D.TableTy, {limits(D, T.Size, T.Size.Is64 ? WASMAOT_TABLE_64 : 0),
                    D.u32(uint8_t(T.Elem)), D.u32(0)}));
  for (const MemoryType &M : WM.Memories)
    Memories.push_back(
        limits(D, M.Pages,
               (M.Pages.Is64 ? WASMAOT_MEMORY_64 : 0) |
                   (M.Pages.Shared ? WASMAOT_MEMORY_SHARED : 0)));
  for (const GlobalType &G : WM.Globals)
    Globals.push_back(ConstantStruct::get(
        D.GlobalTy, {D.u32(uint8_t(G.Type)), D.u32(G.Mutable)}));
  for (const Export &E : WM.Exports)
    Exports.push_back(ConstantStruct::get(
        D.ExportTy, {D.string(E.Name, "export.name"), Count(E.Name.size()),
                     D.u32(uint32_t(E.Kind)), D.u32(E.Index), D.u32(0)}));
  for (const ElemSegment &S : WM.Elems)
    Elems.push_back(ConstantStruct::get(
        D.ElemTy, {D.u32(uint32_t(S.Mode)), D.u32(S.Table),
                   D.u32(uint8_t(S.Type)), Count(S.size())}));
  for (const DataSegment &S : WM.Datas)
    Datas.push_back(ConstantStruct::get(
        D.DataTy, {D.u32(uint32_t(S.Mode)), D.u32(S.Memory),
                   D.bytes(S.Bytes, "data"), D.u64(S.Bytes.size())}));

  createConstExprFunctions();

  Constant *Fields[] = {
      D.u32(WASMAOT_DESCRIPTOR_MAGIC),
      D.u32(WASMAOT_ABI_VERSION),
      D.u64(sizeof(wasmaot_context)),
      Count(WM.Types.size()),
      Count(WM.Imports.size()),
      D.array(D.FuncTypeTy, Types, "types"),
      D.array(D.ImportTy, Imports, "imports"),
      Count(WM.FuncTypeIndices.size()),
      Count(WM.NumImportedFuncs),
      D.array(I32Ty, FuncTypeIndices, "func_type_indices"),
      D.array(PtrTy, Code, "code"),
      D.array(PtrTy, Entries, "entries"),
      D.array(PtrTy, Adapters, "host_adapters"),
      Count(WM.Tables.size()),
      Count(WM.NumImportedTables),
      Count(WM.Memories.size()),
      Count(WM.NumImportedMemories),
      Count(WM.Globals.size()),
      Count(WM.NumImportedGlobals),
      Count(WM.Exports.size()),
      Count(WM.Elems.size()),
      Count(WM.Datas.size()),
      D.u32(WM.Start ? *WM.Start : uint32_t(-1)),
      D.array(D.TableTy, Tables, "tables"),
      D.array(D.LimitsTy, Memories, "memories"),
      D.array(D.GlobalTy, Globals, "globals"),
      D.array(D.ExportTy, Exports, "exports"),
      D.array(D.ElemTy, Elems, "elem_segments"),
      D.array(D.DataTy, Datas, "data_segments"),
      InitGlobals,
      EvalOffsets,
      EvalElemItems,
      WM.Names.Module.empty() ? D.null()
                              : D.string(WM.Names.Module, "module.name"),
      D.array(PtrTy, FuncNames, "func_names"),
      Count(1),
      D.u32(0),
      D.array(PtrTy, {getTrapFunction()}, "helpers"),
  };
  Constant *Init = ConstantStruct::getAnon(Context, Fields);
  auto *Descriptor = new GlobalVariable(
      *LM, Init->getType(), /*isConstant=*/true, GlobalValue::ExternalLinkage,
      Init, WASMAOT_DESCRIPTOR_SYMBOL);
  Descriptor->setVisibility(GlobalValue::DefaultVisibility);
  Descriptor->setAlignment(Align(8));
}

} // namespace wasmaot
