//===- FeaturesTest.cpp - Feature sets and unsupported proposals ----------===//
//
// FeatureSet's groups and parsing, and how the encodings of recognised but
// unimplemented proposals (gc, function-references) are reported: as
// unsupported when their feature is enabled, as malformed when it is not.
//
//===----------------------------------------------------------------------===//

#include "WasmTestUtil.h"

#include <gtest/gtest.h>

using namespace wasmaot;
using namespace wasmaot::test;

namespace {

FeatureSet parseOk(llvm::StringRef List) {
  llvm::Expected<FeatureSet> F = FeatureSet::parse(List);
  if (!F) {
    ADD_FAILURE() << "parse(\"" << List.str()
                  << "\"): " << llvm::toString(F.takeError());
    return FeatureSet();
  }
  return *F;
}

std::string parseError(llvm::StringRef List) {
  llvm::Expected<FeatureSet> F = FeatureSet::parse(List);
  if (F) {
    ADD_FAILURE() << "parse(\"" << List.str() << "\") succeeded";
    return "";
  }
  return llvm::toString(F.takeError());
}

//===-- Groups ------------------------------------------------------------===//

TEST(FeaturesTest, Groups) {
  FeatureSet W1 = FeatureSet::wasm1(), W2 = FeatureSet::wasm2(),
             W3 = FeatureSet::wasm3();
  EXPECT_TRUE(W1.has(FeatureSet::MutableGlobal));
  EXPECT_FALSE(W1.has(FeatureSet::Simd));
  EXPECT_FALSE(W1.has(FeatureSet::MultiValue));

  for (FeatureSet::Feature F :
       {FeatureSet::MutableGlobal, FeatureSet::SaturatingFloatToInt,
        FeatureSet::SignExtension, FeatureSet::ReferenceTypes,
        FeatureSet::MultiValue, FeatureSet::BulkMemory, FeatureSet::Simd})
    EXPECT_TRUE(W2.has(F)) << FeatureSet::name(F).str();
  EXPECT_FALSE(W2.has(FeatureSet::TailCall));
  EXPECT_FALSE(W2.has(FeatureSet::Exceptions));

  for (FeatureSet::Feature F :
       {FeatureSet::Simd, FeatureSet::RelaxedSimd, FeatureSet::TailCall,
        FeatureSet::Exceptions, FeatureSet::Memory64, FeatureSet::MultiMemory,
        FeatureSet::ExtendedConst, FeatureSet::GC,
        FeatureSet::FunctionReferences})
    EXPECT_TRUE(W3.has(F)) << FeatureSet::name(F).str();
  // Neither legacy exceptions nor threads are in a Wasm version.
  EXPECT_FALSE(W3.has(FeatureSet::LegacyExceptions));
  EXPECT_FALSE(W3.has(FeatureSet::Threads));

  FeatureSet All = FeatureSet::all();
  for (unsigned I = 0; I < FeatureSet::NumFeatures; ++I)
    EXPECT_TRUE(All.has(FeatureSet::Feature(I)));
  EXPECT_EQ(FeatureSet::defaults(), All);
}

TEST(FeaturesTest, MVPIsAlwaysOn) {
  EXPECT_TRUE(FeatureSet().has(FeatureSet::MVP));
  EXPECT_TRUE(FeatureSet::wasm1().has(FeatureSet::MVP));
}

TEST(FeaturesTest, AddAndRemove) {
  FeatureSet S = FeatureSet::wasm1();
  S.add(FeatureSet::Threads);
  EXPECT_TRUE(S.has(FeatureSet::Threads));
  S.remove(FeatureSet::Threads).remove(FeatureSet::MutableGlobal);
  EXPECT_FALSE(S.has(FeatureSet::Threads));
  EXPECT_FALSE(S.has(FeatureSet::MutableGlobal));
  EXPECT_EQ(S.bits(), 0u);
}

TEST(FeaturesTest, NamesAndSupport) {
  EXPECT_EQ(FeatureSet::name(FeatureSet::Simd), "simd");
  EXPECT_EQ(FeatureSet::name(FeatureSet::MutableGlobal), "mutable-global");
  EXPECT_EQ(FeatureSet::name(FeatureSet::LegacyExceptions),
            "legacy-exceptions");
  EXPECT_TRUE(FeatureSet::isSupported(FeatureSet::Simd));
  EXPECT_TRUE(FeatureSet::isSupported(FeatureSet::Threads));
  EXPECT_FALSE(FeatureSet::isSupported(FeatureSet::GC));
  EXPECT_FALSE(FeatureSet::isSupported(FeatureSet::FunctionReferences));
  EXPECT_EQ(FeatureSet::wasm1().toString(), "mutable-global");
  EXPECT_EQ(FeatureSet().toString(), "");
}

//===-- parse -------------------------------------------------------------===//

TEST(FeaturesTest, ParseGroups) {
  EXPECT_EQ(parseOk("wasm1"), FeatureSet::wasm1());
  EXPECT_EQ(parseOk("mvp"), FeatureSet::wasm1());
  EXPECT_EQ(parseOk("wasm2"), FeatureSet::wasm2());
  EXPECT_EQ(parseOk("wasm3"), FeatureSet::wasm3());
  EXPECT_EQ(parseOk("all"), FeatureSet::all());
  // An empty list is the defaults.
  EXPECT_EQ(parseOk(""), FeatureSet::defaults());
  // A group replaces what came before it.
  EXPECT_EQ(parseOk("wasm3,wasm1"), FeatureSet::wasm1());
  EXPECT_EQ(parseOk("threads,wasm2"), FeatureSet::wasm2());
}

TEST(FeaturesTest, ParseAddAndRemove) {
  FeatureSet S = parseOk("wasm2,-simd,threads");
  EXPECT_FALSE(S.has(FeatureSet::Simd));
  EXPECT_TRUE(S.has(FeatureSet::Threads));
  EXPECT_TRUE(S.has(FeatureSet::BulkMemory));
  EXPECT_EQ(
      S, FeatureSet::wasm2().remove(FeatureSet::Simd).add(FeatureSet::Threads));
  // On top of the defaults.
  EXPECT_EQ(parseOk("-gc"), FeatureSet::defaults().remove(FeatureSet::GC));
  EXPECT_EQ(parseOk("-gc,-function-references,-threads"),
            FeatureSet::defaults()
                .remove(FeatureSet::GC)
                .remove(FeatureSet::FunctionReferences)
                .remove(FeatureSet::Threads));
  // Order matters.
  EXPECT_TRUE(parseOk("wasm1,-simd,simd").has(FeatureSet::Simd));
  EXPECT_FALSE(parseOk("wasm1,simd,-simd").has(FeatureSet::Simd));
  // Blanks around items and empty items are ignored; "floats" is accepted.
  EXPECT_EQ(parseOk(" wasm1 , simd ,,"),
            FeatureSet::wasm1().add(FeatureSet::Simd));
  EXPECT_EQ(parseOk("wasm2,floats"), FeatureSet::wasm2());
  // toString() round-trips.
  EXPECT_EQ(parseOk("wasm1," + FeatureSet::wasm3().toString()),
            FeatureSet::wasm3().add(FeatureSet::MutableGlobal));
}

TEST(FeaturesTest, ParseUnknownName) {
  std::string E = parseError("wasm2,nonsense");
  EXPECT_NE(E.find("unknown feature 'nonsense'"), std::string::npos) << E;
  // The message lists what is known.
  EXPECT_NE(E.find("wasm3"), std::string::npos) << E;
  EXPECT_NE(E.find("legacy-exceptions"), std::string::npos) << E;
  EXPECT_NE(parseError("-bogus").find("unknown feature 'bogus'"),
            std::string::npos);
  EXPECT_NE(parseError("SIMD").find("unknown feature"), std::string::npos)
      << "names are case-sensitive";
  // Groups cannot be removed.
  EXPECT_NE(parseError("-wasm2").find("unknown feature"), std::string::npos);
}

//===-- Unsupported proposals ---------------------------------------------===//

TEST(FeaturesTest, GCTypeIsUnsupportedWhenEnabled) {
  // struct (0x5F) of one i32 field, array (0x5E) of mutable i32, rec
  // (0x4E), sub (0x50).
  for (const Bytes &Type :
       {Bytes{0x5F, 0x01, I32, 0x00}, Bytes{0x5E, I32, 0x01},
        Bytes{0x4E, 0x01, 0x60, 0x00, 0x00},
        Bytes{0x50, 0x00, 0x60, 0x00, 0x00}}) {
    Bytes B = ModuleBuilder().types({Type});
    Outcome O = decode(B);
    EXPECT_TRUE(isUnsupported(O, "gc")) << int(Type[0]);
    EXPECT_EQ(O.Offset, 11u);
    EXPECT_NE(O.Text.find("unsupported feature"), std::string::npos);
    EXPECT_TRUE(isUnsupported(decode(B, FeatureSet::wasm3()), "gc"));
    EXPECT_TRUE(isMalformed(decode(B, FeatureSet::wasm2()), ""))
        << int(Type[0]);
    EXPECT_TRUE(isMalformed(decode(B, parseOk("-gc")), "")) << int(Type[0]);
  }
}

TEST(FeaturesTest, ShortGCTypesAreUnsupportedToo) {
  for (const Bytes &Type : {Bytes{0x5F, 0x00}, Bytes{0x4E, 0x00}}) {
    Bytes B = ModuleBuilder().types({Type});
    EXPECT_TRUE(isUnsupported(decode(B), "gc")) << int(Type[0]);
    EXPECT_TRUE(isMalformed(decode(B, FeatureSet::wasm2()), ""));
  }
}

TEST(FeaturesTest, GCValueTypesAreUnsupportedWhenEnabled) {
  // anyref (0x6E), eqref (0x6D), i31ref (0x6C), nullref (0x71) as params.
  for (uint8_t T : {0x6E, 0x6D, 0x6C, 0x71}) {
    Bytes B = ModuleBuilder().types({funcType({T}, {})});
    EXPECT_TRUE(isUnsupported(decode(B), "gc")) << int(T);
    EXPECT_TRUE(
        isMalformed(decode(B, FeatureSet::wasm2()), "malformed value type"))
        << int(T);
  }
}

TEST(FeaturesTest, TypedReferencesAreUnsupportedWhenEnabled) {
  // (ref func) and (ref null 0).
  for (const Bytes &T : {Bytes{0x64, FuncRef}, Bytes{0x63, 0x00}}) {
    Bytes B = ModuleBuilder().types({cat({{0x60, 0x01}, T, {0x00}})});
    EXPECT_TRUE(isUnsupported(decode(B), "function-references")) << int(T[0]);
    EXPECT_TRUE(
        isMalformed(decode(B, FeatureSet::wasm2()), "malformed value type"));
  }
  // A local of a typed reference type.
  Bytes Local = oneFunc({}, {}, {op::End}, {{1, 0x63}});
  EXPECT_FALSE(read(Local).Ok);
  EXPECT_EQ(read(Local).Kind, WasmErrorKind::Unsupported);
}

TEST(FeaturesTest, UnsupportedOperators) {
  // call_ref (0x14) and the 0xFB prefix.
  Bytes CallRef =
      oneFunc({}, {}, {op::RefNull, FuncRef, op::CallRef, 0, op::End});
  EXPECT_TRUE(isUnsupported(read(CallRef), "function-references"));
  EXPECT_TRUE(
      isMalformed(read(CallRef, FeatureSet::wasm2()), "illegal opcode"));
  Bytes GCOp = oneFunc({}, {}, {0xFB, 0x00, 0x00, op::Drop, op::End});
  EXPECT_TRUE(isUnsupported(read(GCOp), "gc"));
  EXPECT_TRUE(isMalformed(read(GCOp, FeatureSet::wasm2()), "illegal opcode"));
  // ref.null with a concrete (typed) heap type.
  Bytes RefNullType = oneFunc({}, {}, {op::RefNull, 0x00, op::Drop, op::End});
  EXPECT_TRUE(isUnsupported(read(RefNullType), "function-references"));
  EXPECT_TRUE(isMalformed(read(RefNullType, FeatureSet::wasm2()),
                          "malformed reference type"));
  // ref.null of a gc abstract heap type.
  Bytes RefNullAny = oneFunc({}, {}, {op::RefNull, 0x6E, op::Drop, op::End});
  EXPECT_TRUE(isUnsupported(read(RefNullAny), "gc"));
  EXPECT_TRUE(isMalformed(read(RefNullAny, FeatureSet::wasm2()), "malformed"));
}

TEST(FeaturesTest, TableWithInitializerIsUnsupported) {
  // 0x40 0x00 reftype limits expr: a table with an initialiser.
  Bytes B = ModuleBuilder().tables(
      {cat({{0x40, 0x00, FuncRef}, limits(1), refNullExpr(FuncRef)})});
  EXPECT_TRUE(isUnsupported(decode(B), "function-references"));
  EXPECT_TRUE(isMalformed(decode(B, FeatureSet::wasm2()), "malformed"));
}

} // namespace

// Validation costs the arity of a type per use, so arities are bounded (as
// in V8 and wasm-tools) to keep it linear in the module's size.
TEST(FeaturesTest, FunctionTypeArityIsAnImplementationLimit) {
  auto FuncType = [](uint32_t Params, uint32_t Results) {
    Bytes T{0x60};
    for (uint32_t N : {Params, Results}) {
      // The count as a two-byte LEB128 (both counts stay below 2^14).
      T.push_back(uint8_t(0x80 | (N & 0x7F)));
      T.push_back(uint8_t(N >> 7));
      T.insert(T.end(), N, I32);
    }
    return T;
  };
  EXPECT_TRUE(decode(ModuleBuilder().types({FuncType(1000, 0)})).Ok);
  EXPECT_TRUE(decode(ModuleBuilder().types({FuncType(0, 1000)})).Ok);
  EXPECT_TRUE(isUnsupported(decode(ModuleBuilder().types({FuncType(1001, 0)})),
                            "implementation limit"));
  EXPECT_TRUE(isUnsupported(decode(ModuleBuilder().types({FuncType(0, 1001)})),
                            "implementation limit"));
}
