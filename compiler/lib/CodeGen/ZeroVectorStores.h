//===- ZeroVectorStores.h - Zero v128 stores FastISel can select -*- C++ -*-===//
//
// FastISel cannot store a constant vector, and every function that zeroes
// a v128 local (or the v128 load sum) at its entry did that: the entry block
// went to SelectionDAG (6,900 of the 10 MB bench module's FastISel
// fall-backs at -O0). At the levels that use FastISel, such a store becomes
// two 64-bit stores of zero, which it selects.
//
//===----------------------------------------------------------------------===//

#ifndef WASMAOT_CODEGEN_ZEROVECTORSTORES_H
#define WASMAOT_CODEGEN_ZEROVECTORSTORES_H

namespace llvm {
class Module;
}

namespace wasmaot {

/// Splits every store of a zero 128-bit vector in M into two i64 stores of
/// zero. Returns whether it changed anything.
bool splitZeroVectorStores(llvm::Module &M);

} // namespace wasmaot

#endif
