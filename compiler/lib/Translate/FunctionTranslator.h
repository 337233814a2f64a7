//===- FunctionTranslator.h - Lowering one function body --------*- C++ -*-===//
//
// The function-emission context: the operand stack of llvm::Value*, the
// control stack of frames with their merge blocks and phi nodes, and the
// locals as SSA values (see LocalValues).
// Each family of operators is lowered in its own file (ControlOps,
// NumericOps, MemoryOps, VariableOps, CallOps); this header is what they
// share.
//
//===----------------------------------------------------------------------===//

#ifndef WASMAOT_TRANSLATE_FUNCTIONTRANSLATOR_H
#define WASMAOT_TRANSLATE_FUNCTIONTRANSLATOR_H

#include "ModuleTranslator.h"

#include "wasmaot/Wasm/Operator.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

namespace wasmaot {

class FunctionTranslator {
public:
  FunctionTranslator(ModuleTranslator &MT, uint32_t FuncIndex);

  llvm::Error run();

private:
  enum class FrameKind : uint8_t { Function, Block, Loop, If, Else };

  struct ControlFrame {
    FrameKind Kind;
    llvm::ArrayRef<ValType> Params;
    llvm::ArrayRef<ValType> Results;
    /// Where branches to the end of this construct go; its phis take the
    /// results. For a loop, branches go to LoopHeader instead.
    llvm::BasicBlock *EndBlock = nullptr;
    llvm::SmallVector<llvm::PHINode *, 2> EndPhis;
    llvm::BasicBlock *LoopHeader = nullptr;
    llvm::SmallVector<llvm::PHINode *, 2> LoopPhis;
    /// The locals at EndBlock, merged over the edges to it so far (empty
    /// before the first): a phi in EndBlock where edges disagree, else
    /// their value.
    llvm::SmallVector<llvm::Value *, 0> EndLocals;
    llvm::SmallVector<llvm::BasicBlock *, 2> EndPreds;
    /// A loop header's phis for the locals its body assigns.
    llvm::SmallVector<std::pair<uint32_t, llvm::PHINode *>, 0> LoopLocalPhis;
    /// An if's else arm, the parameters and the locals it starts with.
    llvm::BasicBlock *ElseBlock = nullptr;
    llvm::SmallVector<llvm::Value *, 2> ElseArgs;
    llvm::SmallVector<llvm::Value *, 0> ElseLocals;
    size_t StackHeight = 0;
  };

  // Operator families (one file each).
  llvm::Error translateOperator(const Operator &Op);
  llvm::Error translateControl(const Operator &Op);
  llvm::Error translateNumeric(const Operator &Op);
  llvm::Error translateConversion(const Operator &Op);
  llvm::Error translateMemory(const Operator &Op);
  llvm::Error translateVariable(const Operator &Op);
  llvm::Error translateTable(const Operator &Op);
  llvm::Error translateCall(const Operator &Op);
  llvm::Error translateSimd(const Operator &Op);

  /// A v128 (<2 x i64>) seen as Count lanes of Lane, and back.
  llvm::Value *asLanes(llvm::Value *V, llvm::Type *Lane, unsigned Count);
  llvm::Value *asV128(llvm::Value *V);

  // Control-flow helpers.
  void resolveBlockType(const BlockTypeImm &BT,
                        llvm::ArrayRef<ValType> &Params,
                        llvm::ArrayRef<ValType> &Results) const;
  ControlFrame &pushFrame(FrameKind Kind, llvm::ArrayRef<ValType> Params,
                          llvm::ArrayRef<ValType> Results,
                          llvm::ArrayRef<llvm::Value *> Args);
  /// Adds the top values of the stack as incoming values of Target's label
  /// phis, from the current block; returns the block to branch to.
  llvm::BasicBlock *addBranchArgs(ControlFrame &Target);
  /// The same for falling out of the end of Frame (a loop's end, too).
  llvm::BasicBlock *addEndArgs(ControlFrame &Frame);
  void addIncoming(llvm::ArrayRef<llvm::PHINode *> Phis);
  /// Merges the current locals into Frame's end, as an edge from the
  /// current block.
  void addEndLocals(ControlFrame &Frame);
  /// Finds, for each loop of the body in order, the locals it assigns, and
  /// each local's LiveUntil; and whether an innermost loop has the shape
  /// the fast tier vectorises (HasVectorizableLoop).
  void scanLocals(BinaryReader &Body);
  /// Removes the phis that merging locals made with one incoming value, or
  /// that nothing but dead phis uses (liveness by position, mayReadLater,
  /// misses locals that are reused, always written before being read).
  void removeUselessPhis();
  /// Whether Local may be read after the current operator: whether a phi
  /// for it here can have a use.
  bool mayReadLater(uint32_t Local) const {
    return Position < LiveUntil[Local];
  }
  ControlFrame &label(uint32_t Depth) {
    return Ctrls[Ctrls.size() - 1 - Depth];
  }
  /// Ends the current frame; leaves its results on the stack.
  void endFrame();
  void enterUnreachable();
  void emitReturn();

  // Traps.
  /// Branches to a shared trap block of this function when Cond holds.
  void trapIf(llvm::Value *Cond, uint32_t Code);
  void emitTrap(uint32_t Code);

  // The operand stack.
  void push(llvm::Value *V) {
    Stack.push_back(V);
    MaxStackDepth = std::max(MaxStackDepth, Stack.size());
  }
  llvm::Value *pop() { return Stack.pop_back_val(); }
  llvm::SmallVector<llvm::Value *, 4> popN(size_t N);

