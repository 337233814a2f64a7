//===- ReleaseLoadSinks.h - Drop the load sums after optimising -*- C++ -*-===//
//
// The sums that keep trapping loads alive through the IR pipeline (see
// wasmaot/CodeGen/LoadSink.h) cost an add per load and a register per loop
// if they reach code generation. Once the pipeline has run, a load that
// still has a use of its own survives code generation by itself; only the
// loads the sums alone keep need a keep-alive. This pass removes the sums
// and gives each such load (or the value it went into) an empty inline asm.
//
// Code generation may also narrow a load whose value is used only in part
// (a byte of an i32, the low half of an i64, one lane of a v128), and the
// narrower load may no longer reach the bytes that would trap. Such loads
// get the keep-alive as well, which makes the whole value live.
//
//===----------------------------------------------------------------------===//

#ifndef WASMAOT_CODEGEN_RELEASELOADSINKS_H
#define WASMAOT_CODEGEN_RELEASELOADSINKS_H

namespace llvm {
class Module;
}

namespace wasmaot {

/// Replaces the load sums of every function in M. Run after the IR
/// pipeline of level 1 or more (which has promoted the sums to registers).
/// Returns whether it changed anything.
bool releaseLoadSinks(llvm::Module &M);

/// At level 0, where nothing promotes the sums: removes only the asm that
/// consumes them at returns and traps (and the loads of the sums it took).
/// Every load still feeds a store to its sum's stack slot, and at -O0
/// nothing deletes stores. The asm's vector operand is what FastISel cannot
/// select: each return and trap block went to SelectionDAG for it.
/// Returns whether it changed anything.
bool dropLoadSinkConsumers(llvm::Module &M);

} // namespace wasmaot

#endif
