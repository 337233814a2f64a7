//===- ModuleTranslator.cpp - Module-level state of the lowering ----------===//

#include "ModuleTranslator.h"
#include "FunctionTranslator.h"

#include "wasmaot/Wasm/Error.h"
#include "wasmaot/abi.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

using namespace llvm;

namespace wasmaot {

ModuleTranslator::ModuleTranslator(const Module &WM, LLVMContext &Context,
                                   const TranslateOptions &Options,
                                   std::optional<Partition> Part)
    : WM(WM), Context(Context), Options(Options), Part(Part) {
  PtrTy = PointerType::get(Context, 0);
  I8Ty = Type::getInt8Ty(Context);
  I32Ty = Type::getInt32Ty(Context);
  I64Ty = Type::getInt64Ty(Context);
  IntPtrTy = I64Ty;
  F32Ty = Type::getFloatTy(Context);
  F64Ty = Type::getDoubleTy(Context);
  V128Ty = FixedVectorType::get(I64Ty, 2);
  VoidTy = Type::getVoidTy(Context);
  EmptyNode = MDNode::get(Context, {});
}

Type *ModuleTranslator::getType(ValType T) const {
  switch (T) {
  case ValType::I32: return I32Ty;
  case ValType::I64: return I64Ty;
  case ValType::F32: return F32Ty;
  case ValType::F64: return F64Ty;
  case ValType::V128: return V128Ty;
  case ValType::FuncRef:
  case ValType::ExternRef:
  case ValType::ExnRef: return PtrTy;
  case ValType::Bottom: break;
  }
  llvm_unreachable("no LLVM type for this value type");
}

Type *ModuleTranslator::getResultType(ArrayRef<ValType> Results) const {
  if (Results.empty())
    return VoidTy;
  if (Results.size() == 1)
    return getType(Results[0]);
  SmallVector<Type *, 4> Elements;
  for (ValType T : Results)
    Elements.push_back(getType(T));
  return StructType::get(Context, Elements);
}

FunctionType *ModuleTranslator::getFunctionType(const FuncType &T) const {
  SmallVector<Type *, 8> Params{PtrTy};
  for (ValType P : T.Params)
    Params.push_back(getType(P));
  return FunctionType::get(getResultType(T.Results), Params, false);
}

void ModuleTranslator::markInvariant(LoadInst *Load) const {
  Load->setMetadata(LLVMContext::MD_invariant_load, EmptyNode);
}

Value *ModuleTranslator::loadContextField(IRBuilder<> &B, Value *Ctx,
                                          size_t Offset, Type *Ty,
                                          const Twine &Name) const {
  Value *Ptr = B.CreateConstInBoundsGEP1_64(I8Ty, Ctx, Offset);
  LoadInst *Load = B.CreateAlignedLoad(Ty, Ptr, Align(8), Name);
  markInvariant(Load);
  return Load;
}

Value *ModuleTranslator::loadContextArrayElement(IRBuilder<> &B, Value *Ctx,
                                                size_t FieldOffset,
                                                uint64_t Index,
                                                const Twine &Name) const {
  Value *Array = loadContextField(B, Ctx, FieldOffset, PtrTy, "");
  LoadInst *Element = B.CreateAlignedLoad(
      PtrTy, B.CreateConstInBoundsGEP1_64(PtrTy, Array, Index), Align(8),
      Name);
  markInvariant(Element);
  return Element;
}

Error ModuleTranslator::declareFunctions() {
  Functions.assign(WM.FuncTypeIndices.size(), nullptr);
  for (uint32_t I = WM.NumImportedFuncs; I < WM.FuncTypeIndices.size(); ++I) {
    Function *Fn =
        Function::Create(getFunctionType(WM.getFuncType(I)),
                         GlobalValue::InternalLinkage, "wasm_f" + Twine(I),
                         LM.get());
    setPartLinkage(Fn);
    // Never turn Wasm loops into libc calls (their faults would land outside
    // generated code), keep frame pointers for backtraces.
    Fn->addFnAttr("no-builtins");
    Fn->addFnAttr("frame-pointer", "all");
    // Frames larger than a page touch each page as the prologue allocates
    // them, so that they fault on the guard page instead of jumping over it
    // (small frames pay nothing).
    Fn->addFnAttr("probe-stack", "inline-asm");
    Fn->addFnAttr(Attribute::NoUnwind);
    // Recursion must exhaust the stack as deep Wasm recursion does, so
    // tail-recursion elimination may not turn it into a loop.
    Fn->addFnAttr("disable-tail-calls", "true");
    Fn->getArg(0)->setName("ctx");
    Fn->addParamAttr(0, Attribute::NonNull);
    Functions[I] = Fn;
  }
  return Error::success();
}

bool ModuleTranslator::definesFunction(uint32_t I) const {
  if (!Part)
    return I >= WM.NumImportedFuncs;
  return !Part->ModulePart && I >= Part->Begin && I < Part->End;
}

void ModuleTranslator::setPartLinkage(Function *Fn) const {
  if (!Part)
    return; // internal: the optimiser may change or drop it
  Fn->setLinkage(GlobalValue::ExternalLinkage);
  Fn->setVisibility(GlobalValue::HiddenVisibility);
  Fn->setDSOLocal(true);
}

void ModuleTranslator::createTrapFunction() {
  FunctionType *Ty = FunctionType::get(VoidTy, {PtrTy, I32Ty}, false);
  TrapFunction = Function::Create(Ty, GlobalValue::InternalLinkage,
                                  "wasmaot.trap", LM.get());
  setPartLinkage(TrapFunction);
  TrapFunction->addFnAttr(Attribute::NoReturn);
  TrapFunction->addFnAttr(Attribute::Cold);
  TrapFunction->addFnAttr(Attribute::NoInline);
  TrapFunction->addFnAttr(Attribute::NoUnwind);
  TrapFunction->addFnAttr("frame-pointer", "all");
  // One definition, in the module part; the function parts call it (the
  // descriptor lists it, so backtraces recognise it).
  if (Part && !Part->ModulePart)
    return;
  BasicBlock *BB = BasicBlock::Create(Context, "entry", TrapFunction);
  IRBuilder<> B(BB);
  Value *Ctx = TrapFunction->getArg(0);
  Value *Services = loadContextField(B, Ctx, offsetof(wasmaot_context, rt),
                                     PtrTy, "rt");
  Value *TrapPtr = B.CreateAlignedLoad(
      PtrTy,
      B.CreateConstInBoundsGEP1_64(I8Ty, Services,
                                   offsetof(wasmaot_runtime_services, trap)),
      Align(8), "trap");
  CallInst *Call = B.CreateCall(Ty, TrapPtr, {Ctx, TrapFunction->getArg(1)});
  Call->setDoesNotReturn();
  B.CreateUnreachable();
}

/// Module-level uses of features that are decoded and validated but not
/// compiled yet; operators report theirs as they are lowered.
static Error checkCompiledFeatures(const Module &WM) {
  auto Unsupported = [](const Twine &What) {
    return make_error<WasmError>(WasmErrorKind::Unsupported, 0,
                                 ("unsupported feature: " + What +
                                  " is not compiled yet")
                                     .str());
  };
  if (WM.Memories.size() > 1)
    return Unsupported("multi-memory (several memories)");
  for (const MemoryType &M : WM.Memories) {
    if (M.Pages.Is64)
      return Unsupported("memory64 (a 64-bit memory)");
    if (M.Pages.Shared)
      return Unsupported("threads (a shared memory)");
  }
  for (const TableType &T : WM.Tables)
    if (T.Size.Is64)
      return Unsupported("memory64 (a 64-bit table)");
  if (!WM.Tags.empty())
    return Unsupported("exceptions (tags)");
  return Error::success();
}

GlobalVariable *ModuleTranslator::getFixedTable(uint32_t Table) {
  GlobalVariable *&G = FixedTableGlobals[Table];
  if (G)
    return G;
  const std::vector<uint32_t> &Slots = *getFixedTables().get(Table);
  ArrayType *Ty = ArrayType::get(FixedSlotTy, Slots.size());
  Constant *Init = nullptr;
  if (!Part || Part->ModulePart) {
    std::vector<Constant *> Elements;
    Elements.reserve(Slots.size());
    for (uint32_t Func : Slots) {
      bool Null = Func == FixedTables::NoFunction;
      Elements.push_back(ConstantStruct::get(
          FixedSlotTy,
          {Null ? ConstantPointerNull::get(PtrTy)
                : static_cast<Constant *>(Functions[Func]),
           ConstantInt::get(I32Ty, Null ? NullSlotType
                                        : getCanonicalType(
                                              WM.FuncTypeIndices[Func])),
           ConstantInt::get(I32Ty, 0)}));
    }
    Init = ConstantArray::get(Ty, Elements);
  }
  G = new GlobalVariable(*LM, Ty, /*isConstant=*/true,
                         GlobalValue::InternalLinkage, Init,
                         "wasmaot.fixed_table." + Twine(Table));
  G->setAlignment(Align(16));
  if (Part) {
    G->setLinkage(GlobalValue::ExternalLinkage);
    G->setVisibility(GlobalValue::HiddenVisibility);
    G->setDSOLocal(true);
  }
  return G;
}

Expected<std::unique_ptr<llvm::Module>> ModuleTranslator::run() {
  if (Error E = checkCompiledFeatures(WM))
    return std::move(E);
  LM = std::make_unique<llvm::Module>(Options.ModuleName, Context);
  if (!Options.Tables)
    Options.Tables = findFixedTables(WM, Options.Features);
  FixedTableGlobals.assign(WM.Tables.size(), nullptr);
  FixedSlotTy = StructType::get(Context, {PtrTy, I32Ty, I32Ty});
  CanonicalTypes.resize(WM.Types.size());
  StringMap<uint32_t> FirstOfSignature;
  for (uint32_t T = 0; T < WM.Types.size(); ++T) {
    std::string Signature;
    for (ValType V : WM.Types[T].Params)
      Signature += char(V);
    Signature += '>';
    for (ValType V : WM.Types[T].Results)
      Signature += char(V);
    CanonicalTypes[T] =
        FirstOfSignature.try_emplace(Signature, T).first->second;
  }
  if (Error E = declareFunctions())
    return std::move(E);
  createTrapFunction();
  // The function parts refer to the module part's copies.
  if (Part && Part->ModulePart)
    for (uint32_t T = 0; T < WM.Tables.size(); ++T)
      if (getFixedTables().get(T))
        getFixedTable(T);
  for (uint32_t I = WM.NumImportedFuncs; I < WM.FuncTypeIndices.size(); ++I) {
    if (!definesFunction(I))
      continue;
    FunctionTranslator FT(*this, I);
    if (Error E = FT.run())
      return std::move(E);
  }
  if (!Part || Part->ModulePart)
    createDescriptor();
  std::string Problems;
  raw_string_ostream OS(Problems);
  if (verifyModule(*LM, &OS))
    return createStringError("internal error: the LLVM IR of the module "
                             "does not verify: %s",
                             Problems.c_str());
  return std::move(LM);
}

Expected<std::unique_ptr<llvm::Module>>
translateModule(const Module &M, LLVMContext &Context,
                const TranslateOptions &Options) {
  return ModuleTranslator(M, Context, Options).run();
}

Expected<std::unique_ptr<llvm::Module>>
translatePartition(const Module &M, LLVMContext &Context,
                   const TranslateOptions &Options, const Partition &Part) {
  TranslateOptions PartOptions = Options;
  PartOptions.ModuleName =
      Options.ModuleName +
      (Part.ModulePart ? std::string("#module")
                       : "#" + std::to_string(Part.Begin) + "-" +
                             std::to_string(Part.End));
  return ModuleTranslator(M, Context, PartOptions, Part).run();
}

std::vector<Partition> partitionFunctions(const Module &M,
                                          uint64_t TargetBytes) {
  std::vector<Partition> Parts{{/*ModulePart=*/true, 0, 0}};
  const uint32_t First = M.NumImportedFuncs;
  const uint32_t End = M.FuncTypeIndices.size();
  // About one function in 16 is a cut candidate: a range of small functions
  // still ends near TargetBytes, and boundaries depend on content only.
  constexpr uint64_t CutMask = 15;
  uint32_t Begin = First;
  uint64_t Bytes = 0;
  for (uint32_t I = First; I < End; ++I) {
    ArrayRef<uint8_t> Body = M.Bodies[I - First].Bytes;
    Bytes += Body.size();
    bool Cut = Bytes >= 2 * TargetBytes ||
               (Bytes >= TargetBytes / 2 && (xxh3_64bits(Body) & CutMask) == 0);
    if (Cut || I + 1 == End) {
      Parts.push_back({false, Begin, I + 1});
      Begin = I + 1;
      Bytes = 0;
    }
  }
  if (Parts.size() <= 2)
    return {};
  return Parts;
}

} // namespace wasmaot
