//===- FunctionTranslator.cpp - Lowering one function body ----------------===//
//
// The driver (prologue, locals, the operator loop), structured control flow
// and traps. Control follows the usual SSA construction for Wasm: each block
// has a merge block whose phis receive the results and the locals from every
// branch to it, a loop's header has phis for its parameters and for the
// locals its body assigns, and code after an unconditional branch is skipped
// until the end or else of its frame.
//
//===----------------------------------------------------------------------===//

#include "FunctionTranslator.h"

#include "wasmaot/CodeGen/VectorizeHint.h"
#include "wasmaot/Wasm/Error.h"
#include "wasmaot/abi.h"

#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/Local.h"

#include <array>

using namespace llvm;

namespace wasmaot {

FunctionTranslator::FunctionTranslator(ModuleTranslator &MT,
                                       uint32_t FuncIndex)
    : MT(MT), WM(MT.getWasmModule()), FuncIndex(FuncIndex),
      Type(WM.getFuncType(FuncIndex)), F(MT.getDefinedFunction(FuncIndex)),
      B(MT.getContext()) {}

Error FunctionTranslator::unsupported(const Operator &Op, const Twine &Why) {
  auto E = std::make_unique<WasmError>(
      WasmErrorKind::Unsupported, Op.Offset,
      (Twine("unsupported feature: ") + getOpcodeName(Op.Op) +
       " is not compiled yet (" + Why + ")")
          .str());
  E->setFunction(FuncIndex, WM.getFuncName(FuncIndex).str());
  return Error(std::move(E));
}

SmallVector<Value *, 4> FunctionTranslator::popN(size_t N) {
  SmallVector<Value *, 4> Values(Stack.end() - N, Stack.end());
  Stack.resize(Stack.size() - N);
  return Values;
}

void FunctionTranslator::emitTrap(uint32_t Code) {
  consumeLoadSink();
  CallInst *Call = B.CreateCall(MT.getTrapFunction(),
                                {Ctx, B.getInt32(Code)});
  Call->setDoesNotReturn();
  B.CreateUnreachable();
}

void FunctionTranslator::trapIf(Value *Cond, uint32_t Code) {
  BasicBlock *&TrapBB = TrapBlocks[Code];
  if (!TrapBB) {
    TrapBB = BasicBlock::Create(MT.getContext(), "trap", F);
    IRBuilder<>::InsertPointGuard Guard(B);
    B.SetInsertPoint(TrapBB);
    // One trap block per code serves every site: the load sums it consumes
    // are phis of theirs (trivial or dead ones go in removeUselessPhis).
    std::array<Value *, 3> Sums;
    if (loadSumsAreLocals()) {
      llvm::copy(loadSumValues(), Sums.begin());
      for (Value *&Sum : loadSumValues())
        Sum = B.CreatePHI(Sum->getType(), 2);
    }
    emitTrap(Code);
    if (loadSumsAreLocals())
      llvm::copy(Sums, loadSumValues().begin());
  }
  if (loadSumsAreLocals())
    for (auto [Phi, Sum] : zip_equal(TrapBB->phis(), loadSumValues()))
      Phi.addIncoming(Sum, B.GetInsertBlock());
  BasicBlock *Cont = BasicBlock::Create(MT.getContext(), "cont", F);
  // Traps are rare: tell the optimiser so it lays the fast path out first.
  MDNode *Weights = MDBuilder(MT.getContext()).createUnlikelyBranchWeights();
  B.CreateCondBr(Cond, TrapBB, Cont, Weights);
  B.SetInsertPoint(Cont);
}

void FunctionTranslator::resolveBlockType(const BlockTypeImm &BT,
                                          ArrayRef<ValType> &Params,
                                          ArrayRef<ValType> &Results) const {
  // Stable one-element arrays for single-value block types.
  static const std::array<ValType, 256> Singles = [] {
    std::array<ValType, 256> A{};
    for (unsigned I = 0; I < 256; ++I)
      A[I] = ValType(I);
    return A;
  }();
  switch (BT.Kind) {
  case BlockTypeImm::Empty:
    Params = Results = {};
    return;
  case BlockTypeImm::Value:
    Params = {};
    Results = ArrayRef<ValType>(&Singles[uint8_t(BT.Type)], 1);
    return;
  case BlockTypeImm::TypeIndex:
    Params = WM.Types[BT.Index].Params;
    Results = WM.Types[BT.Index].Results;
    return;
  }
}

FunctionTranslator::ControlFrame &
FunctionTranslator::pushFrame(FrameKind Kind, ArrayRef<ValType> Params,
                              ArrayRef<ValType> Results,
                              ArrayRef<Value *> Args) {
  LLVMContext &C = MT.getContext();
  ControlFrame Frame;
  Frame.Kind = Kind;
  Frame.Params = Params;
  Frame.Results = Results;
  Frame.StackHeight = Stack.size();
  Frame.EndBlock = BasicBlock::Create(C, "end", F);
  {
    IRBuilder<>::InsertPointGuard Guard(B);
    B.SetInsertPoint(Frame.EndBlock);
    for (ValType T : Results)
      Frame.EndPhis.push_back(B.CreatePHI(MT.getType(T), 2));
  }
  if (Kind == FrameKind::Loop) {
    Frame.LoopHeader = BasicBlock::Create(C, "loop", F);
    BasicBlock *Pred = B.GetInsertBlock();
    B.CreateBr(Frame.LoopHeader);
    B.SetInsertPoint(Frame.LoopHeader);
    for (size_t I = 0; I < Params.size(); ++I) {
      PHINode *Phi = B.CreatePHI(MT.getType(Params[I]), 2);
      Phi->addIncoming(Args[I], Pred);
      Frame.LoopPhis.push_back(Phi);
    }
    ArrayRef<uint32_t> Assigned;
    if (!MT.localsInMemory())
      Assigned = LoopAssignments[NextLoop++];
    for (uint32_t Local : Assigned) {
      if (!mayReadLater(Local))
        continue;
      // Each one first in the block, where mem2reg put them: code as it
      // was when locals were allocas, down to the register assignment.
      PHINode *Phi = PHINode::Create(LocalValues[Local]->getType(), 2, "",
                                     Frame.LoopHeader->begin());
      Phi->addIncoming(LocalValues[Local], Pred);
      Frame.LoopLocalPhis.push_back({Local, Phi});
      LocalValues[Local] = Phi;
    }
  }
  Ctrls.push_back(std::move(Frame));
  ControlFrame &Top = Ctrls.back();
  if (Kind == FrameKind::Loop)
    Stack.append(Top.LoopPhis.begin(), Top.LoopPhis.end());
  else
    Stack.append(Args.begin(), Args.end());
  return Top;
}

BasicBlock *FunctionTranslator::addBranchArgs(ControlFrame &Target) {
  if (Target.Kind == FrameKind::Loop) {
    addIncoming(Target.LoopPhis);
    BasicBlock *From = B.GetInsertBlock();
    // The locals the loop does not assign have their value from before it.
    for (auto [Local, Phi] : Target.LoopLocalPhis)
      Phi->addIncoming(LocalValues[Local], From);
    return Target.LoopHeader;
  }
  return addEndArgs(Target);
}

BasicBlock *FunctionTranslator::addEndArgs(ControlFrame &Frame) {
  addIncoming(Frame.EndPhis);
  addEndLocals(Frame);
  return Frame.EndBlock;
}

void FunctionTranslator::addEndLocals(ControlFrame &Frame) {
  BasicBlock *From = B.GetInsertBlock();
  if (Frame.EndPreds.empty()) {
    Frame.EndLocals.assign(LocalValues.begin(), LocalValues.end());
    Frame.EndPreds.push_back(From);
    return;
  }
  for (size_t I = 0, N = LocalValues.size(); I < N; ++I) {
    Value *V = LocalValues[I];
    // Only this function puts phis in EndBlock before the frame ends.
    if (auto *Phi = dyn_cast<PHINode>(Frame.EndLocals[I]);
        Phi && Phi->getParent() == Frame.EndBlock) {
      Phi->addIncoming(V, From);
      continue;
    }
    if (Frame.EndLocals[I] == V)
      continue;
    if (!mayReadLater(I)) {
      // Dead from here on, but its value may still reach the phis of
      // frames further out, made while it was live: poison, which every
      // block may use, rather than one edge's value.
      Frame.EndLocals[I] = PoisonValue::get(V->getType());
      continue;
    }
    // The first edge that disagrees: a phi, with the value every earlier
    // edge brought.
    PHINode *Phi = PHINode::Create(V->getType(), Frame.EndPreds.size() + 1,
                                   "", Frame.EndBlock->begin());
    for (BasicBlock *Pred : Frame.EndPreds)
      Phi->addIncoming(Frame.EndLocals[I], Pred);
    Phi->addIncoming(V, From);
    Frame.EndLocals[I] = Phi;
  }
  Frame.EndPreds.push_back(From);
}

void FunctionTranslator::addIncoming(ArrayRef<PHINode *> Phis) {
  BasicBlock *From = B.GetInsertBlock();
  size_t N = Phis.size();
  for (size_t I = 0; I < N; ++I)
    Phis[I]->addIncoming(Stack[Stack.size() - N + I], From);
}

void FunctionTranslator::enterUnreachable() {
  Unreachable = true;
  UnreachableDepth = 0;
  Stack.resize(Ctrls.back().StackHeight);
}

void FunctionTranslator::endFrame() {
  ControlFrame &Frame = Ctrls.back();
  if (!Unreachable)
    B.CreateBr(addEndArgs(Frame));
  Stack.resize(Frame.StackHeight);
  // An if without else: the implicit else passes the parameters through.
  if (Frame.Kind == FrameKind::If) {
    B.SetInsertPoint(Frame.ElseBlock);
    Stack.append(Frame.ElseArgs.begin(), Frame.ElseArgs.end());
    LocalValues.assign(Frame.ElseLocals.begin(), Frame.ElseLocals.end());
    B.CreateBr(addEndArgs(Frame));
    Stack.resize(Frame.StackHeight);
  }

  BasicBlock *End = Frame.EndBlock;
  B.SetInsertPoint(End);
  if (pred_empty(End)) {
    // Nothing reaches the end: what follows is dead code.
    for (PHINode *Phi : Frame.EndPhis)
      Phi->eraseFromParent();
    new UnreachableInst(MT.getContext(), End);
    Ctrls.pop_back();
    if (!Ctrls.empty())
      enterUnreachable();
    return;
  }
  Unreachable = false;
  for (PHINode *Phi : Frame.EndPhis)
    Stack.push_back(Phi);
  LocalValues.assign(Frame.EndLocals.begin(), Frame.EndLocals.end());
  Ctrls.pop_back();
}

void FunctionTranslator::emitReturn() {
  consumeLoadSink();
  size_t N = Type.Results.size();
  if (N == 0) {
    B.CreateRetVoid();
    return;
  }
  if (N == 1) {
    B.CreateRet(Stack.back());
    return;
  }
  Value *Agg = PoisonValue::get(F->getReturnType());
  for (size_t I = 0; I < N; ++I)
    Agg = B.CreateInsertValue(Agg, Stack[Stack.size() - N + I], I);
  B.CreateRet(Agg);
}

Error FunctionTranslator::translateControl(const Operator &Op) {
  LLVMContext &C = MT.getContext();
  ArrayRef<ValType> Params, Results;
  switch (Op.Op) {
  case Opcode::Nop:
    return Error::success();

  case Opcode::Unreachable:
    emitTrap(WASMAOT_TRAP_UNREACHABLE);
    enterUnreachable();
    return Error::success();

  case Opcode::Block:
  case Opcode::Loop: {
    resolveBlockType(Op.Block, Params, Results);
    SmallVector<Value *, 4> Args = popN(Params.size());
    pushFrame(Op.Op == Opcode::Block ? FrameKind::Block : FrameKind::Loop,
              Params, Results, Args);
    return Error::success();
  }

  case Opcode::If: {
    resolveBlockType(Op.Block, Params, Results);
    Value *Cond = B.CreateICmpNE(pop(), B.getInt32(0), "cond");
    SmallVector<Value *, 4> Args = popN(Params.size());
    BasicBlock *Then = BasicBlock::Create(C, "then", F);
    BasicBlock *Else = BasicBlock::Create(C, "else", F);
    B.CreateCondBr(Cond, Then, Else);
    B.SetInsertPoint(Then);
    ControlFrame &Frame = pushFrame(FrameKind::If, Params, Results, Args);
    Frame.ElseBlock = Else;
    Frame.ElseArgs.assign(Args.begin(), Args.end());
    Frame.ElseLocals.assign(LocalValues.begin(), LocalValues.end());
    return Error::success();
  }

  case Opcode::Else: {
    ControlFrame &Frame = Ctrls.back();
    if (!Unreachable)
      B.CreateBr(addEndArgs(Frame));
    Stack.resize(Frame.StackHeight);
    Stack.append(Frame.ElseArgs.begin(), Frame.ElseArgs.end());
    LocalValues.assign(Frame.ElseLocals.begin(), Frame.ElseLocals.end());
    Frame.Kind = FrameKind::Else;
    B.SetInsertPoint(Frame.ElseBlock);
    Unreachable = false;
    return Error::success();
  }

  case Opcode::End:
    if (Ctrls.size() == 1) {
      // The function's end: return what is on the stack.
      if (!Unreachable)
        emitReturn();
      Ctrls.pop_back();
      return Error::success();
    }
    endFrame();
    return Error::success();

  case Opcode::Br: {
    ControlFrame &Target = label(Op.Index);
    if (&Target == &Ctrls.front())
      emitReturn();
    else
      B.CreateBr(addBranchArgs(Target));
    enterUnreachable();
    return Error::success();
  }

  case Opcode::BrIf: {
    Value *Cond = B.CreateICmpNE(pop(), B.getInt32(0), "cond");
    ControlFrame &Target = label(Op.Index);
    BasicBlock *Cont = BasicBlock::Create(C, "br_if.cont", F);
    if (&Target == &Ctrls.front()) {
      BasicBlock *Ret = BasicBlock::Create(C, "br_if.ret", F);
      B.CreateCondBr(Cond, Ret, Cont);
      B.SetInsertPoint(Ret);
      emitReturn();
    } else {
      B.CreateCondBr(Cond, addBranchArgs(Target), Cont);
    }
    B.SetInsertPoint(Cont);
    return Error::success();
  }

  case Opcode::BrTable: {
    Value *Index = pop();
    // Branches to the function's frame return; give them a block of their
    // own so every switch target is a block with phis.
    BasicBlock *ReturnBlock = nullptr;
    auto TargetBlock = [&](uint32_t Depth) -> BasicBlock * {
      ControlFrame &Target = label(Depth);
      if (&Target != &Ctrls.front())
        return addBranchArgs(Target);
      if (!ReturnBlock)
        ReturnBlock = BasicBlock::Create(C, "br_table.ret", F);
      return ReturnBlock;
    };
    SwitchInst *Switch = B.CreateSwitch(Index, TargetBlock(Op.Index),
                                        Op.BrTargets.size());
    for (size_t I = 0; I < Op.BrTargets.size(); ++I)
      Switch->addCase(B.getInt32(I), TargetBlock(Op.BrTargets[I]));
    if (ReturnBlock) {
      B.SetInsertPoint(ReturnBlock);
      emitReturn();
    }
    enterUnreachable();
    return Error::success();
  }

  case Opcode::Return:
    emitReturn();
    enterUnreachable();
    return Error::success();

  default:
    return unsupported(Op, "control operator");
  }
}

Error FunctionTranslator::translateOperator(const Operator &Op) {
  switch (Op.Op) {
  case Opcode::Nop:
  case Opcode::Unreachable:
  case Opcode::Block:
  case Opcode::Loop:
  case Opcode::If:
  case Opcode::Else:
  case Opcode::End:
  case Opcode::Br:
  case Opcode::BrIf:
  case Opcode::BrTable:
  case Opcode::Return:
    return translateControl(Op);
  case Opcode::Drop: {
    // A dropped load must still trap when out of bounds; LLVM deletes an
    // unused load, but not a volatile one. (KeepAll keeps every load.)
    Value *V = pop();
    if (MT.getUnusedLoadPolicy() != UnusedLoadPolicy::KeepDropped)
      return Error::success();
    if (auto *Cast = dyn_cast<CastInst>(V))
      V = Cast->getOperand(0);
    if (auto *Load = dyn_cast<LoadInst>(V); Load && isMemoryLoad(Load))
      Load->setVolatile(true);
    return Error::success();
  }
  case Opcode::Select:
  case Opcode::SelectT: {
    Value *Cond = B.CreateICmpNE(pop(), B.getInt32(0), "cond");
    Value *False = pop();
    Value *True = pop();
    push(B.CreateSelect(Cond, True, False));
    return Error::success();
  }
  case Opcode::Call:
  case Opcode::CallIndirect:
    return translateCall(Op);
  case Opcode::LocalGet:
  case Opcode::LocalSet:
  case Opcode::LocalTee:
  case Opcode::GlobalGet:
  case Opcode::GlobalSet:
  case Opcode::RefNull:
  case Opcode::RefIsNull:
  case Opcode::RefFunc:
    return translateVariable(Op);
  case Opcode::TableGet:
  case Opcode::TableSet:
  case Opcode::TableSize:
  case Opcode::TableGrow:
  case Opcode::TableFill:
  case Opcode::TableCopy:
  case Opcode::TableInit:
  case Opcode::ElemDrop:
    return translateTable(Op);
  default:
    break;
  }
  const OpcodeInfo &Info = getOpcodeInfo(Op.Op);
  if (Info.Prefix == 0xFD)
    return translateSimd(Op);
  if (Info.Prefix == 0xFE)
    return unsupported(Op, "threads");
  if (Info.Imm == ImmKind::MemArg || Info.Imm == ImmKind::Memory ||
      Op.Op == Opcode::MemoryInit || Op.Op == Opcode::MemoryCopy ||
      Op.Op == Opcode::DataDrop)
    return translateMemory(Op);
  if (Info.Feature != FeatureSet::MVP &&
      Info.Feature != FeatureSet::SignExtension &&
      Info.Feature != FeatureSet::SaturatingFloatToInt)
    return unsupported(Op, FeatureSet::name(Info.Feature));
  if (Op.Op >= Opcode::I32WrapI64 && Op.Op <= Opcode::F64ReinterpretI64)
    return translateConversion(Op);
  if (Op.Op >= Opcode::I32TruncSatF32S && Op.Op <= Opcode::I64TruncSatF64U)
    return translateConversion(Op);
  return translateNumeric(Op);
}

Error FunctionTranslator::run() {
  LLVMContext &C = MT.getContext();
  Ctx = F->getArg(0);
  EntryBlock = BasicBlock::Create(C, "entry", F);
  BasicBlock *Body = BasicBlock::Create(C, "body", F);
  B.SetInsertPoint(EntryBlock);

  const FunctionBody &FB = WM.Bodies[FuncIndex - WM.NumImportedFuncs];
  BinaryReader R(FB.Bytes, FB.Offset);
  // Locals: the parameters, then the declared ones, zero-initialised.
  for (size_t I = 0; I < Type.Params.size(); ++I) {
    LocalValues.push_back(F->getArg(I + 1));
    LocalTypes.push_back(Type.Params[I]);
  }
  uint32_t Groups = R.readVarU32();
  for (uint32_t G = 0; G < Groups; ++G) {
    uint32_t Count = R.readVarU32();
    ValType T = OperatorDecoder::readValType(R, MT.getFeatures());
    LocalValues.append(Count, Constant::getNullValue(MT.getType(T)));
    LocalTypes.append(Count, T);
  }
  if (MT.localsInMemory()) {
    // In the entry block, where mem2reg looks; written after the stack
    // check, which must come before the frame is touched.
    for (Value *Initial : LocalValues)
      LocalSlots.push_back(B.CreateAlloca(Initial->getType()));
  } else {
    addLoadSumLocals();
    BinaryReader Scan(ArrayRef(R.position(), R.remaining()), R.offset());
    scanLocals(Scan);
    if (HasVectorizableLoop)
      F->addFnAttr(VectorizeInFastTierAttr);
  }
  createLoadSink();

  // The stack check: the calling thread's limit is at the thread pointer
  // plus an offset the runtime keeps in the context.
  Value *TP = B.CreateIntrinsic(Intrinsic::thread_pointer, {MT.PtrTy}, {});
  Value *LimitOffset = MT.loadContextField(
      B, Ctx, offsetof(wasmaot_context, stack_limit_tls_offset), MT.I64Ty,
      "limit.offset");
  Value *Limit = B.CreateAlignedLoad(
      MT.I64Ty, B.CreateInBoundsGEP(MT.I8Ty, TP, LimitOffset), Align(8),
      "stack.limit");
  Value *Frame = B.CreatePtrToInt(
      B.CreateIntrinsic(Intrinsic::frameaddress, {MT.PtrTy}, {B.getInt32(0)}),
      MT.I64Ty);
  // The frame pointer is the top of the frame: check its lowest byte, as
  // estimated once the body is known, so that the trap comes at a depth
  // that leaves the reserve below the limit intact. (A frame that the
  // prologue allocates past the guard page is caught by stack probes.)
  auto *FrameBottom = BinaryOperator::CreateSub(
      Frame, ConstantInt::get(MT.I64Ty, 0), "frame.bottom");
  B.Insert(FrameBottom);
  trapIf(B.CreateICmpULT(FrameBottom, Limit), WASMAOT_TRAP_STACK_EXHAUSTED);
  auto *StackCheck = cast<BranchInst>(EntryBlock->getTerminator());
  if (MT.localsInMemory()) {
    for (size_t I = 0; I < LocalSlots.size(); ++I)
      B.CreateStore(LocalValues[I], LocalSlots[I]);
    LocalValues.clear();
  }
  initLoadSink();
  B.CreateBr(Body);
  B.SetInsertPoint(Body);

  Ctrls.push_back({});
  Ctrls.back().Kind = FrameKind::Function;
  Ctrls.back().Results = Type.Results;

  OperatorDecoder Decoder(R, MT.getFeatures(), WM);
  Operator Op;
  while (!Ctrls.empty() && Decoder.next(Op)) {
    if (Unreachable) {
      // Skip dead code, keeping count of the blocks it opens.
      switch (Op.Op) {
      case Opcode::Loop:
        ++NextLoop; // the scan counted it (if there was one)
        ++UnreachableDepth;
        continue;
      case Opcode::Block:
      case Opcode::If:
      case Opcode::Try:
      case Opcode::TryTable:
        ++UnreachableDepth;
        continue;
      case Opcode::Else:
        if (UnreachableDepth)
          continue;
        break;
      case Opcode::End:
        if (UnreachableDepth) {
          --UnreachableDepth;
          continue;
        }
        break;
      default:
        continue;
      }
    }
    Position = Op.Offset;
    if (Error E = translateOperator(Op))
      return E;
  }
  if (R.failed())
    return R.takeError();
  finishLoadSink();
  if (!MT.localsInMemory()) {
    LocalValues.clear(); // may name phis about to go
    removeUselessPhis();
  }
  if (uint64_t FrameBytes = estimateFrameSize()) {
    FrameBottom->setOperand(1, ConstantInt::get(MT.I64Ty, FrameBytes));
  } else if (!CallsFunctions) {
    // A small frame that calls nothing adds at most one small frame below
    // its caller's, which checked: the reserve below the limit (kept for
    // host code and runtime services) covers it. Leaf functions, often the
    // targets of hot indirect calls, so pay nothing for the check.
    removeStackCheck(StackCheck);
  } else {
    FrameBottom->replaceAllUsesWith(FrameBottom->getOperand(0));
    FrameBottom->eraseFromParent();
  }
  return Error::success();
}

void FunctionTranslator::removeUselessPhis() {
  SmallVector<PHINode *, 64> Phis;
  for (BasicBlock &BB : *F)
    for (PHINode &Phi : BB.phis())
      Phis.push_back(&Phi);
  // Trivial phis, whose edges all bring one value (or the phi itself):
  // that value, and then their phi users may be trivial too.
  SmallPtrSet<PHINode *, 32> Erased;
  SmallVector<PHINode *, 64> Worklist(Phis.rbegin(), Phis.rend());
  while (!Worklist.empty()) {
    PHINode *Phi = Worklist.pop_back_val();
    if (Erased.contains(Phi))
      continue;
    Value *Same = Phi->hasConstantValue();
    if (!Same)
      continue;
    for (User *U : Phi->users())
      if (auto *UserPhi = dyn_cast<PHINode>(U); UserPhi && UserPhi != Phi)
        Worklist.push_back(UserPhi);
    Phi->replaceAllUsesWith(Same);
    Phi->eraseFromParent();
    Erased.insert(Phi);
  }
  // Dead phis, cycles of them included: live are those something other
  // than a phi uses, and the phis they take values from.
  SmallPtrSet<PHINode *, 32> Live;
  for (PHINode *Phi : Phis) {
    if (Erased.contains(Phi))
      continue;
    if (any_of(Phi->users(), [](User *U) { return !isa<PHINode>(U); }))
      if (Live.insert(Phi).second)
        Worklist.push_back(Phi);
  }
  while (!Worklist.empty())
    for (Value *In : Worklist.pop_back_val()->incoming_values())
      if (auto *InPhi = dyn_cast<PHINode>(In))
        if (Live.insert(InPhi).second)
          Worklist.push_back(InPhi);
  SmallVector<PHINode *, 64> Dead;
  for (PHINode *Phi : Phis)
    if (!Erased.contains(Phi) && !Live.contains(Phi)) {
      Phi->dropAllReferences();
      Dead.push_back(Phi);
    }
  for (PHINode *Phi : Dead)
    Phi->eraseFromParent();
}

void FunctionTranslator::scanLocals(BinaryReader &Body) {
  // The open frames, with the loop's assigned set for a loop; a set is
  // merged into its enclosing loop's when it closes.
  struct OpenFrame {
    bool IsLoop;
    uint32_t Loop;
  };
  SmallVector<OpenFrame, 16> Open;
  SmallVector<BitVector, 4> Assigned;
  // Per open loop, what it holds (not counting the loops inside it).
  struct LoopShape {
    bool HasLoop = false, Calls = false, Stores = false, FloatMath = false;
  };
  SmallVector<LoopShape, 4> Shapes;
  bool VectorizableLoop = false, UsesSimd = false;
  // The locals read inside the outermost open loop.
  BitVector ReadInLoop(LocalValues.size());
  LiveUntil.assign(LocalValues.size(), 0);
  // The sums are read where the function returns or traps.
  if (loadSumsAreLocals())
    for (unsigned I = 0; I < 3; ++I)
      LiveUntil[LoadSumLocal + I] = UINT64_MAX;
  OperatorDecoder Decoder(Body, MT.getFeatures(), WM);
  Operator Op;
  while (Decoder.next(Op)) {
    switch (Op.Op) {
    case Opcode::Block:
    case Opcode::If:
    case Opcode::Try:
    case Opcode::TryTable:
      Open.push_back({false, 0});
      break;
    case Opcode::Loop:
      Open.push_back({true, uint32_t(LoopAssignments.size())});
      LoopAssignments.emplace_back();
      Assigned.emplace_back(LocalValues.size());
      if (!Shapes.empty())
        Shapes.back().HasLoop = true;
      Shapes.emplace_back();
      break;
    case Opcode::End: {
      if (Open.empty()) { // the function's end
        HasVectorizableLoop = VectorizableLoop && !UsesSimd;
        return;
      }
      OpenFrame Frame = Open.pop_back_val();
      if (!Frame.IsLoop)
        break;
      LoopShape Shape = Shapes.pop_back_val();
      VectorizableLoop |=
          !Shape.HasLoop && !Shape.Calls && Shape.Stores && Shape.FloatMath;
      BitVector Set = Assigned.pop_back_val();
      for (unsigned Local : Set.set_bits())
        LoopAssignments[Frame.Loop].push_back(Local);
      if (!Assigned.empty()) {
        Assigned.back() |= Set;
        break;
      }
      for (unsigned Local : ReadInLoop.set_bits())
        LiveUntil[Local] = Op.Offset;
      ReadInLoop.reset();
      break;
    }
    case Opcode::LocalGet:
      if (Assigned.empty())
        LiveUntil[Op.Index] = Op.Offset;
      else
        ReadInLoop.set(Op.Index);
      break;
    case Opcode::LocalSet:
    case Opcode::LocalTee:
      if (!Assigned.empty())
        Assigned.back().set(Op.Index);
      break;
    default: {
      const OpcodeInfo &Info = getOpcodeInfo(Op.Op);
      UsesSimd |= Info.Feature == FeatureSet::Simd ||
                  Info.Feature == FeatureSet::RelaxedSimd;
      if (Assigned.empty())
        break;
      bool Accesses =
          Info.Imm == ImmKind::MemArg || Info.Imm == ImmKind::MemArgLane;
      // A memory access may feed the load sums (stores too: the phis that
      // a loop with stores alone gets are trivial, and go).
      if (loadSumsAreLocals() && Accesses)
        Assigned.back().set(LoadSumLocal, LoadSumLocal + 3);
      StringRef Sig = Info.Signature;
      LoopShape &Shape = Shapes.back();
      // call, return_call and ref.func; call_indirect; call_ref.
      Shape.Calls |= Info.Imm == ImmKind::Func ||
                     Info.Imm == ImmKind::CallIndirect ||
                     Info.Imm == ImmKind::Type;
      Shape.Stores |= Accesses && Sig.ends_with(">");
      Shape.FloatMath |= Sig == "ff>f" || Sig == "dd>d";
      break;
    }
    }
  }
}

void FunctionTranslator::removeStackCheck(BranchInst *Check) {
  BasicBlock *Trap = Check->getSuccessor(0);
  Trap->removePredecessor(Check->getParent()); // its load sums' phis
  auto *Cond = cast<Instruction>(Check->getCondition());
  BranchInst::Create(Check->getSuccessor(1), Check->getIterator());
  Check->eraseFromParent();
  RecursivelyDeleteTriviallyDeadInstructions(Cond);
  if (pred_empty(Trap)) {
    TrapBlocks.erase(WASMAOT_TRAP_STACK_EXHAUSTED);
    DeleteDeadBlock(Trap);
  }
}

uint64_t FunctionTranslator::estimateFrameSize() const {
  // Unoptimised code keeps every local in a stack slot and may spill every
  // operand; optimised code needs less. Either way, small frames fit in the
  // room the runtime leaves below the limit.
  const DataLayout &DL = F->getDataLayout();
  uint64_t Bytes = 16 * MaxStackDepth;
  // The load sums' locals are not the function's (and in registers).
  size_t WasmLocals =
      loadSumsAreLocals() ? LoadSumLocal : LocalTypes.size();
  for (ValType T : ArrayRef(LocalTypes).take_front(WasmLocals))
    Bytes += DL.getTypeAllocSize(MT.getType(T));
  return Bytes < SmallFrameBytes ? 0 : Bytes;
}

} // namespace wasmaot
