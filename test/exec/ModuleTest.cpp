// ModuleTest.cpp - Loading libraries: errors for what is not a compatible
// WasmAOT library, the import and export descriptions, the type registry.

#include "ExecTestUtil.h"

#include "wasmaot/CodeGen/CodeGen.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"

#include <cstring>
#include <fstream>
#include <set>
#include <string_view>
#include <thread>

using namespace wasmaot::test;

namespace {

/// A shared library whose descriptor symbol holds the bytes of D (all
/// pointers NULL).
std::string libraryWithDescriptor(const wasmaot_module_descriptor &D) {
  llvm::LLVMContext Ctx;
  auto M = std::make_unique<llvm::Module>("fake", Ctx);
  auto *Bytes = llvm::ConstantDataArray::get(
      Ctx,
      llvm::ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(&D), sizeof D));
  auto *G = new llvm::GlobalVariable(*M, Bytes->getType(), true,
                                     llvm::GlobalValue::ExternalLinkage, Bytes,
                                     WASMAOT_DESCRIPTOR_SYMBOL);
  G->setAlignment(llvm::Align(8));
  wasmaot::CodeGenOptions CG;
  CG.Threads = 1;
  std::string Path = tempPath(".so");
  auto Stats = wasmaot::compileToSharedLibrary(std::move(M), CG, Path);
  if (!Stats) {
    ADD_FAILURE() << llvm::toString(Stats.takeError());
    return "";
  }
  return Path;
}

std::string loadError(const std::string &Path) {
  Loaded L(Path);
  EXPECT_FALSE(L);
  return L.Error;
}

TEST(ModuleTest, NotALibrary) {
  std::string E = loadError("/nonexistent/x.so");
  EXPECT_NE(E.find("cannot load"), std::string::npos) << E;
  std::string Text = tempPath(".so");
  std::ofstream(Text) << "not an ELF file";
  EXPECT_NE(loadError(Text).find("cannot load"), std::string::npos);
  char *Raw = nullptr;
  EXPECT_EQ(wasmaot_module_load(nullptr, &Raw), nullptr);
  EXPECT_NE(takeError(Raw), "");
}

TEST(ModuleTest, NoDescriptor) {
  std::string E = loadError("libm.so.6");
  EXPECT_NE(E.find("not a WasmAOT library"), std::string::npos) << E;
}

TEST(ModuleTest, WrongMagicOrVersion) {
  wasmaot_module_descriptor D{};
  D.magic = 0x12345678;
  D.abi_version = WASMAOT_ABI_VERSION;
  D.context_size = sizeof(wasmaot_context);
  std::string E = loadError(libraryWithDescriptor(D));
  EXPECT_NE(E.find("magic"), std::string::npos) << E;

  D.magic = WASMAOT_DESCRIPTOR_MAGIC;
  D.abi_version = WASMAOT_ABI_VERSION + 1;
  E = loadError(libraryWithDescriptor(D));
  EXPECT_NE(E.find("ABI version"), std::string::npos) << E;
}

TEST(ModuleTest, MalformedDescriptor) {
  wasmaot_module_descriptor D{};
  D.magic = WASMAOT_DESCRIPTOR_MAGIC;
  D.abi_version = WASMAOT_ABI_VERSION;
  D.context_size = 8; // smaller than a context
  std::string E = loadError(libraryWithDescriptor(D));
  EXPECT_NE(E.find("malformed descriptor"), std::string::npos) << E;
  D.context_size = sizeof(wasmaot_context);
  D.num_types = 3; // but no types array
  E = loadError(libraryWithDescriptor(D));
  EXPECT_NE(E.find("malformed descriptor"), std::string::npos) << E;
  D.num_types = 0;
  D.num_funcs = 1; // no code
  E = loadError(libraryWithDescriptor(D));
  EXPECT_NE(E.find("malformed descriptor"), std::string::npos) << E;
}

std::string_view name(const char *S, size_t N) { return {S, N}; }

