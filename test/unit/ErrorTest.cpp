//===- ErrorTest.cpp - The format of diagnostics --------------------------===//
//
// WasmError::log ("0x1a2b: error: message (func N "name")"), reportError,
// toDiagnostic, and the offsets and function attached by the front end.
//
//===----------------------------------------------------------------------===//

#include "WasmTestUtil.h"

#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

using namespace wasmaot;
using namespace wasmaot::test;

namespace {

std::string logOf(const WasmError &E) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  E.log(OS);
  return S;
}

TEST(ErrorTest, LogFormat) {
  WasmError E(WasmErrorKind::Invalid, 0x1a2b, "type mismatch in i32.add");
  EXPECT_EQ(logOf(E), "0x1a2b: error: type mismatch in i32.add");
  EXPECT_FALSE(E.getFuncIndex());
  E.setFunction(12, "foo");
  EXPECT_EQ(logOf(E),
            "0x1a2b: error: type mismatch in i32.add (func 12 \"foo\")");
  EXPECT_EQ(E.getFuncIndex(), std::optional<uint32_t>(12));
  E.setFunction(3, "");
  EXPECT_EQ(logOf(E), "0x1a2b: error: type mismatch in i32.add (func 3)");
  WasmError Zero(WasmErrorKind::Malformed, 0, "x");
  EXPECT_EQ(logOf(Zero), "0x0: error: x");
}

TEST(ErrorTest, LogFormatWithDetail) {
  // The detail comes after the function, so that the rule and the place
  // read first.
  WasmError E(WasmErrorKind::Invalid, 0x1a2b, "type mismatch in i32.add",
              "expected i32, found f32");
  EXPECT_EQ(E.getDetail(), "expected i32, found f32");
  EXPECT_EQ(logOf(E),
            "0x1a2b: error: type mismatch in i32.add: expected i32, found f32");
  E.setFunction(12, "foo");
  EXPECT_EQ(logOf(E), "0x1a2b: error: type mismatch in i32.add (func 12 "
                      "\"foo\"): expected i32, found f32");
  Outcome O = outcomeOf(makeInvalid(4, "rule", "detail"));
  EXPECT_EQ(O.Message, "rule");
  EXPECT_EQ(O.Detail, "detail");
  EXPECT_EQ(O.Text, "0x4: error: rule: detail");
}

TEST(ErrorTest, Constructors) {
  Outcome M = outcomeOf(makeMalformed(5, "bad"));
  EXPECT_TRUE(isMalformed(M, "bad"));
  EXPECT_EQ(M.Offset, 5u);
  Outcome I = outcomeOf(makeInvalid(6, "wrong"));
  EXPECT_TRUE(isInvalid(I, "wrong"));
  Outcome U = outcomeOf(makeUnsupported(7, "gc"));
  EXPECT_TRUE(isUnsupported(U, "gc"));
  EXPECT_EQ(U.Message, "unsupported feature: gc");
  EXPECT_EQ(U.Text, "0x7: error: unsupported feature: gc");
}

TEST(ErrorTest, ReportError) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  reportError(OS, "a.wasm", makeMalformed(0x10, "unexpected end"));
  EXPECT_EQ(S, "a.wasm:0x10: error: unexpected end\n");
  S.clear();
  reportError(
      OS, "b.wasm",
      llvm::createStringError(llvm::inconvertibleErrorCode(), "cannot read"));
  EXPECT_EQ(S, "b.wasm: error: cannot read\n");
}

TEST(ErrorTest, ToDiagnostic) {
  Diagnostic D = toDiagnostic(makeInvalid(0x20, "unknown global 3"));
  EXPECT_EQ(D.Kind, std::optional<WasmErrorKind>(WasmErrorKind::Invalid));
  EXPECT_EQ(D.Text, "0x20: error: unknown global 3");
  Diagnostic Plain = toDiagnostic(
      llvm::createStringError(llvm::inconvertibleErrorCode(), "oops"));
  EXPECT_FALSE(Plain.Kind);
  EXPECT_EQ(Plain.Text, "oops");
  Diagnostic Both = toDiagnostic(llvm::joinErrors(
      makeMalformed(1, "first"), makeUnsupported(2, "second")));
  EXPECT_EQ(Both.Kind, std::optional<WasmErrorKind>(WasmErrorKind::Malformed));
  EXPECT_EQ(Both.Text,
            "0x1: error: first; 0x2: error: unsupported feature: second");
}

/// Function 0 is imported as "imp"; function 1, defined, runs Code and is
/// named Name by the name section when Name is not empty.
Bytes namedModule(const Bytes &Code, std::string_view Name) {
  ModuleBuilder B;
  B.types({funcType({}, {I32})})
      .imports({importFunc("env", "imp", 0)})
      .funcs({0})
      .code({body(Code)});
  if (!Name.empty())
    B.custom("name", cat({{0x01}, rawName(vec({cat({uleb(1), name(Name)})}))}));
  return B;
}

TEST(ErrorTest, FunctionErrorsNameTheFunction) {
  const Bytes Code = {op::I32Const, 1,      op::F32Const, 0, 0, 0, 0,
                      op::I32Add,   op::End};
  Bytes B = namedModule(Code, "foo");
  Outcome O = read(B);
  ASSERT_FALSE(O.Ok);
  size_t AddOffset = findBytes(B, Code) + 7;
  ASSERT_EQ(B[AddOffset], op::I32Add);
  EXPECT_EQ(O.Offset, AddOffset);
  EXPECT_EQ(O.Func, std::optional<uint32_t>(1));
  char Hex[32];
  snprintf(Hex, sizeof(Hex), "0x%zx", AddOffset);
  EXPECT_EQ(O.Text, std::string(Hex) +
                        ": error: type mismatch in i32.add (func 1 \"foo\"): "
                        "expected i32, found f32");

  // Without a name section, only the index.
  Outcome Unnamed = read(namedModule(Code, ""));
  EXPECT_EQ(Unnamed.Text, std::string(Hex) +
                              ": error: type mismatch in i32.add (func 1): "
                              "expected i32, found f32");
}

TEST(ErrorTest, MalformedBodiesNameTheFunctionToo) {
  Outcome O = read(namedModule(
      {op::I32Const, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, op::End}, "bar"));
  EXPECT_TRUE(isMalformed(O, "integer representation too long"));
  EXPECT_EQ(O.Func, std::optional<uint32_t>(1));
  EXPECT_NE(O.Text.find("(func 1 \"bar\")"), std::string::npos) << O.Text;
}

TEST(ErrorTest, ModuleErrorsHaveNoFunction) {
  Outcome O = decode(ModuleBuilder().memories({limits(2, 1)}));
  EXPECT_FALSE(O.Func);
  EXPECT_EQ(O.Text.find("(func"), std::string::npos) << O.Text;
  EXPECT_EQ(O.Text.rfind("0xb: error: ", 0), 0u) << O.Text;
}

TEST(ErrorTest, ReadModuleFileReportsMissingFiles) {
  llvm::Expected<Module> M =
      readModuleFile("/nonexistent/dir/module.wasm", ReadOptions());
  ASSERT_FALSE(bool(M));
  Outcome O = outcomeOf(M.takeError());
  EXPECT_FALSE(O.IsWasmError);
  EXPECT_NE(O.Text.find("cannot read '/nonexistent/dir/module.wasm'"),
            std::string::npos)
      << O.Text;
}

} // namespace
