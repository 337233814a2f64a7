//===- CustomSectionsTest.cpp - Custom sections, names, files -------------===//
//
// Custom sections anywhere in a module, the name section (module, function
// and local names; ignored when malformed), and reading a module from a file.
//
//===----------------------------------------------------------------------===//

#include "WasmTestUtil.h"

#include "llvm/Support/FileSystem.h"

#include <gtest/gtest.h>

#include <fstream>

using namespace wasmaot;
using namespace wasmaot::test;

namespace {

//===-- Custom and name sections ------------------------------------------===//

TEST(CustomSectionsTest, CustomSectionsAnywhere) {
  Bytes B = ModuleBuilder()
                .custom("first", {1, 2, 3})
                .types({funcType({}, {})})
                .custom("", {})
                .funcs({0})
                .code({body({op::End})})
                .custom("last", {9});
  Module M = decodeOk(B);
  ASSERT_EQ(M.CustomSections.size(), 3u);
  EXPECT_EQ(M.CustomSections[0].Name, "first");
  EXPECT_EQ(M.CustomSections[0].Contents.size(), 3u);
  EXPECT_EQ(M.CustomSections[0].Contents[2], 3);
  EXPECT_EQ(M.CustomSections[0].Offset, 8u);
  EXPECT_EQ(M.CustomSections[1].Name, "");
  EXPECT_TRUE(M.CustomSections[1].Contents.empty());
  EXPECT_EQ(M.CustomSections[2].Name, "last");
  EXPECT_EQ(M.CustomSections[2].Contents.size(), 1u);
}

TEST(CustomSectionsTest, CustomSectionErrors) {
  // The name runs past the section.
  EXPECT_FALSE(decode(ModuleBuilder().section(CustomSec, {0x05, 'a'})).Ok);
  // An empty custom section has no name at all.
  EXPECT_TRUE(isMalformed(decode(ModuleBuilder().section(CustomSec, {})),
                          "unexpected end"));
}

/// A name subsection.
Bytes nameSub(uint8_t Id, const Bytes &Contents) {
  return cat({{Id}, uleb(Contents.size()), Contents});
}

TEST(CustomSectionsTest, NameSection) {
  Bytes Names = cat({
      nameSub(0, name("mod")),
      nameSub(1, vec({cat({uleb(0), name("imported")}),
                      cat({uleb(2), name("second")})})),
      nameSub(2, vec({cat({uleb(1), vec({cat({uleb(0), name("x")}),
                                         cat({uleb(1), name("y")})})})})),
  });
  Bytes B = ModuleBuilder()
                .types({funcType({I32}, {})})
                .imports({importFunc("env", "f", 0)})
                .funcs({0, 0})
                .code({body({{1, I64}}, {op::End}), body({op::End})})
                .custom("name", Names);
  Module M = decodeOk(B);
  EXPECT_EQ(M.Names.Module, "mod");
  EXPECT_EQ(M.getFuncName(0), "imported");
  EXPECT_EQ(M.getFuncName(1), "");
  EXPECT_EQ(M.getFuncName(2), "second");
  ASSERT_EQ(M.Names.Locals.count(1), 1u);
  EXPECT_EQ(M.Names.Locals.find(1)->second.lookup(0), "x");
  EXPECT_EQ(M.Names.Locals.find(1)->second.lookup(1), "y");
  EXPECT_EQ(M.Names.Locals.count(2), 0u);
  // The name section is still a custom section.
  ASSERT_EQ(M.CustomSections.size(), 1u);
  EXPECT_EQ(M.CustomSections[0].Name, "name");
}

TEST(CustomSectionsTest, MalformedNameSectionIsIgnored) {
  // A function name with bad UTF-8: the module is still fine.
  Bytes Names = cat({nameSub(0, name("m")),
                     nameSub(1, vec({cat({uleb(0), rawName({0xC0, 0x80})})}))});
  Bytes B = withEmptyFunc().code({body({op::End})}).custom("name", Names);
  Module M = decodeOk(B);
  EXPECT_EQ(M.Names.Module, "m") << "what came before the error is kept";
  EXPECT_EQ(M.getFuncName(0), "");
  // A subsection whose size runs past the section.
  Bytes Cut = withEmptyFunc()
                  .code({body({op::End})})
                  .custom("name", {0x01, 0x40, 0x01});
  EXPECT_TRUE(isOk(decode(Cut)));
}

TEST(CustomSectionsTest, NameSubsectionsOutOfOrderAreIgnored) {
  Bytes Names = cat(
      {nameSub(1, vec({cat({uleb(0), name("f")})})), nameSub(0, name("late"))});
  Bytes B = withEmptyFunc().code({body({op::End})}).custom("name", Names);
  Module M = decodeOk(B);
  EXPECT_EQ(M.getFuncName(0), "f");
  EXPECT_EQ(M.Names.Module, "");
}

//===-- Reading from a file -----------------------------------------------===//

TEST(CustomSectionsTest, ReadModuleFileOwnsItsBytes) {
  llvm::SmallString<128> Path;
  ASSERT_FALSE(
      llvm::sys::fs::createTemporaryFile("wasmaot-unit", "wasm", Path));
  Bytes B = withEmptyFunc()
                .exports({exportEntry("run", KindFunc, 0)})
                .code({body({op::End})});
  {
    std::ofstream Out(Path.c_str(), std::ios::binary);
    Out.write(reinterpret_cast<const char *>(B.data()), B.size());
  }
  llvm::Expected<Module> M = readModuleFile(Path);
  llvm::sys::fs::remove(Path);
  ASSERT_TRUE(bool(M)) << llvm::toString(M.takeError());
  EXPECT_EQ(M->Bytes.size(), B.size());
  EXPECT_NE(M->Bytes.data(), B.data());
  B.assign(B.size(), 0xEE); // the module must not depend on B
  ASSERT_EQ(M->Exports.size(), 1u);
  EXPECT_EQ(M->Exports[0].Name, "run");
  // Moving the module keeps what it points into alive.
  Module Moved = std::move(*M);
  EXPECT_EQ(Moved.Exports[0].Name, "run");
}

TEST(CustomSectionsTest, ReadModuleFileRejectsBadModules) {
  llvm::SmallString<128> Path;
  ASSERT_FALSE(
      llvm::sys::fs::createTemporaryFile("wasmaot-unit", "wasm", Path));
  Bytes B = oneFunc({}, {I32}, {op::End});
  {
    std::ofstream Out(Path.c_str(), std::ios::binary);
    Out.write(reinterpret_cast<const char *>(B.data()), B.size());
  }
  llvm::Expected<Module> M = readModuleFile(Path);
  llvm::sys::fs::remove(Path);
  ASSERT_FALSE(bool(M));
  EXPECT_TRUE(isInvalid(outcomeOf(M.takeError()), "type mismatch"));
}

} // namespace
