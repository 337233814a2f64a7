// CodeGenRegressionTest.cpp - Modules that once crashed LLVM's code
// generation or were miscompiled, compiled and run at every level.

#include "ExecTestUtil.h"

#include <cstring>

using namespace wasmaot::test;

namespace {

class CodeGenRegressionTest : public ::testing::TestWithParam<unsigned> {};

// Two adjacent f32 multiplications by 1.0 are canonicalised (to quiet a
// signalling NaN) and the SLP vectoriser pairs them into a <2 x float>
// llvm.canonicalize, which x86 instruction selection cannot handle.
TEST_P(CodeGenRegressionTest, PairedFloatCanonicalizeCompiles) {
  Loaded L(compileWat(R"(
(module
  (memory (export "mem") 1)
  (func (export "f") (param i32)
    (f32.store (local.get 0) (f32.mul (f32.load (local.get 0)) (f32.const 1)))
    (f32.store offset=4 (local.get 0)
      (f32.mul (f32.load offset=4 (local.get 0)) (f32.const 1))))
)
)",
                      GetParam()));
  ASSERT_TRUE(L) << L.Error;
  Inst I(L.M);
  ASSERT_TRUE(I) << I.Error;
  wasmaot_extern Mem = I.get("mem");
  ASSERT_EQ(Mem.kind, (uint32_t)WASMAOT_EXTERN_MEMORY);
  const uint32_t SignallingNaN = 0x7fa00000, Two = 0x40000000;
  std::memcpy(Mem.of.memory->base, &SignallingNaN, 4);
  std::memcpy(Mem.of.memory->base + 4, &Two, 4);
  std::vector<wasmaot_val> R;
  ASSERT_EQ(I.call("f", {I32(0)}, R, 0), (uint32_t)WASMAOT_TRAP_NONE);
  uint32_t First, Second;
  std::memcpy(&First, Mem.of.memory->base, 4);
  std::memcpy(&Second, Mem.of.memory->base + 4, 4);
  EXPECT_EQ(First & 0x7fc00000u, 0x7fc00000u) << "a quiet NaN";
  EXPECT_EQ(Second, Two);
}

INSTANTIATE_TEST_SUITE_P(OptLevels, CodeGenRegressionTest,
                         ::testing::ValuesIn(OptLevels), [](const auto &Info) {
                           return "O" + std::to_string(Info.param);
                         });

} // namespace
