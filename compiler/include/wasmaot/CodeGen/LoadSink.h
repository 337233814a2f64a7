//===- LoadSink.h - How trapping loads are kept alive -----------*- C++ -*-===//
//
// A Wasm load out of bounds must trap even when its value goes unused, but
// LLVM deletes loads whose value is unused, including ones that only become
// unused while optimising. So the translator adds every loaded value to a
// sum per width, and an empty inline asm with these constraints takes the
// sums at each return and trap: no load is dead while the IR pipeline runs,
// yet loads can still be combined, hoisted and vectorised (a sum is a
// reduction). After the pipeline, releaseLoadSinks() removes the sums again
// and keeps alive, one by one, only the loads that nothing else uses.
//
//===----------------------------------------------------------------------===//

#ifndef WASMAOT_CODEGEN_LOADSINK_H
#define WASMAOT_CODEGEN_LOADSINK_H

namespace wasmaot {

/// The constraints of the asm that consumes the sums: the i32 sum, the i64
/// sum and the v128 sum (in a vector register). Its asm string is empty.
inline constexpr const char *LoadSinkConstraints = "r,r,x";

} // namespace wasmaot

#endif