  // Memory.
  /// Keeps Load from being deleted as unused (UnusedLoadPolicy::KeepAll).
  void sinkLoad(llvm::LoadInst *Load);
  /// Uses the sum of loaded values where control leaves the function.
  void consumeLoadSink();
  bool keepsUnusedLoads() const;
  void addLoadSumLocals();
  void createLoadSink();
  void initLoadSink();
  void finishLoadSink();
  llvm::Value *getMemoryBase(uint32_t Memory);
  llvm::Value *getMemoryObject(uint32_t Memory);
  llvm::Value *computeAddress(const MemArgImm &Mem, llvm::Value *Index);
  /// A load of Ty from linear memory (unaligned, kept alive by sinkLoad),
  /// and a store.
  llvm::LoadInst *loadMemory(llvm::Type *Ty, const MemArgImm &Mem,
                             llvm::Value *Index);
  void storeMemory(llvm::Value *V, const MemArgImm &Mem, llvm::Value *Index);
  /// Whether Load reads linear memory (not a local, global or the context).
  static bool isMemoryLoad(const llvm::LoadInst *Load);
  llvm::Value *callRuntime(size_t ServiceOffset, llvm::Type *ResultTy,
                           llvm::ArrayRef<llvm::Value *> Args);

  llvm::Error unsupported(const Operator &Op, const llvm::Twine &Why);

  /// A bound on the bytes of this function's native frame, for the stack
  /// check; 0 for frames that fit in the reserve below the limit.
  uint64_t estimateFrameSize() const;
  static constexpr uint64_t SmallFrameBytes = 4096;
  /// Drops the entry's stack check (its condition, the loads it needs and
  /// its trap block), for a function that cannot recurse.
  void removeStackCheck(llvm::BranchInst *Check);

  ModuleTranslator &MT;
  const Module &WM;
  uint32_t FuncIndex;
  const FuncType &Type;
  llvm::Function *F;
  llvm::IRBuilder<> B;
  llvm::Value *Ctx = nullptr;
  llvm::BasicBlock *EntryBlock = nullptr;

  /// The locals are not in memory: each one's current SSA value is here.
  /// Control flow merges them as it does operands, with phis at block ends
  /// where branches disagree and at loop headers for the locals the loop
  /// assigns (found by a scan before translation, as in V8's and
  /// Cranelift's front ends). The optimiser's mem2reg, which was 40% of the
  /// fast tier's pipeline and grows faster than linearly with a function's
  /// size, has nothing left to do.
  llvm::SmallVector<llvm::Value *, 16> LocalValues;
  llvm::SmallVector<ValType, 16> LocalTypes;
  /// With TranslateOptions::LocalsInMemory: the locals' stack slots
  /// (LocalValues then holds only their initial values, until the prologue
  /// has stored them).
  llvm::SmallVector<llvm::AllocaInst *, 0> LocalSlots;
  /// Per loop of the body, in order of its loop operator: the locals it (or
  /// a loop inside it) assigns. NextLoop counts the loops entered or skipped.
  std::vector<llvm::SmallVector<uint32_t, 4>> LoopAssignments;
  uint32_t NextLoop = 0;
  /// Whether an innermost loop calls nothing, stores and does floating-point
  /// arithmetic, in a function without SIMD operators
  /// (wasmaot/CodeGen/VectorizeHint.h).
  bool HasVectorizableLoop = false;
  /// Per local, the offset past which nothing reads it: its last local.get,
  /// or the end of the outermost loop around a local.get (the loop may go
  /// back to it). Merges after that need no phi for it, which keeps the
  /// translator from making the dead phis that mem2reg's liveness would
  /// not (twice the phis, on the 10 MB bench module, without this).
  llvm::SmallVector<uint64_t, 16> LiveUntil;
  /// The offset of the operator being translated.
  uint64_t Position = 0;
  llvm::SmallVector<llvm::Value *, 32> Stack;
  size_t MaxStackDepth = 0;
  /// Whether the body calls a function (of this module, imported or through
  /// a table); one that does not needs no stack check of its own.
  bool CallsFunctions = false;
  /// The sums of every loaded value (UnusedLoadPolicy::KeepAll), one per
  /// width (i32, i64, v128), their consumers, and whether any load feeds
  /// them. Where locals are SSA values, so are the sums: three locals of
  /// the translator's own after the function's, from LoadSumLocal on,
  /// merged and given loop phis as locals are (mem2reg had 784,000 loads
  /// and stores of them to remove on the 10 MB bench module). Where locals
  /// are in memory (-O0), the sums are too, in LoadSinks.
  static constexpr uint32_t NoLoadSums = ~0u;
  uint32_t LoadSumLocal = NoLoadSums;
  bool loadSumsAreLocals() const { return LoadSumLocal != NoLoadSums; }
  /// The sums' current values, where they are locals.
  llvm::MutableArrayRef<llvm::Value *> loadSumValues() {
    return llvm::MutableArrayRef(LocalValues).slice(LoadSumLocal, 3);
  }
  llvm::AllocaInst *LoadSinks[3] = {nullptr, nullptr, nullptr};
  llvm::SmallVector<llvm::Instruction *, 8> LoadSinkUses;
  bool LoadSinkUsed = false;
  llvm::SmallVector<ControlFrame, 16> Ctrls;
  /// After br, return, unreachable...: operators are skipped until the end
  /// or else that closes the current frame; UnreachableDepth counts the
  /// blocks opened meanwhile.
  bool Unreachable = false;
  unsigned UnreachableDepth = 0;

  llvm::DenseMap<uint32_t, llvm::BasicBlock *> TrapBlocks;
  llvm::DenseMap<uint32_t, llvm::Value *> MemoryBases;
};

} // namespace wasmaot

#endif
