//===- FixedTables.h - Tables known when compiling --------------*- C++ -*-===//
//
// Most producers (clang, swiftc) give a module one function table that only
// its own element segments fill at instantiation: not imported, not
// exported, never written by code. Such a table holds the same functions in
// every instance, so call_indirect through it can read a constant copy in
// the compiled library (code pointer and canonical type per slot): no load
// of the table from the instance, no pointer to follow to the function's
// record, and a type check against an immediate.
//
//===----------------------------------------------------------------------===//

#ifndef WASMAOT_TRANSLATE_FIXEDTABLES_H
#define WASMAOT_TRANSLATE_FIXEDTABLES_H

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace wasmaot {

class Module;
class FeatureSet;

struct FixedTables {
  /// A slot that holds no function (ref.null).
  static constexpr uint32_t NoFunction = UINT32_MAX;
  /// Per table of the module's index space: for a fixed table, the defined
  /// function in each slot (or NoFunction); nullopt for the others.
  std::vector<std::optional<std::vector<uint32_t>>> Slots;

  const std::vector<uint32_t> *get(uint32_t Table) const {
    return Table < Slots.size() && Slots[Table] ? &*Slots[Table] : nullptr;
  }
  /// What the code of a function depends on: which tables are fixed, and
  /// their sizes (the slots themselves only go into the module part).
  uint64_t hashForFunctions() const;
};

/// Finds the fixed tables of M (validated): defined funcref tables that no
/// export names, that no table.set, table.grow, table.fill, table.copy or
/// table.init writes, and whose active segments all have constant offsets,
/// fit, and hold only null and defined functions. Decodes every body once.
std::shared_ptr<const FixedTables> findFixedTables(const Module &M,
                                                   const FeatureSet &Features);

} // namespace wasmaot

#endif
