//===- FastCodeGenSplit.h - Optnone functions to their own module -*- C++ -*-===//
//
// Functions over the size limit are marked optnone (Pipeline.cpp), but the
// fast tier's code generator still gives them an optimising register
// allocator, which is what costs most there: on the 10 MB bench module's
// 65 such functions, llc -O1 (then with the greedy allocator) took 34 s
// and llc -O0 (fast register allocator) 6.9 s. A target machine has one
// allocator for all functions, so these functions move to a module of
// their own, which the caller compiles with the -O0 target machine and
// links beside the rest (at -O1 only: see compileTimed in Compile.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef WASMAOT_CODEGEN_FASTCODEGENSPLIT_H
#define WASMAOT_CODEGEN_FASTCODEGENSPLIT_H

#include <memory>

namespace llvm {
class Module;
}

namespace wasmaot {

/// Where the optnone functions of a module went.
struct OptNoneSplit {
  unsigned Functions = 0; ///< optnone definitions (0: nothing to do)
  /// Every definition is optnone: the whole module is for the fast code
  /// generator, and nothing was split off.
  bool Whole = false;
  /// Otherwise, with Functions: the module they were moved to.
  std::unique_ptr<llvm::Module> Part;
};

/// Moves the optnone function definitions of M into a new module (in M's
/// context) and leaves declarations of them in M, unless M defines no other
/// function. Local symbols referenced across the two become hidden globals
/// (variables renamed after M's identifier, which is unique in a library),
/// so that the linker joins them; they stay out of the library's exports.
OptNoneSplit splitOffOptNoneFunctions(llvm::Module &M);

} // namespace wasmaot

#endif
