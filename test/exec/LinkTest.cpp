// LinkTest.cpp - Instances linked together through exports, and the
// "unknown import" / "incompatible import type" errors of import matching.

#include "ExecTestUtil.h"

#include <cstring>

using namespace wasmaot::test;

namespace {

const char *Exporter = R"(
(module
  (type $r (func (result i32)))
  (memory (export "mem") 1 4)
  (table (export "tab") 3 10 funcref)
  (global (export "g") (mut i32) (i32.const 5))
  (global (export "k") i64 (i64.const 9))
  (elem (i32.const 0) $seven)
  (func $seven (export "seven") (type $r) (i32.const 7))
  (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "call") (param i32) (result i32)
    (call_indirect (type $r) (local.get 0)))
  (func (export "get_g") (result i32) (global.get 0))
)
)";

const char *Importer = R"(
(module
  (type $r (func (result i32)))
  (import "a" "seven" (func $seven (type $r)))
  (import "a" "mem" (memory 1))
  (import "a" "tab" (table 2 funcref))
  (import "a" "g" (global $g (mut i32)))
  (import "a" "k" (global $k i64))
  (elem (i32.const 1) $eight $seven)
  (data (i32.const 10) "\2a")
  (func $eight (type $r) (i32.const 8))
  (func (export "sum") (result i32)
    (i32.add (call $seven)
             (i32.add (call_indirect (type $r) (i32.const 0))
                      (call_indirect (type $r) (i32.const 1)))))
  (func (export "poke") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
  (func (export "set_g") (param i32) (global.set $g (local.get 0)))
  (func (export "get_k") (result i64) (global.get $k))
  (func (export "grow_mem") (result i32) (memory.grow (i32.const 1)))
  (func (export "seven_ref") (result funcref) (ref.func $seven))
)
)";

class LinkTest : public ::testing::TestWithParam<unsigned> {};

std::vector<wasmaot_extern>
exportsOf(Inst &A, std::initializer_list<const char *> Names) {
  std::vector<wasmaot_extern> V;
  for (const char *N : Names)
    V.push_back(A.get(N));
  return V;
}

TEST_P(LinkTest, ImportsAnotherInstancesExports) {
  Loaded LA(compileWat(Exporter, GetParam()));
  Loaded LB(compileWat(Importer, GetParam()));
  ASSERT_TRUE(LA) << LA.Error;
  ASSERT_TRUE(LB) << LB.Error;
  auto A = std::make_unique<Inst>(LA.M);
  ASSERT_TRUE(*A) << A->Error;
  Inst B(LB.M, exportsOf(*A, {"seven", "mem", "tab", "g", "k"}));
  ASSERT_TRUE(B) << B.Error;

  // B's segments went into A's memory and table.
  EXPECT_EQ(A->i32("peek", {I32(10)}), 42);
  EXPECT_EQ(A->i32("call", {I32(1)}), 8) << "A calls B's function";
  EXPECT_EQ(A->i32("call", {I32(2)}), 7);
  EXPECT_EQ(B.i32("sum"), 7 + 7 + 8);
  // Shared memory and globals, both directions.
  EXPECT_EQ(B.trapOf("poke", {I32(20), I32(99)}), (uint32_t)WASMAOT_TRAP_NONE);
  EXPECT_EQ(A->i32("peek", {I32(20)}), 99);
  EXPECT_EQ(B.trapOf("set_g", {I32(-3)}), (uint32_t)WASMAOT_TRAP_NONE);
  EXPECT_EQ(A->i32("get_g"), -3);
  EXPECT_EQ(B.i64("get_k"), 9);
  EXPECT_EQ(B.i32("grow_mem"), 1);
  EXPECT_EQ(A->get("mem").of.memory->size, 2u * 65536) << "one memory";
  // Function identity across instances.
  std::vector<wasmaot_val> R;
  ASSERT_EQ(B.call("seven_ref", {}, R), (uint32_t)WASMAOT_TRAP_NONE);
  EXPECT_EQ(R[0].ref, A->func("seven"));
  EXPECT_EQ(B.get("sum").owner, B.I);

  // B keeps A (its functions, context, globals) alive: drop the host's
  // reference to A and B still works.
  const wasmaot_func *Call = A->func("call");
  A.reset();
  EXPECT_EQ(B.i32("sum"), 22);
  EXPECT_EQ(B.trapOf("set_g", {I32(11)}), (uint32_t)WASMAOT_TRAP_NONE);
  wasmaot_val Args[1] = {I32(1)}, Out[1];
  EXPECT_EQ(wasmaot_func_call(Call, Args, 1, Out, 1, nullptr),
            (uint32_t)WASMAOT_TRAP_NONE);
  EXPECT_EQ(Out[0].i32, 8);
}

