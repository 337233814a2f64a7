// SegmentTest.cpp - Element and data segments at instantiation and through
// the bulk operators, and the table services.

#include "ExecTestUtil.h"

#include <cstring>

using namespace wasmaot::test;

namespace {

class SegmentTest : public ::testing::TestWithParam<unsigned> {};

TEST_P(SegmentTest, ActiveSegmentsAreApplied) {
  Loaded L(compileWat(R"(
(module
  (global $base (import "env" "base") i32)
  (memory (export "mem") 1)
  (table (export "tab") 5 funcref)
  (data (i32.const 16) "hello")
  (data (global.get $base) "\01\02\03")
  (elem (i32.const 1) $one $two)
  (elem (i32.add (global.get $base) (i32.const -96)) func $two)
  (func $one (export "one") (result i32) (i32.const 1))
  (func $two (export "two") (result i32) (i32.const 2))
  (func (export "call") (param i32) (result i32)
    (call_indirect (result i32) (local.get 0)))
  (func (export "load8") (param i32) (result i32)
    (i32.load8_u (local.get 0)))
)
)",
                      GetParam()));
  ASSERT_TRUE(L) << L.Error;
  wasmaot_val Base = I32(100);
  Inst I(L.M, {externGlobal(&Base, WASMAOT_I32, false)});
  ASSERT_TRUE(I) << I.Error;
  wasmaot_memory *Mem = I.get("mem").of.memory;
  EXPECT_EQ(std::memcmp(Mem->base + 16, "hello", 5), 0);
  EXPECT_EQ(I.i32("load8", {I32(101)}), 2);
  wasmaot_table *Tab = I.get("tab").of.table;
  ASSERT_NE(Tab, nullptr);
  EXPECT_EQ(Tab->size, 5u);
  EXPECT_EQ(Tab->elements[0], nullptr);
  EXPECT_EQ(Tab->elements[1], I.func("one")) << "records are identities";
  EXPECT_EQ(Tab->elements[2], I.func("two"));
  EXPECT_EQ(Tab->elements[4], I.func("two"));
  EXPECT_EQ(I.i32("call", {I32(1)}), 1);
  EXPECT_EQ(I.i32("call", {I32(4)}), 2);
}

// An out-of-bounds segment fails instantiation with the trap; the writes of
// earlier segments to imported objects stay (Wasm 2.0's order).
TEST_P(SegmentTest, OutOfBoundsSegmentsFailInstantiation) {
  std::string Data = compileWat(R"(
(module
  (memory (import "env" "mem") 1)
  (data (i32.const 0) "ok")
  (data (i32.const 65535) "no")
  (data (i32.const 8) "never")
)
)",
                                GetParam());
  Loaded LD(Data);
  ASSERT_TRUE(LD) << LD.Error;
  wasmaot_memory *Mem = wasmaot_memory_new(1, WASMAOT_NO_MAXIMUM, 0, nullptr);
  ASSERT_NE(Mem, nullptr);
  {
    Inst I(LD.M, {externMemory(Mem)});
    EXPECT_FALSE(I);
    EXPECT_EQ(I.Trap.code, (uint32_t)WASMAOT_TRAP_OUT_OF_BOUNDS_MEMORY);
    EXPECT_NE(I.Error.find("out of bounds memory access"), std::string::npos)
        << I.Error;
    EXPECT_NE(I.Error.find("data segment 1"), std::string::npos) << I.Error;
  }
  EXPECT_EQ(std::memcmp(Mem->base, "ok", 2), 0) << "the first segment stays";
  EXPECT_EQ(Mem->base[65535], 0) << "the failing one wrote nothing";
  EXPECT_EQ(Mem->base[8], 0) << "later ones did not run";

  Loaded LE(compileWat(R"(
(module
  (table (import "env" "tab") 3 funcref)
  (memory (import "env" "mem") 1)
  (elem (i32.const 0) $f)
  (elem (i32.const 2) $f $f)
  (data (i32.const 100) "data")
  (func $f (result i32) (i32.const 77))
)
)",
                       GetParam()));
  ASSERT_TRUE(LE) << LE.Error;
  wasmaot_table *Tab =
      wasmaot_table_new(WASMAOT_FUNCREF, 3, 10, 0, nullptr, nullptr);
  ASSERT_NE(Tab, nullptr);
  {
    Inst I(LE.M, {externTable(Tab), externMemory(Mem)});
    EXPECT_FALSE(I);
    EXPECT_EQ(I.Trap.code, (uint32_t)WASMAOT_TRAP_OUT_OF_BOUNDS_TABLE);
    EXPECT_NE(I.Error.find("out of bounds table access"), std::string::npos)
        << I.Error;
  }
  EXPECT_EQ(Mem->base[100], 0) << "no data segment after the failure";
  // The function the first segment wrote stays callable (the spec's
  // linking.wast): the failed instance is kept alive for it.
  auto *F = static_cast<const wasmaot_func *>(Tab->elements[0]);
  ASSERT_NE(F, nullptr);
  EXPECT_EQ(Tab->elements[1], nullptr);
  EXPECT_EQ(Tab->elements[2], nullptr);
  wasmaot_val R[1];
  EXPECT_EQ(wasmaot_func_call(F, nullptr, 0, R, 1, nullptr),
            (uint32_t)WASMAOT_TRAP_NONE);
  EXPECT_EQ(R[0].i32, 77);
  wasmaot_table_release(Tab);
  wasmaot_memory_release(Mem);
}

