//===- WidenCanonicalize.h - llvm.canonicalize on narrow vectors -*- C++ -*-===//
//
// The x86 back end of LLVM 22 cannot select llvm.canonicalize on vectors of
// less than 128 bits (it crashes in instruction selection), and the SLP
// vectoriser makes such calls from pairs of scalar ones (f32 operations of
// Wasm whose results the translator canonicalises). This rewrites each into
// the same operation on a 128-bit vector: the extra lanes are poison and
// dropped again.
//
//===----------------------------------------------------------------------===//

#ifndef WASMAOT_CODEGEN_WIDENCANONICALIZE_H
#define WASMAOT_CODEGEN_WIDENCANONICALIZE_H

namespace llvm {
class Module;
}

namespace wasmaot {

/// Widens every llvm.canonicalize call on a fixed vector narrower than 128
/// bits in M. Returns whether it changed anything.
bool widenNarrowCanonicalize(llvm::Module &M);

} // namespace wasmaot

#endif
