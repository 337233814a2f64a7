//===- ModuleTranslator.h - Module-level state of the lowering --*- C++ -*-===//
//
// What every function's lowering shares: the LLVM module, the mapping of
// Wasm types to LLVM types, the declared functions, and how to reach the
// fields of the instance context (wasmaot/abi.h).
//
//===----------------------------------------------------------------------===//

#ifndef WASMAOT_TRANSLATE_MODULETRANSLATOR_H
#define WASMAOT_TRANSLATE_MODULETRANSLATOR_H

#include "wasmaot/Translate/FixedTables.h"
#include "wasmaot/Translate/Translator.h"
#include "wasmaot/Wasm/Module.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"

#include <optional>

namespace wasmaot {

class ModuleTranslator {
public:
  /// Part: translate only that part of the module (translatePartition).
  ModuleTranslator(const Module &WM, llvm::LLVMContext &Context,
                   const TranslateOptions &Options,
                   std::optional<Partition> Part = std::nullopt);

  llvm::Expected<std::unique_ptr<llvm::Module>> run();

  const Module &getWasmModule() const { return WM; }
  const FeatureSet &getFeatures() const { return Options.Features; }
  UnusedLoadPolicy getUnusedLoadPolicy() const { return Options.UnusedLoads; }
  bool localsInMemory() const { return Options.LocalsInMemory; }
  llvm::LLVMContext &getContext() { return Context; }
  llvm::Module &getLLVMModule() { return *LM; }

  llvm::Type *getType(ValType T) const;
  /// void, the single result, or a literal struct of the results.
  llvm::Type *getResultType(llvm::ArrayRef<ValType> Results) const;
  /// R (ptr callee, params...): the Wasm calling convention of abi.h.
  llvm::FunctionType *getFunctionType(const FuncType &T) const;
  /// The LLVM function of defined function FuncIndex.
  llvm::Function *getDefinedFunction(uint32_t FuncIndex) const {
    return Functions[FuncIndex];
  }
  /// wasmaot.trap(ctx, code): loads the runtime's trap service and calls
  /// it; noreturn and cold, shared by every trap site.
  llvm::Function *getTrapFunction() const { return TrapFunction; }

  /// Loads a pointer-sized field of wasmaot_context at Offset. Fields that
  /// never change during an instance's life are marked invariant.
  llvm::Value *loadContextField(llvm::IRBuilder<> &B, llvm::Value *Ctx,
                                size_t Offset, llvm::Type *Ty,
                                const llvm::Twine &Name) const;
  /// Loads element Index of the pointer array that context field FieldOffset
  /// points to (funcs, tables, memories, globals); neither changes while the
  /// instance lives.
  llvm::Value *loadContextArrayElement(llvm::IRBuilder<> &B, llvm::Value *Ctx,
                                       size_t FieldOffset, uint64_t Index,
                                       const llvm::Twine &Name) const;
  /// Marks a load as reading memory that does not change while the instance
  /// lives (context fields, pointer tables).
  void markInvariant(llvm::LoadInst *Load) const;

  llvm::PointerType *PtrTy;
  llvm::IntegerType *I8Ty, *I32Ty, *I64Ty, *IntPtrTy;
  llvm::Type *F32Ty, *F64Ty, *V128Ty, *VoidTy;

  /// The module's tables whose contents are fixed when compiling.
  const FixedTables &getFixedTables() const { return *Options.Tables; }
  /// The constant copy of fixed table Table: FixedSlotTy per slot (defined
  /// in the whole module or the module part, declared in function parts).
  llvm::GlobalVariable *getFixedTable(uint32_t Table);
  /// { ptr code, i32 canonical type (or NullSlotType), i32 unused }.
  llvm::StructType *FixedSlotTy = nullptr;
  static constexpr uint32_t NullSlotType = UINT32_MAX;
  /// The first type index with the same signature as TypeIndex: what
  /// call_indirect compares.
  uint32_t getCanonicalType(uint32_t TypeIndex) const {
    return CanonicalTypes[TypeIndex];
  }

  /// Lowers a (validated) constant expression at B's insertion point.
  llvm::Value *emitConstExpr(llvm::IRBuilder<> &B, llvm::Value *Ctx,
                             const ConstExpr &E);

private:
  llvm::Error declareFunctions();
  /// Whether this translation defines function I's body.
  bool definesFunction(uint32_t I) const;
  /// Internal in a whole module; hidden, for the other parts, in a part.
  void setPartLinkage(llvm::Function *Fn) const;
  void createTrapFunction();
  llvm::Function *createEntryTrampoline(uint32_t TypeIndex);
  llvm::Function *createHostAdapter(uint32_t TypeIndex);
  void createConstExprFunctions();
  void createDescriptor();

  const Module &WM;
  llvm::LLVMContext &Context;
  TranslateOptions Options;
  std::optional<Partition> Part;
  std::unique_ptr<llvm::Module> LM;
  std::vector<llvm::Function *> Functions;
  llvm::Function *TrapFunction = nullptr;
  llvm::Function *InitGlobals = nullptr;
  llvm::Function *EvalOffsets = nullptr;
  llvm::Function *EvalElemItems = nullptr;
  llvm::MDNode *EmptyNode = nullptr;
  std::vector<uint32_t> CanonicalTypes;
  std::vector<llvm::GlobalVariable *> FixedTableGlobals;
};

} // namespace wasmaot

#endif
