//===- Trampolines.cpp - Entries from the host, adapters to it ------------===//
//
// An entry trampoline lets a host call any function of a type through the
// generic (values in, values out) interface: it unboxes the arguments, calls
// the native code, and boxes the results. A host adapter is the reverse: a
// function with the Wasm calling convention that boxes its arguments and
// calls a host callback (wasmaot_host_binding).
//
//===----------------------------------------------------------------------===//

#include "ModuleTranslator.h"

#include "wasmaot/abi.h"

#include "llvm/IR/MDBuilder.h"

using namespace llvm;

namespace wasmaot {

namespace {
constexpr uint64_t SlotSize = sizeof(wasmaot_val);
static_assert(SlotSize == 16, "wasmaot_val holds a v128");
} // namespace

Function *ModuleTranslator::createEntryTrampoline(uint32_t TypeIndex) {
  const FuncType &T = WM.Types[TypeIndex];
  FunctionType *Ty =
      FunctionType::get(VoidTy, {PtrTy, PtrTy, PtrTy, PtrTy}, false);
  Function *Fn = Function::Create(Ty, GlobalValue::InternalLinkage,
                                  "wasmaot.entry.t" + Twine(TypeIndex),
                                  LM.get());
  Fn->addFnAttr(Attribute::NoUnwind);
  Fn->addFnAttr("frame-pointer", "all");
  IRBuilder<> B(BasicBlock::Create(Context, "entry", Fn));
  Value *Callee = Fn->getArg(0), *Code = Fn->getArg(1), *Args = Fn->getArg(2),
        *Results = Fn->getArg(3);
  SmallVector<Value *, 8> CallArgs{Callee};
  for (size_t I = 0; I < T.Params.size(); ++I)
    CallArgs.push_back(B.CreateAlignedLoad(
        getType(T.Params[I]),
        B.CreateConstInBoundsGEP1_64(I8Ty, Args, I * SlotSize), Align(8)));
  Value *Call = B.CreateCall(getFunctionType(T), Code, CallArgs);
  for (size_t I = 0; I < T.Results.size(); ++I) {
    Value *V = T.Results.size() == 1 ? Call : B.CreateExtractValue(Call, I);
    B.CreateAlignedStore(
        V, B.CreateConstInBoundsGEP1_64(I8Ty, Results, I * SlotSize),
        Align(8));
  }
  B.CreateRetVoid();
  return Fn;
}

Function *ModuleTranslator::createHostAdapter(uint32_t TypeIndex) {
  const FuncType &T = WM.Types[TypeIndex];
  Function *Fn = Function::Create(getFunctionType(T),
                                  GlobalValue::InternalLinkage,
                                  "wasmaot.host.t" + Twine(TypeIndex),
                                  LM.get());
  Fn->addFnAttr(Attribute::NoUnwind);
  Fn->addFnAttr("frame-pointer", "all");
  IRBuilder<> B(BasicBlock::Create(Context, "entry", Fn));
  Value *Binding = Fn->getArg(0);
  auto SlotsTy = [&](size_t N) {
    return ArrayType::get(I8Ty, std::max<size_t>(N, 1) * SlotSize);
  };
  AllocaInst *Args = B.CreateAlloca(SlotsTy(T.Params.size()));
  Args->setAlignment(Align(16));
  AllocaInst *Results = B.CreateAlloca(SlotsTy(T.Results.size()));
  Results->setAlignment(Align(16));
  for (size_t I = 0; I < T.Params.size(); ++I)
    B.CreateAlignedStore(
        Fn->getArg(I + 1),
        B.CreateConstInBoundsGEP1_64(I8Ty, Args, I * SlotSize), Align(8));

  auto Field = [&](size_t Offset, const Twine &Name) {
    return B.CreateAlignedLoad(
        PtrTy, B.CreateConstInBoundsGEP1_64(I8Ty, Binding, Offset), Align(8),
        Name);
  };
  Value *Callback =
      Field(offsetof(wasmaot_host_binding, callback), "callback");
  Value *Env = Field(offsetof(wasmaot_host_binding, env), "env");
  Value *Caller = Field(offsetof(wasmaot_host_binding, caller), "caller");
  FunctionType *CallbackTy =
      FunctionType::get(I32Ty, {PtrTy, PtrTy, PtrTy, PtrTy}, false);
  Value *Status =
      B.CreateCall(CallbackTy, Callback, {Env, Caller, Args, Results});

  // A non-zero status is the trap the host asks for.
  BasicBlock *TrapBB = BasicBlock::Create(Context, "trap", Fn);
  BasicBlock *Done = BasicBlock::Create(Context, "done", Fn);
  B.CreateCondBr(B.CreateICmpNE(Status, B.getInt32(0)), TrapBB, Done,
                 MDBuilder(Context).createUnlikelyBranchWeights());
  B.SetInsertPoint(TrapBB);
  B.CreateCall(TrapFunction, {Caller, Status})->setDoesNotReturn();
  B.CreateUnreachable();

  B.SetInsertPoint(Done);
  SmallVector<Value *, 4> Values;
  for (size_t I = 0; I < T.Results.size(); ++I)
    Values.push_back(B.CreateAlignedLoad(
        getType(T.Results[I]),
        B.CreateConstInBoundsGEP1_64(I8Ty, Results, I * SlotSize),
        Align(8)));
  if (Values.empty()) {
    B.CreateRetVoid();
  } else if (Values.size() == 1) {
    B.CreateRet(Values[0]);
  } else {
    Value *Agg = PoisonValue::get(Fn->getReturnType());
    for (size_t I = 0; I < Values.size(); ++I)
      Agg = B.CreateInsertValue(Agg, Values[I], I);
    B.CreateRet(Agg);
  }
  return Fn;
}

} // namespace wasmaot