TEST_P(LinkTest, ChainOfReExports) {
  // C imports A's function through B, which re-exports its import.
  Loaded LA(compileWat(Exporter, GetParam()));
  Loaded LB(compileWat(R"(
(module
  (import "a" "seven" (func $s (result i32)))
  (export "again" (func $s))
)
)",
                       GetParam()));
  Loaded LC(compileWat(R"(
(module
  (import "b" "again" (func $s (result i32)))
  (func (export "twice") (result i32) (i32.add (call $s) (call $s)))
)
)",
                       GetParam()));
  ASSERT_TRUE(LA && LB && LC);
  auto A = std::make_unique<Inst>(LA.M);
  ASSERT_TRUE(*A);
  auto B = std::make_unique<Inst>(LB.M, exportsOf(*A, {"seven"}));
  ASSERT_TRUE(*B) << B->Error;
  EXPECT_EQ(B->func("again"), A->func("seven"));
  Inst C(LC.M, exportsOf(*B, {"again"}));
  ASSERT_TRUE(C) << C.Error;
  A.reset();
  B.reset();
  EXPECT_EQ(C.i32("twice"), 14);
}

INSTANTIATE_TEST_SUITE_P(OptLevels, LinkTest, ::testing::ValuesIn(OptLevels),
                         [](const auto &Info) {
                           return "O" + std::to_string(Info.param);
                         });

// ---- Unlinkable imports: one module per kind of import, the host gives the
// wrong thing, instantiation fails with the spec's wording and names the
// import. Compiled once (O0) for all cases.

class UnlinkableTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    Path = new std::string(compileWat(R"(
(module
  (import "m" "f" (func (param i32) (result i64)))
  (import "m" "mem" (memory 2 5))
  (import "m" "tab" (table 3 6 funcref))
  (import "m" "g" (global (mut f32)))
  (import "m" "c" (global i32))
)
)",
                                      0));
  }
  static void TearDownTestSuite() { delete Path; }

  void SetUp() override {
    L = std::make_unique<Loaded>(*Path);
    ASSERT_TRUE(*L) << L->Error;
    Mem = wasmaot_memory_new(2, 5, 0, nullptr);
    Tab = wasmaot_table_new(WASMAOT_FUNCREF, 3, 6, 0, nullptr, nullptr);
    ASSERT_TRUE(Mem && Tab);
    G.f32 = 1.5f;
    C.i32 = 3;
    Good = {externHost(hostF, nullptr, {WASMAOT_I32}, {WASMAOT_I64}),
            externMemory(Mem), externTable(Tab),
            externGlobal(&G, WASMAOT_F32, true),
            externGlobal(&C, WASMAOT_I32, false)};
  }
  void TearDown() override {
    wasmaot_memory_release(Mem);
    wasmaot_table_release(Tab);
  }

  static int32_t hostF(void *, wasmaot_context *, const wasmaot_val *,
                       wasmaot_val *) {
    return 0;
  }

  /// Instantiates with import Index replaced; returns the error ("" if it
  /// worked).
  std::string errorWith(size_t Index, wasmaot_extern Replacement) {
    std::vector<wasmaot_extern> Imports = Good;
    Imports[Index] = Replacement;
    Inst I(L->M, Imports);
    EXPECT_EQ(I.Trap.code, (uint32_t)WASMAOT_TRAP_NONE);
    return I ? "" : I.Error;
  }

  static std::string *Path;
  std::unique_ptr<Loaded> L;
  wasmaot_memory *Mem = nullptr;
  wasmaot_table *Tab = nullptr;
  wasmaot_val G{}, C{};
  std::vector<wasmaot_extern> Good;
};

