//===- SpectestHost.h - The spec tests' "spectest" module -------*- C++ -*-===//
//
// What the spec tests import from "spectest": print functions that do
// nothing, four constant globals (666, 666.6), a funcref table of 10..20
// elements and a memory of 1..2 pages.
//
//===----------------------------------------------------------------------===//

#ifndef WASMAOT_TEST_SPEC_SPECTESTHOST_H
#define WASMAOT_TEST_SPEC_SPECTESTHOST_H

#include "wasmaot/wasmaot.h"

#include "llvm/ADT/StringRef.h"

namespace wasmaot::spec {

class SpectestHost {
public:
  SpectestHost();
  ~SpectestHost();
  SpectestHost(const SpectestHost &) = delete;
  SpectestHost &operator=(const SpectestHost &) = delete;

  /// The export called Name, or an extern of kind WASMAOT_EXTERN_NONE.
  wasmaot_extern lookup(llvm::StringRef Name);

private:
  wasmaot_memory *Memory = nullptr;
  wasmaot_table *Table = nullptr;
  wasmaot_val GlobalI32, GlobalI64, GlobalF32, GlobalF64;
};

} // namespace wasmaot::spec

#endif
