// VectorizeTest.cpp - The loops the fast tier vectorises: which functions
// the translator marks for it (wasmaot/CodeGen/VectorizeHint.h), and that
// the vectorised loops compute what scalar ones do, whatever the overlap of
// their arrays and the remainder of their trip count.

#include "ExecTestUtil.h"

#include "wasmaot/CodeGen/VectorizeHint.h"

#include <cstring>

using namespace wasmaot::test;

namespace {

/// Whether function Index of the translated IR carries the attribute.
bool markedForVectorizing(const std::string &IR, unsigned Index) {
  std::string Define = "@wasm_f" + std::to_string(Index) + "(";
  size_t At = IR.find(Define);
  if (At == std::string::npos)
    return false;
  size_t LineEnd = IR.find('\n', At);
  size_t Group = IR.rfind(" #", LineEnd);
  if (Group == std::string::npos || Group < At)
    return false;
  std::string Id = IR.substr(Group + 1, IR.find(' ', Group + 1) - Group - 1);
  size_t Attrs = IR.find("\nattributes " + Id + " = {");
  if (Attrs == std::string::npos)
    return false;
  std::string Line = IR.substr(Attrs, IR.find('\n', Attrs + 1) - Attrs);
  return Line.find(std::string("\"") + wasmaot::VectorizeInFastTierAttr +
                   "\"") != std::string::npos;
}

// dst[i] = src[i] * k + dst[i], over f64 arrays at byte offsets.
const char *ScaleAddLoop = R"(
    (local $i i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $next
        (f64.store
          (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 3)))
          (f64.add
            (f64.mul
              (f64.load (i32.add (local.get $src)
                                 (i32.shl (local.get $i) (i32.const 3))))
              (local.get $k))
            (f64.load (i32.add (local.get $dst)
                               (i32.shl (local.get $i) (i32.const 3))))))
)";

const char *ScaleAddLoopEnd = R"(
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $next (i32.lt_u (local.get $i) (local.get $n)))))
)";

std::string scaleAddModule() {
  std::string Params =
      "(param $dst i32) (param $src i32) (param $n i32) (param $k f64)";
  return std::string("(module\n  (memory (export \"mem\") 1)\n") +
         // 0: the shape the fast tier vectorises.
         "  (func (export \"scale_add\") " + Params + ScaleAddLoop +
         ScaleAddLoopEnd + "  )\n" +
         // 1: the same loop with a call in it.
         "  (func $nop)\n" + // 2
         "  (func " + Params + ScaleAddLoop + "        (call $nop)" +
         ScaleAddLoopEnd + "  )\n" +
         // 3: the same loop in a function that has SIMD operators.
         "  (func " + Params + ScaleAddLoop + ScaleAddLoopEnd +
         "    (v128.store (i32.const 0) (v128.const i64x2 0 0))\n  )\n" +
         // 4: an integer loop.
         R"(  (func (param $p i32) (param $n i32) (local $i i32)
    (loop $next
      (i32.store (i32.add (local.get $p) (local.get $i)) (local.get $i))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br_if $next (i32.lt_u (local.get $i) (local.get $n)))))
)
)";
}

TEST(VectorizeHintTest, TranslatorMarksFloatingPointStoreLoops) {
  std::string IR = translateWat(scaleAddModule());
  ASSERT_FALSE(IR.empty());
  EXPECT_TRUE(markedForVectorizing(IR, 0)) << IR;
  EXPECT_FALSE(markedForVectorizing(IR, 1)) << "no loop";
  EXPECT_FALSE(markedForVectorizing(IR, 2)) << "a call in the loop";
  EXPECT_FALSE(markedForVectorizing(IR, 3)) << "SIMD operators";
  EXPECT_FALSE(markedForVectorizing(IR, 4)) << "no floating point";
}

class VectorizeExecTest : public ::testing::TestWithParam<unsigned> {};

// Every overlap of the two arrays that runtime checks must tell apart
// (none, the source just before or after the destination, the same array)
// and trip counts below, at and past a vector's width: each result is the
// scalar loop's, to the bit.
TEST_P(VectorizeExecTest, VectorisedLoopsComputeWhatScalarOnesDo) {
  Loaded L(compileWat(scaleAddModule(), GetParam()));
  ASSERT_TRUE(L) << L.Error;
  Inst I(L.M);
  ASSERT_TRUE(I) << I.Error;
  uint8_t *Memory = I.get("mem").of.memory->base;
  const uint32_t Base = 4096, Elements = 64;
  for (int32_t SrcShift : {-64, -3, -1, 0, 1, 2, 5, 33})
    for (int32_t N : {1, 2, 3, 4, 5, 7, 8, 9, 17, 31}) {
      SCOPED_TRACE("source shift " + std::to_string(SrcShift) + ", n " +
                   std::to_string(N));
      // An expected memory computed the scalar way, and the module's.
      std::vector<double> Expected(Elements * 3);
      for (size_t E = 0; E < Expected.size(); ++E)
        Expected[E] = 0.1 * double(E) - 3.7;
      std::memcpy(Memory + Base, Expected.data(), Expected.size() * 8);
      uint32_t Dst = Base + Elements * 8;
      uint32_t Src = Dst + SrcShift * 8;
      const double K = 1.3;
      for (int32_t E = 0; E < N; ++E) {
        double *D = &Expected[(Dst - Base) / 8 + E];
        *D = Expected[(Src - Base) / 8 + E] * K + *D;
      }
      std::vector<wasmaot_val> R;
      ASSERT_EQ(I.call("scale_add", {I32(Dst), I32(Src), I32(N), F64(K)}, R, 0),
                (uint32_t)WASMAOT_TRAP_NONE);
      EXPECT_EQ(
          std::memcmp(Memory + Base, Expected.data(), Expected.size() * 8), 0);
    }
}

INSTANTIATE_TEST_SUITE_P(OptLevels, VectorizeExecTest,
                         ::testing::ValuesIn(OptLevels), [](const auto &Info) {
                           return "O" + std::to_string(Info.param);
                         });

} // namespace