TEST_P(SegmentTest, EmptySegmentsOutOfBoundsStillFail) {
  Loaded L(compileWat(R"(
(module
  (memory 1)
  (table 2 funcref)
  (elem (i32.const 3))
)
)",
                      GetParam()));
  ASSERT_TRUE(L) << L.Error;
  Inst I(L.M);
  EXPECT_FALSE(I);
  EXPECT_EQ(I.Trap.code, (uint32_t)WASMAOT_TRAP_OUT_OF_BOUNDS_TABLE);
  Loaded L2(compileWat(R"(
(module
  (memory 1)
  (data (i32.const 65536) "")
  (data (i32.const 65537) "")
)
)",
                       GetParam()));
  ASSERT_TRUE(L2) << L2.Error;
  Inst I2(L2.M);
  EXPECT_FALSE(I2);
  EXPECT_EQ(I2.Trap.code, (uint32_t)WASMAOT_TRAP_OUT_OF_BOUNDS_MEMORY);
  EXPECT_NE(I2.Error.find("data segment 1"), std::string::npos) << I2.Error;
}

TEST_P(SegmentTest, MemoryInitAndDataDrop) {
  Loaded L(compileWat(R"(
(module
  (memory (export "mem") 1)
  (data $p "abcdef")
  (data (i32.const 0) "active")
  (func (export "init") (param i32 i32 i32)
    (memory.init $p (local.get 0) (local.get 1) (local.get 2)))
  (func (export "drop") (data.drop $p))
  (func (export "drop_active") (data.drop 1))
  (func (export "init_active") (param i32)
    (memory.init 1 (local.get 0) (i32.const 0) (i32.const 1)))
)
)",
                      GetParam()));
  ASSERT_TRUE(L) << L.Error;
  Inst I(L.M);
  ASSERT_TRUE(I) << I.Error;
  uint8_t *M = I.get("mem").of.memory->base;
  EXPECT_EQ(std::memcmp(M, "active", 6), 0);
  EXPECT_EQ(I.trapOf("init", {I32(100), I32(1), I32(3)}),
            (uint32_t)WASMAOT_TRAP_NONE);
  EXPECT_EQ(std::memcmp(M + 100, "bcd", 3), 0);
  EXPECT_EQ(I.trapOf("init", {I32(200), I32(4), I32(3)}),
            (uint32_t)WASMAOT_TRAP_OUT_OF_BOUNDS_MEMORY)
      << "source range beyond the segment";
  EXPECT_EQ(M[200], 0);
  EXPECT_EQ(I.trapOf("init", {I32(65534), I32(0), I32(3)}),
            (uint32_t)WASMAOT_TRAP_OUT_OF_BOUNDS_MEMORY);
  EXPECT_EQ(M[65534], 0) << "nothing written before the check";
  EXPECT_EQ(I.trapOf("init", {I32(65536), I32(6), I32(0)}),
            (uint32_t)WASMAOT_TRAP_NONE);
  // Active segments were dropped at instantiation.
  EXPECT_EQ(I.trapOf("init_active", {I32(0)}),
            (uint32_t)WASMAOT_TRAP_OUT_OF_BOUNDS_MEMORY);
  EXPECT_EQ(I.trapOf("drop_active", {}), (uint32_t)WASMAOT_TRAP_NONE);
  EXPECT_EQ(I.trapOf("drop", {}), (uint32_t)WASMAOT_TRAP_NONE);
  EXPECT_EQ(I.trapOf("drop", {}), (uint32_t)WASMAOT_TRAP_NONE) << "twice";
  EXPECT_EQ(I.trapOf("init", {I32(0), I32(0), I32(1)}),
            (uint32_t)WASMAOT_TRAP_OUT_OF_BOUNDS_MEMORY);
  EXPECT_EQ(I.trapOf("init", {I32(0), I32(0), I32(0)}),
            (uint32_t)WASMAOT_TRAP_NONE);
}