std::string *UnlinkableTest::Path;

#define EXPECT_INCOMPATIBLE(Error, Import)                                     \
  do {                                                                         \
    std::string E_ = (Error);                                                  \
    EXPECT_NE(E_.find("incompatible import type"), std::string::npos) << E_;   \
    EXPECT_NE(E_.find(Import), std::string::npos) << E_;                       \
  } while (0)

TEST_F(UnlinkableTest, TheRightImportsLink) {
  Inst I(L->M, Good);
  EXPECT_TRUE(I) << I.Error;
}

TEST_F(UnlinkableTest, UnknownImports) {
  std::string E = errorWith(2, externNone());
  EXPECT_NE(E.find("unknown import"), std::string::npos) << E;
  EXPECT_NE(E.find("\"m\".\"tab\""), std::string::npos) << E;
  Inst Short(L->M, {Good[0], Good[1]});
  EXPECT_FALSE(Short);
  EXPECT_NE(Short.Error.find("unknown import"), std::string::npos);
  EXPECT_NE(Short.Error.find("\"m\".\"tab\""), std::string::npos);
  std::vector<wasmaot_extern> TooMany = Good;
  TooMany.push_back(externNone());
  Inst Long(L->M, TooMany);
  EXPECT_FALSE(Long);
  EXPECT_NE(errorWith(0, externFunc(nullptr)).find("unknown import"),
            std::string::npos);
  EXPECT_NE(errorWith(1, externMemory(nullptr)).find("unknown import"),
            std::string::npos);
}

TEST_F(UnlinkableTest, WrongKind) {
  EXPECT_INCOMPATIBLE(errorWith(0, externMemory(Mem)), "\"m\".\"f\"");
  EXPECT_INCOMPATIBLE(errorWith(1, externTable(Tab)), "\"m\".\"mem\"");
  EXPECT_INCOMPATIBLE(errorWith(2, Good[3]), "\"m\".\"tab\"");
  EXPECT_INCOMPATIBLE(errorWith(3, Good[0]), "\"m\".\"g\"");
}

TEST_F(UnlinkableTest, FunctionTypes) {
  std::string E =
      errorWith(0, externHost(hostF, nullptr, {WASMAOT_I32}, {WASMAOT_I32}));
  EXPECT_INCOMPATIBLE(E, "\"m\".\"f\"");
  EXPECT_NE(E.find("[i32] -> [i64]"), std::string::npos) << E;
  EXPECT_NE(E.find("[i32] -> [i32]"), std::string::npos) << E;
  EXPECT_INCOMPATIBLE(
      errorWith(0, externHost(hostF, nullptr, {}, {WASMAOT_I64})), "m");
  EXPECT_INCOMPATIBLE(
      errorWith(0, externHost(hostF, nullptr, {WASMAOT_I32, WASMAOT_I32},
                              {WASMAOT_I64})),
      "m");
  EXPECT_INCOMPATIBLE(errorWith(0, externHost(hostF, nullptr, {0x42}, {})),
                      "m");
  // A compiled function of another type.
  Loaded O(compileWat(R"((module (func (export "f") (param i64) (result i64)
                           (local.get 0))))",
                      0));
  ASSERT_TRUE(O);
  Inst Other(O.M);
  ASSERT_TRUE(Other);
  EXPECT_INCOMPATIBLE(errorWith(0, Other.get("f")), "\"m\".\"f\"");
}

