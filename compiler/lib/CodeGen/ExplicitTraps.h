//===- ExplicitTraps.h - A trap instruction after noreturn calls -*- C++ -*-===//
//
// Generated code ends every call to the trap service (and any other
// noreturn call) with a trap instruction, so that a call that returned after
// all would stop there instead of running into the next block. The back end
// can add it (TargetOptions::TrapUnreachable), but FastISel, the fast tiers'
// instruction selector, cannot select that one: each trap block then went
// to SelectionDAG, 35,000 of the 73,000 FastISel fall-backs on the 10 MB
// bench module at -O0. An llvm.trap call in the IR gives the same `ud2`,
// selected by FastISel, and the target machine skips its own after it
// (NoTrapAfterNoreturn).
//
//===----------------------------------------------------------------------===//

#ifndef WASMAOT_CODEGEN_EXPLICITTRAPS_H
#define WASMAOT_CODEGEN_EXPLICITTRAPS_H

namespace llvm {
class Module;
}

namespace wasmaot {

/// Puts a call to llvm.trap before every `unreachable` of M that follows a
/// call to a noreturn function other than llvm.trap itself. Returns whether
/// it changed anything.
bool explicitTrapsAfterNoReturn(llvm::Module &M);

} // namespace wasmaot

#endif