const char *TableModule = R"(
(module
  (type $r (func (result i32)))
  (table $t (export "tab") 4 8 funcref)
  (table $u (export "ext") 2 externref)
  (elem $p func $a $b $c)
  (elem declare func $d)
  (elem (table $t) (i32.const 0) func $a)
  (func $a (type $r) (i32.const 10))
  (func $b (type $r) (i32.const 11))
  (func $c (type $r) (i32.const 12))
  (func $d (type $r) (i32.const 13))
  (func (export "call") (param i32) (result i32)
    (call_indirect $t (type $r) (local.get 0)))
  (func (export "init") (param i32 i32 i32)
    (table.init $t $p (local.get 0) (local.get 1) (local.get 2)))
  (func (export "elem_drop") (elem.drop $p))
  (func (export "init_declared") (param i32)
    (table.init $t 1 (i32.const 0) (i32.const 0) (local.get 0)))
  (func (export "copy") (param i32 i32 i32)
    (table.copy $t $t (local.get 0) (local.get 1) (local.get 2)))
  (func (export "fill_d") (param i32 i32)
    (table.fill $t (local.get 0) (ref.func $d) (local.get 1)))
  (func (export "grow") (param i32) (result i32)
    (table.grow $t (ref.null func) (local.get 0)))
  (func (export "grow_d") (param i32) (result i32)
    (table.grow $t (ref.func $d) (local.get 0)))
  (func (export "size") (result i32) (table.size $t))
  (func (export "set_null") (param i32) (table.set $t (local.get 0) (ref.null func)))
  (func (export "is_null") (param i32) (result i32)
    (ref.is_null (table.get $t (local.get 0))))
  (func (export "set_ext") (param i32 externref)
    (table.set $u (local.get 0) (local.get 1)))
  (func (export "get_ext") (param i32) (result externref)
    (table.get $u (local.get 0)))
  (func (export "grow_ext") (param externref i32) (result i32)
    (table.grow $u (local.get 0) (local.get 1)))
  (func (export "ref_d") (result funcref) (ref.func $d))
)
)";

