//===- Freestanding.h - No C library behind the generated code --*- C++ -*-===//

#ifndef WASMAOT_CODEGEN_FREESTANDING_H
#define WASMAOT_CODEGEN_FREESTANDING_H

#include "llvm/Analysis/TargetLibraryInfo.h"

namespace wasmaot {

/// Library-call knowledge with every function off, for the optimiser and the
/// code generator alike.
llvm::TargetLibraryInfoImpl makeFreestandingTLII(const llvm::Triple &TT);

} // namespace wasmaot

#endif
