//===- Results.h - Counted outcomes of a spec-test run ----------*- C++ -*-===//
//
// Per file and category (the command type): how many cases passed, failed
// and were skipped, and which ones failed. The same shape describes a run and
// the expectations recorded from an earlier one.
//
//===----------------------------------------------------------------------===//

#ifndef WASMAOT_TEST_SPEC_RESULTS_H
#define WASMAOT_TEST_SPEC_RESULTS_H

#include "llvm/ADT/StringRef.h"

#include <array>
#include <map>
#include <string>
#include <vector>

namespace wasmaot::spec {

/// Categories print in this order; unknown command types follow, sorted.
inline constexpr std::array<llvm::StringLiteral, 11> KnownCategories = {
    "module",
    "assert_malformed",
    "assert_invalid",
    "assert_unlinkable",
    "assert_uninstantiable",
    "assert_return",
    "assert_trap",
    "assert_exhaustion",
    "assert_exception",
    "action",
    "register"};

struct CategoryOrder {
  static size_t rank(llvm::StringRef C) {
    for (size_t I = 0; I < KnownCategories.size(); ++I)
      if (KnownCategories[I] == C)
        return I;
    return KnownCategories.size();
  }
  bool operator()(const std::string &A, const std::string &B) const {
    size_t RA = rank(A), RB = rank(B);
    return RA != RB ? RA < RB : A < B;
  }
};

struct Counts {
  unsigned Passed = 0, Failed = 0, Skipped = 0;

  unsigned total() const { return Passed + Failed + Skipped; }
  Counts &operator+=(const Counts &O) {
    Passed += O.Passed;
    Failed += O.Failed;
    Skipped += O.Skipped;
    return *this;
  }
};

struct CaseFailure {
  unsigned Line = 0; ///< in the .wast: the case's identity
  std::string Reason;

  /// By line; the reason only breaks ties (two cases on one line).
  bool operator<(const CaseFailure &O) const {
    return Line != O.Line ? Line < O.Line : Reason < O.Reason;
  }
};

struct CategoryRecord {
  Counts N;
  /// Sorted by line.
  std::vector<CaseFailure> Failures;
};

using CategoryMap = std::map<std::string, CategoryRecord, CategoryOrder>;

struct FileRecord {
  CategoryMap Categories;

  Counts total() const {
    Counts T;
    for (const auto &[Name, C] : Categories)
      T += C.N;
    return T;
  }
};

/// Keyed by the JSON file's path relative to the suite root ("/"-separated).
using SuiteRecord = std::map<std::string, FileRecord>;

} // namespace wasmaot::spec

#endif