TEST_P(SegmentTest, TableOperations) {
  Loaded L(compileWat(TableModule, GetParam()));
  ASSERT_TRUE(L) << L.Error;
  Inst I(L.M);
  ASSERT_TRUE(I) << I.Error;
  EXPECT_EQ(I.i32("call", {I32(0)}), 10);
  // table.init from the passive segment, with bounds checks.
  EXPECT_EQ(I.trapOf("init", {I32(1), I32(0), I32(3)}),
            (uint32_t)WASMAOT_TRAP_NONE);
  EXPECT_EQ(I.i32("call", {I32(1)}), 10);
  EXPECT_EQ(I.i32("call", {I32(3)}), 12);
  EXPECT_EQ(I.trapOf("init", {I32(2), I32(1), I32(3)}),
            (uint32_t)WASMAOT_TRAP_OUT_OF_BOUNDS_TABLE);
  EXPECT_EQ(I.trapOf("init", {I32(0), I32(2), I32(2)}),
            (uint32_t)WASMAOT_TRAP_OUT_OF_BOUNDS_TABLE);
  EXPECT_EQ(I.i32("call", {I32(2)}), 11) << "nothing written on failure";
  // Declarative segments are dropped at instantiation.
  EXPECT_EQ(I.trapOf("init_declared", {I32(1)}),
            (uint32_t)WASMAOT_TRAP_OUT_OF_BOUNDS_TABLE);
  EXPECT_EQ(I.trapOf("init_declared", {I32(0)}), (uint32_t)WASMAOT_TRAP_NONE);
  EXPECT_EQ(I.trapOf("elem_drop", {}), (uint32_t)WASMAOT_TRAP_NONE);
  EXPECT_EQ(I.trapOf("init", {I32(0), I32(0), I32(1)}),
            (uint32_t)WASMAOT_TRAP_OUT_OF_BOUNDS_TABLE);
  EXPECT_EQ(I.trapOf("init", {I32(4), I32(0), I32(0)}),
            (uint32_t)WASMAOT_TRAP_NONE);

  // Overlapping copies, both directions: [a a b c] -> ...
  EXPECT_EQ(I.trapOf("copy", {I32(0), I32(1), I32(3)}),
            (uint32_t)WASMAOT_TRAP_NONE); // [a b c c]
  EXPECT_EQ(I.i32("call", {I32(0)}), 10);
  EXPECT_EQ(I.i32("call", {I32(1)}), 11);
  EXPECT_EQ(I.i32("call", {I32(2)}), 12);
  EXPECT_EQ(I.trapOf("copy", {I32(1), I32(0), I32(3)}),
            (uint32_t)WASMAOT_TRAP_NONE); // [a a b c]
  EXPECT_EQ(I.i32("call", {I32(1)}), 10);
  EXPECT_EQ(I.i32("call", {I32(2)}), 11);
  EXPECT_EQ(I.i32("call", {I32(3)}), 12);
  EXPECT_EQ(I.trapOf("copy", {I32(2), I32(0), I32(3)}),
            (uint32_t)WASMAOT_TRAP_OUT_OF_BOUNDS_TABLE);
  EXPECT_EQ(I.trapOf("copy", {I32(4), I32(0), I32(0)}),
            (uint32_t)WASMAOT_TRAP_NONE);

  // table.fill
  EXPECT_EQ(I.trapOf("fill_d", {I32(3), I32(2)}),
            (uint32_t)WASMAOT_TRAP_OUT_OF_BOUNDS_TABLE);
  EXPECT_EQ(I.i32("call", {I32(3)}), 12) << "nothing filled on failure";
  EXPECT_EQ(I.trapOf("fill_d", {I32(2), I32(2)}), (uint32_t)WASMAOT_TRAP_NONE);
  EXPECT_EQ(I.i32("call", {I32(2)}), 13);
  EXPECT_EQ(I.i32("call", {I32(3)}), 13);

  // table.grow up to the maximum of 8, then -1.
  EXPECT_EQ(I.i32("size"), 4);
  EXPECT_EQ(I.i32("grow", {I32(2)}), 4);
  EXPECT_EQ(I.i32("size"), 6);
  EXPECT_EQ(I.i32("is_null", {I32(5)}), 1);
  EXPECT_EQ(I.trapOf("call", {I32(5)}, 1),
            (uint32_t)WASMAOT_TRAP_UNINITIALIZED_ELEMENT);
  EXPECT_EQ(I.i32("grow_d", {I32(2)}), 6);
  EXPECT_EQ(I.i32("call", {I32(7)}), 13) << "grown with the init value";
  EXPECT_EQ(I.i32("grow", {I32(1)}), -1);
  EXPECT_EQ(I.i32("grow", {I32(0)}), 8);
  EXPECT_EQ(I.trapOf("set_null", {I32(8)}),
            (uint32_t)WASMAOT_TRAP_OUT_OF_BOUNDS_TABLE);
  EXPECT_EQ(I.trapOf("set_null", {I32(7)}), (uint32_t)WASMAOT_TRAP_NONE);
  EXPECT_EQ(I.i32("is_null", {I32(7)}), 1);

  // ref.func gives the record the table holds and the export returns.
  std::vector<wasmaot_val> R;
  ASSERT_EQ(I.call("ref_d", {}, R), (uint32_t)WASMAOT_TRAP_NONE);
  EXPECT_EQ(R[0].ref, I.get("tab").of.table->elements[2]);

  // externref: host pointers in and out; grow without a maximum.
  int Token = 0;
  EXPECT_EQ(I.trapOf("set_ext", {I32(1), Ref(&Token)}),
            (uint32_t)WASMAOT_TRAP_NONE);
  ASSERT_EQ(I.call("get_ext", {I32(1)}, R), (uint32_t)WASMAOT_TRAP_NONE);
  EXPECT_EQ(R[0].ref, &Token);
  EXPECT_EQ(I.i32("grow_ext", {Ref(&Token), I32(1000)}), 2);
  ASSERT_EQ(I.call("get_ext", {I32(1001)}, R), (uint32_t)WASMAOT_TRAP_NONE);
  EXPECT_EQ(R[0].ref, &Token);
  EXPECT_EQ(I.i32("grow_ext", {Ref(nullptr), I32(-1)}), -1)
      << "beyond the implementation limit";
  EXPECT_EQ(wasmaot_table_size(I.get("ext").of.table), 1002u);
}

