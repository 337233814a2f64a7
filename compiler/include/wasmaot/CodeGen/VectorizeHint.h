//===- VectorizeHint.h - Functions the fast tier vectorises -----*- C++ -*-===//
//
// The fast tier (-O1) runs no loop passes, save the loop vectoriser on the
// functions the translator marks with this attribute: those with an
// innermost loop that calls nothing, stores to memory and does
// floating-point arithmetic (the numeric kernels, where scalar code is
// furthest behind -O2's vector code: matmul's -O1 code took 1.7-2.1x the
// time of its -O2 code), and that have no SIMD operators. A producer that
// emits SIMD has run its own vectoriser, and what it left scalar (the
// remainder loops of vector loops, mostly) gains little: in the 10 MB bench
// module, built with -msimd128, that rule leaves 89 of 451 such functions,
// 39,000 of 1.9 million instructions. Running the vectoriser on every
// function cost that module's -O1 compile 20%, for no gain on the other
// programs of the suite.
//
//===----------------------------------------------------------------------===//

#ifndef WASMAOT_CODEGEN_VECTORIZEHINT_H
#define WASMAOT_CODEGEN_VECTORIZEHINT_H

namespace wasmaot {

/// A string function attribute: the fast tier runs the loop vectoriser on
/// this function.
inline constexpr const char *VectorizeInFastTierAttr =
    "wasmaot-vectorize-in-fast-tier";

} // namespace wasmaot

#endif
