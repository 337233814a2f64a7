//===- ThreadPointerLoads.h - Thread-local loads through %fs -----*- C++ -*-===//
//
// The translator reads the calling thread's stack limit as a load from
// llvm.thread.pointer plus an offset, the portable form. On x86-64 the
// SelectionDAG folds that into one %fs-relative load, but FastISel (the fast
// tier's instruction selector) reads the thread pointer from %fs:0 first: a
// second dependent load in every function's entry, which made a call-heavy
// program (fib-rec) run 1.8x slower at -O1 than at -O2 with otherwise
// identical code. This rewrites each such load into a load from address
// space 257, which x86 addresses through %fs.
//
//===----------------------------------------------------------------------===//

#ifndef WASMAOT_CODEGEN_THREADPOINTERLOADS_H
#define WASMAOT_CODEGEN_THREADPOINTERLOADS_H

namespace llvm {
class Module;
}

namespace wasmaot {

/// On x86-64, rewrites every load of (llvm.thread.pointer + offset) in M
/// into a load through the %fs segment. Returns whether it changed anything.
bool loadThreadLocalsThroughSegment(llvm::Module &M);

} // namespace wasmaot

#endif
