//===- FastCodeGenSplit.cpp - Optnone functions to a module of their own ---===//

#include "FastCodeGenSplit.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Instruction.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/ValueMapper.h"

using namespace llvm;

namespace wasmaot {

namespace {

/// Which of the two modules refers to a global value.
struct Sides {
  bool Kept = false, Moved = false;
};

class Splitter {
public:
  Splitter(Module &M, SmallPtrSet<Function *, 16> Moved)
      : M(M), Moved(std::move(Moved)) {}

  std::unique_ptr<Module> run() {
    exposeSharedLocals();
    ValueToValueMapTy VMap;
    std::unique_ptr<Module> Fast =
        CloneModule(M, VMap, [&](const GlobalValue *GV) {
          auto *F = dyn_cast<Function>(GV);
          return F && Moved.contains(F);
        });
    for (Function *F : Moved)
      F->deleteBody(); // a declaration now, of external linkage
    Fast->setModuleIdentifier(M.getModuleIdentifier() + "#fast");
    // Module-level asm (none is made today) would define its symbols twice.
    Fast->setModuleInlineAsm("");
    return Fast;
  }

private:
  /// Where the definition of GV stays: functions that move define theirs
  /// in the new module, everything else in M.
  bool definedInMoved(const GlobalValue &GV) const {
    auto *F = dyn_cast<Function>(&GV);
    return F && Moved.contains(F);
  }

  /// Adds the modules whose code or data refer to V (through constants).
  void collectUsers(const Value *V, Sides &S,
                    SmallPtrSetImpl<const Value *> &Seen) const {
    for (const User *U : V->users()) {
      if (!Seen.insert(U).second)
        continue;
      if (auto *I = dyn_cast<Instruction>(U)) {
        const Function *F = I->getFunction();
        (Moved.contains(F) ? S.Moved : S.Kept) = true;
      } else if (auto *GV = dyn_cast<GlobalValue>(U)) {
        (definedInMoved(*GV) ? S.Moved : S.Kept) = true;
      } else {
        collectUsers(U, S, Seen); // a constant expression or aggregate
      }
    }
  }

  /// Local symbols defined in one module and referred to from the other
  /// become hidden globals, which the linker resolves across objects.
  void exposeSharedLocals() {
    unsigned Unnamed = 0;
    auto Expose = [&](GlobalValue &GV) {
      if (!GV.hasLocalLinkage())
        return;
      Sides S;
      SmallPtrSet<const Value *, 16> Seen;
      collectUsers(&GV, S, Seen);
      if (!(definedInMoved(GV) ? S.Kept : S.Moved))
        return;
      // Function names (wasm_fN and what passes derive from them) are
      // unique in a library already; variables (constants LLVM made, such
      // as switch tables) need the module's name to stay so.
      if (!isa<Function>(GV) || !GV.hasName())
        GV.setName(M.getModuleIdentifier() + "." +
                   (GV.hasName() ? GV.getName().str()
                                 : "unnamed." + std::to_string(Unnamed++)));
      GV.setLinkage(GlobalValue::ExternalLinkage);
      GV.setVisibility(GlobalValue::HiddenVisibility);
      GV.setDSOLocal(true);
    };
    for (Function &F : M)
      Expose(F);
    for (GlobalVariable &G : M.globals())
      Expose(G);
  }

  Module &M;
  SmallPtrSet<Function *, 16> Moved;
};

} // namespace

OptNoneSplit splitOffOptNoneFunctions(Module &M) {
  SmallPtrSet<Function *, 16> OptNone;
  bool Others = false;
  for (Function &F : M) {
    if (F.isDeclaration())
      continue;
    if (F.hasOptNone())
      OptNone.insert(&F);
    else
      Others = true;
  }
  OptNoneSplit Split;
  Split.Functions = OptNone.size();
  Split.Whole = !OptNone.empty() && !Others;
  if (!OptNone.empty() && Others)
    Split.Part = Splitter(M, std::move(OptNone)).run();
  return Split;
}

} // namespace wasmaot
