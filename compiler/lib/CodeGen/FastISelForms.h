//===- FastISelForms.h - IR forms FastISel can select -----------*- C++ -*-===//
//
// At -O0 and -O1, FastISel selects instructions; what it cannot select goes
// to SelectionDAG, and for an instruction that is not a call, SelectionDAG
// then takes the rest of its block. Two forms the pipelines leave were
// common fall-backs on the 10 MB bench module, and both have equivalents
// FastISel selects:
//
// - A store of a zero v128 (a v128 local or the v128 load sum zeroed at a
//   function's entry; 6,900 fall-backs at -O0): two 64-bit stores of zero.
// - The logical and/or of i1 values, `select i1 %a, i1 true, i1 %b` and
//   `select i1 %a, i1 %b, i1 false`, which SimplifyCFG makes when it merges
//   branches (2,100 of 40,300 fall-backs at -O1): `or`/`and`. (Nothing but
//   code generation follows, and SelectionDAG folds these selects to the
//   same `or`/`and`, so the poison a select would block no longer matters;
//   `freeze`, which would keep it blocked in IR, FastISel cannot select.)
//
// And one that FastISel selects, but slowly: a multiply by 3, 5 or 9 is an
// imul (3 cycles' latency) where SelectionDAG makes it an lea; as a shift
// and an add it takes 2. int-kernel's Collatz loop (x * 3 + 1 on its
// critical path) ran 18% faster at -O1 for it (bench/ab.sh, 648 -> 532 ms).
//
//===----------------------------------------------------------------------===//

#ifndef WASMAOT_CODEGEN_FASTISELFORMS_H
#define WASMAOT_CODEGEN_FASTISELFORMS_H

namespace llvm {
class Module;
}

namespace wasmaot {

/// Rewrites M's zero v128 stores, i1 logical selects and multiplies by 3, 5
/// and 9 into the forms above, in one walk of its instructions. Call it only
/// when nothing but code generation follows. Returns whether it changed
/// anything.
bool rewriteForFastISel(llvm::Module &M);

} // namespace wasmaot

#endif