INSTANTIATE_TEST_SUITE_P(OptLevels, SegmentTest, ::testing::ValuesIn(OptLevels),
                         [](const auto &Info) {
                           return "O" + std::to_string(Info.param);
                         });

// The table API on its own.
TEST(TableTest, NewGrowLimits) {
  char *E = nullptr;
  EXPECT_EQ(wasmaot_table_new(WASMAOT_I32, 1, 1, 0, nullptr, &E), nullptr);
  EXPECT_NE(takeError(E), "");
  EXPECT_EQ(wasmaot_table_new(WASMAOT_FUNCREF, 2, 1, 0, nullptr, &E), nullptr);
  EXPECT_NE(takeError(E).find("exceeds"), std::string::npos);
  EXPECT_EQ(wasmaot_table_new(WASMAOT_FUNCREF, 1ull << 32, WASMAOT_NO_MAXIMUM,
                              0, nullptr, &E),
            nullptr);
  takeError(E);
  EXPECT_EQ(wasmaot_table_new(WASMAOT_FUNCREF, WASMAOT_TABLE_MAX_ELEMENTS + 1,
                              WASMAOT_NO_MAXIMUM, 0, nullptr, &E),
            nullptr);
  EXPECT_NE(takeError(E).find("limit"), std::string::npos);

  int X;
  wasmaot_table *T =
      wasmaot_table_new(WASMAOT_EXTERNREF, 2, WASMAOT_NO_MAXIMUM, 0, &X, &E);
  ASSERT_NE(T, nullptr) << takeError(E);
  void *V = nullptr;
  EXPECT_EQ(wasmaot_table_get(T, 1, &V), 0);
  EXPECT_EQ(V, &X);
  EXPECT_EQ(wasmaot_table_get(T, 2, &V), -1);
  wasmaot_limits_desc Lim;
  wasmaot_table_limits(T, &Lim);
  EXPECT_EQ(Lim.min, 2u);
  EXPECT_EQ(Lim.has_max, 0u);
  for (int I = 0; I < 100; ++I)
    EXPECT_EQ(wasmaot_table_grow(T, 3, nullptr), 2u + 3u * I);
  EXPECT_EQ(wasmaot_table_size(T), 302u);
  EXPECT_EQ(wasmaot_table_set(T, 301, &X), 0);
  EXPECT_EQ(wasmaot_table_get(T, 301, &V), 0);
  EXPECT_EQ(V, &X);
  EXPECT_EQ(wasmaot_table_grow(T, UINT64_MAX, nullptr), UINT64_MAX);
  EXPECT_EQ(wasmaot_table_grow(T, 1ull << 32, nullptr), UINT64_MAX);
  EXPECT_EQ(wasmaot_table_grow(nullptr, 1, nullptr), UINT64_MAX);
  wasmaot_table_retain(T);
  wasmaot_table_release(T);
  EXPECT_EQ(wasmaot_table_size(T), 302u) << "one reference left";
  wasmaot_table_release(T);
  wasmaot_table_release(nullptr);
}

} // namespace