TEST(ModuleTest, ImportsAndExports) {
  Loaded L(compileWat(R"(
(module
  (import "env" "f" (func (param i32 f64) (result i64)))
  (import "env" "mem" (memory 1 2))
  (import "x" "g" (global (mut i64)))
  (import "env" "h" (func))
  (table (export "t") 2 7 externref)
  (global (export "k") f32 (f32.const 1))
  (func (export "run") (param i64) (result i32 i32) (i32.const 0) (i32.const 1))
  (export "mem2" (memory 0))
  (export "" (func 1))
)
)",
                      0));
  ASSERT_TRUE(L) << L.Error;
  ASSERT_EQ(wasmaot_module_num_imports(L.M), 4u);
  wasmaot_import_info I;
  ASSERT_EQ(wasmaot_module_import(L.M, 0, &I), 0);
  EXPECT_EQ(name(I.module, I.module_len), "env");
  EXPECT_EQ(name(I.name, I.name_len), "f");
  EXPECT_EQ(I.type.kind, (uint32_t)WASMAOT_EXTERN_FUNC);
  ASSERT_EQ(I.type.of.func.num_params, 2u);
  EXPECT_EQ(I.type.of.func.params[1], WASMAOT_F64);
  ASSERT_EQ(I.type.of.func.num_results, 1u);
  EXPECT_EQ(I.type.of.func.results[0], WASMAOT_I64);
  ASSERT_EQ(wasmaot_module_import(L.M, 1, &I), 0);
  EXPECT_EQ(I.type.kind, (uint32_t)WASMAOT_EXTERN_MEMORY);
  EXPECT_EQ(I.type.of.memory.min, 1u);
  EXPECT_EQ(I.type.of.memory.has_max, 1u);
  EXPECT_EQ(I.type.of.memory.max, 2u);
  ASSERT_EQ(wasmaot_module_import(L.M, 2, &I), 0);
  EXPECT_EQ(name(I.module, I.module_len), "x");
  EXPECT_EQ(I.type.kind, (uint32_t)WASMAOT_EXTERN_GLOBAL);
  EXPECT_EQ(I.type.of.global.type, (uint32_t)WASMAOT_I64);
  EXPECT_EQ(I.type.of.global.is_mutable, 1u);
  ASSERT_EQ(wasmaot_module_import(L.M, 3, &I), 0);
  EXPECT_EQ(I.type.kind, (uint32_t)WASMAOT_EXTERN_FUNC);
  EXPECT_EQ(I.type.of.func.num_params, 0u);
  EXPECT_EQ(wasmaot_module_import(L.M, 4, &I), -1);

  ASSERT_EQ(wasmaot_module_num_exports(L.M), 5u);
  wasmaot_export_info X;
  ASSERT_EQ(wasmaot_module_export(L.M, 0, &X), 0);
  EXPECT_EQ(name(X.name, X.name_len), "t");
  EXPECT_EQ(X.type.kind, (uint32_t)WASMAOT_EXTERN_TABLE);
  EXPECT_EQ(X.type.of.table.elem_type, (uint32_t)WASMAOT_EXTERNREF);
  EXPECT_EQ(X.type.of.table.limits.max, 7u);
  ASSERT_EQ(wasmaot_module_export(L.M, 2, &X), 0);
  EXPECT_EQ(name(X.name, X.name_len), "run");
  EXPECT_EQ(X.type.of.func.num_results, 2u);
  ASSERT_EQ(wasmaot_module_export(L.M, 4, &X), 0);
  EXPECT_EQ(X.name_len, 0u);
  EXPECT_EQ(X.type.kind, (uint32_t)WASMAOT_EXTERN_FUNC);
  EXPECT_EQ(X.type.of.func.num_params, 0u) << "function 1 is import h";
  EXPECT_EQ(wasmaot_module_export(L.M, 5, &X), -1);
  EXPECT_EQ(wasmaot_module_num_imports(nullptr), 0u);
}

TEST(ModuleTest, LoadingTwiceAndReleasingOne) {
  std::string Path = compileWat(R"(
(module (memory 1)
  (func (export "f") (param i32) (result i32) (i32.load (local.get 0))))
)",
                                2);
  auto A = std::make_unique<Loaded>(Path);
  Loaded B(Path);
  ASSERT_TRUE(*A && B);
  A.reset();
  // B's code is still registered: a fault is still a trap.
  Inst I(B.M);
  ASSERT_TRUE(I) << I.Error;
  EXPECT_EQ(I.trapOf("f", {I32(70000)}, 1),
            (uint32_t)WASMAOT_TRAP_OUT_OF_BOUNDS_MEMORY);
}

TEST(TypeRegistryTest, InternsCanonically) {
  const uint8_t P[] = {WASMAOT_I32, WASMAOT_F64}, R[] = {WASMAOT_I64};
  uint32_t A = wasmaot_type_intern(P, 2, R, 1);
  ASSERT_NE(A, 0u);
  uint8_t P2[] = {WASMAOT_I32, WASMAOT_F64};
  EXPECT_EQ(wasmaot_type_intern(P2, 2, R, 1), A);
  EXPECT_NE(wasmaot_type_intern(P, 1, R, 1), A);
  EXPECT_NE(wasmaot_type_intern(P, 2, nullptr, 0), A);
  // Params and results are not interchangeable.
  EXPECT_NE(wasmaot_type_intern(P, 1, P + 1, 1),
            wasmaot_type_intern(nullptr, 0, P, 2));
  uint32_t Empty = wasmaot_type_intern(nullptr, 0, nullptr, 0);
  EXPECT_NE(Empty, 0u);
  EXPECT_EQ(wasmaot_type_intern(nullptr, 0, nullptr, 0), Empty);
  const uint8_t Bad[] = {0x40};
  EXPECT_EQ(wasmaot_type_intern(Bad, 1, nullptr, 0), 0u);
  EXPECT_EQ(wasmaot_type_intern(nullptr, 1, nullptr, 0), 0u);
  wasmaot_func_type T;
  ASSERT_EQ(wasmaot_type_lookup(A, &T), 0);
  EXPECT_EQ(T.num_params, 2u);
  EXPECT_EQ(T.params[1], WASMAOT_F64);
  EXPECT_EQ(T.results[0], WASMAOT_I64);
  EXPECT_EQ(wasmaot_type_lookup(0, &T), -1);
  EXPECT_EQ(wasmaot_type_lookup(UINT32_MAX, &T), -1);
  // Many types, from several threads: ids stay distinct and stable.
  std::vector<uint32_t> Ids(2000);
  std::vector<std::thread> Threads;
  for (int Th = 0; Th < 4; ++Th)
    Threads.emplace_back([&, Th] {
      for (int K = Th; K < 2000; K += 4) {
        uint8_t Codes[12];
        int N = 0;
        for (int V = K; N < 11; V /= 4)
          Codes[N++] = WASMAOT_F64 + (V % 4); // 0x7C..0x7F
        Ids[K] = wasmaot_type_intern(Codes, 6, Codes + 6, 5);
      }
    });
  for (auto &T2 : Threads)
    T2.join();
  std::set<uint32_t> Distinct(Ids.begin(), Ids.end());
  EXPECT_EQ(Distinct.size(), Ids.size());
  EXPECT_EQ(Distinct.count(0), 0u);
}

} // namespace