TEST_F(UnlinkableTest, MemoryLimits) {
  auto With = [&](uint64_t Min, uint64_t Max, uint32_t Flags) {
    wasmaot_memory *M = wasmaot_memory_new(Min, Max, Flags, nullptr);
    EXPECT_NE(M, nullptr);
    std::string E = errorWith(1, externMemory(M));
    wasmaot_memory_release(M);
    return E;
  };
  EXPECT_EQ(With(2, 5, 0), "");
  EXPECT_EQ(With(3, 4, 0), "") << "a larger min and smaller max match";
  EXPECT_INCOMPATIBLE(With(1, 5, 0), "\"m\".\"mem\"");
  EXPECT_INCOMPATIBLE(With(2, 6, 0), "\"m\".\"mem\"");
  EXPECT_INCOMPATIBLE(With(2, WASMAOT_NO_MAXIMUM, 0), "\"m\".\"mem\"");
  EXPECT_INCOMPATIBLE(With(2, 5, WASMAOT_MEMORY_SHARED), "\"m\".\"mem\"");
  EXPECT_INCOMPATIBLE(With(2, 5, WASMAOT_MEMORY_64), "\"m\".\"mem\"");
  // The current size counts, not the initial one.
  wasmaot_memory *M = wasmaot_memory_new(1, 5, 0, nullptr);
  EXPECT_NE(errorWith(1, externMemory(M)), "");
  EXPECT_EQ(wasmaot_memory_grow(M, 1), 1u);
  EXPECT_EQ(errorWith(1, externMemory(M)), "");
  wasmaot_memory_release(M);
}

TEST_F(UnlinkableTest, TableLimitsAndTypes) {
  auto With = [&](uint32_t Type, uint64_t Min, uint64_t Max, uint32_t Flags) {
    wasmaot_table *T =
        wasmaot_table_new(Type, Min, Max, Flags, nullptr, nullptr);
    EXPECT_NE(T, nullptr);
    std::string E = errorWith(2, externTable(T));
    wasmaot_table_release(T);
    return E;
  };
  EXPECT_EQ(With(WASMAOT_FUNCREF, 3, 6, 0), "");
  EXPECT_EQ(With(WASMAOT_FUNCREF, 4, 5, 0), "");
  EXPECT_INCOMPATIBLE(With(WASMAOT_FUNCREF, 2, 6, 0), "\"m\".\"tab\"");
  EXPECT_INCOMPATIBLE(With(WASMAOT_FUNCREF, 3, 7, 0), "\"m\".\"tab\"");
  EXPECT_INCOMPATIBLE(With(WASMAOT_FUNCREF, 3, WASMAOT_NO_MAXIMUM, 0),
                      "\"m\".\"tab\"");
  EXPECT_INCOMPATIBLE(With(WASMAOT_EXTERNREF, 3, 6, 0), "\"m\".\"tab\"");
  EXPECT_INCOMPATIBLE(With(WASMAOT_FUNCREF, 3, 6, WASMAOT_TABLE_64),
                      "\"m\".\"tab\"");
}

TEST_F(UnlinkableTest, GlobalTypesAndMutability) {
  EXPECT_INCOMPATIBLE(errorWith(3, externGlobal(&G, WASMAOT_F64, true)),
                      "\"m\".\"g\"");
  EXPECT_INCOMPATIBLE(errorWith(3, externGlobal(&G, WASMAOT_F32, false)),
                      "\"m\".\"g\"");
  EXPECT_INCOMPATIBLE(errorWith(4, externGlobal(&C, WASMAOT_I32, true)),
                      "\"m\".\"c\"");
  EXPECT_INCOMPATIBLE(errorWith(4, externGlobal(&C, WASMAOT_I64, false)),
                      "\"m\".\"c\"");
  EXPECT_NE(errorWith(4, externGlobal(nullptr, WASMAOT_I32, false))
                .find("unknown import"),
            std::string::npos);
}

} // namespace
