// PartitionTest.cpp - partitionFunctions cuts a module's functions into
// ranges of bounded size, at boundaries that depend on the functions'
// content only, so that changing one function changes one range.

#include "wasmaot/Translate/Translator.h"
#include "wasmaot/Wasm/Module.h"

#include <gtest/gtest.h>

#include <random>

using namespace wasmaot;

namespace {

/// A module of Count functions with bodies of random sizes and bytes.
struct FakeModule {
  std::vector<std::vector<uint8_t>> Bodies;
  Module M;
  FakeModule(uint32_t Imported, size_t Count, unsigned Seed) {
    std::mt19937 Rng(Seed);
    for (size_t I = 0; I < Count; ++I) {
      std::vector<uint8_t> Body(64 + Rng() % 4000);
      for (uint8_t &B : Body)
        B = uint8_t(Rng());
      Bodies.push_back(std::move(Body));
    }
    M.NumImportedFuncs = Imported;
    M.FuncTypeIndices.assign(Imported + Count, 0);
    refresh();
  }
  void refresh() {
    M.Bodies.clear();
    for (const std::vector<uint8_t> &B : Bodies)
      M.Bodies.push_back({B, 0});
  }
};

using Ranges = std::vector<std::pair<uint32_t, uint32_t>>;

Ranges functionRanges(const std::vector<Partition> &Parts) {
  Ranges R;
  for (const Partition &P : Parts)
    if (!P.ModulePart)
      R.push_back({P.Begin, P.End});
  return R;
}

TEST(PartitionFunctions, SmallModulesAreOnePiece) {
  FakeModule F(2, 10, 1);
  EXPECT_TRUE(partitionFunctions(F.M, 1 << 20).empty());
}

TEST(PartitionFunctions, RangesCoverEveryFunctionOnceWithBoundedSize) {
  const uint64_t Target = 64 * 1024;
  FakeModule F(3, 2000, 2);
  std::vector<Partition> Parts = partitionFunctions(F.M, Target);
  ASSERT_GE(Parts.size(), 3u);
  EXPECT_TRUE(Parts[0].ModulePart);
  uint32_t Next = 3;
  for (const auto &[Begin, End] : functionRanges(Parts)) {
    EXPECT_EQ(Begin, Next);
    ASSERT_LT(Begin, End);
    uint64_t Bytes = 0;
    for (uint32_t I = Begin; I < End; ++I)
      Bytes += F.Bodies[I - 3].size();
    // At most one function past twice the target.
    EXPECT_LT(Bytes - F.Bodies[End - 1 - 3].size(), 2 * Target);
    Next = End;
  }
  EXPECT_EQ(Next, 2003u);
}

TEST(PartitionFunctions, ChangingOneFunctionChangesOneRegion) {
  const uint64_t Target = 64 * 1024;
  FakeModule F(0, 2000, 3);
  Ranges Before = functionRanges(partitionFunctions(F.M, Target));
  const uint32_t Changed = 1000;
  for (uint8_t &B : F.Bodies[Changed])
    B ^= 0x5a;
  F.refresh();
  Ranges After = functionRanges(partitionFunctions(F.M, Target));
  // Ranges wholly before the changed function are the same; after it, the
  // first cut in both lists realigns them and the rest are equal.
  size_t Same = 0;
  for (const auto &R : Before)
    if (R.second <= Changed &&
        std::find(After.begin(), After.end(), R) != After.end())
      ++Same;
  size_t BeforeCount = 0;
  for (const auto &R : Before)
    BeforeCount += R.second <= Changed;
  EXPECT_EQ(Same, BeforeCount);
  size_t Differ = 0;
  for (const auto &R : Before)
    Differ += std::find(After.begin(), After.end(), R) == After.end();
  EXPECT_LE(Differ, 2u) << "a change moves at most its own range's ends";
}

} // namespace
