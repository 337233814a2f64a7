//===- BinaryReaderTest.cpp - BinaryReader's other primitives -------------===//
//
// Fixed-width integers, byte runs, sub-readers, vector counts, the sticky
// error state and names (vec(byte) that must be valid UTF-8).
//
//===----------------------------------------------------------------------===//

#include "WasmTestUtil.h"

#include "wasmaot/Wasm/BinaryReader.h"

#include <gtest/gtest.h>

using namespace wasmaot;
using namespace wasmaot::test;

namespace {

TEST(BinaryReaderTest, FixedWidthIntegersAreLittleEndian) {
  Bytes B = {0x01, 0x02, 0x03, 0x04, 0x11, 0x22,
             0x33, 0x44, 0x55, 0x66, 0x77, 0x88};
  BinaryReader R(B);
  EXPECT_EQ(R.readFixedU32(), 0x04030201u);
  EXPECT_EQ(R.readFixedU64(), 0x8877665544332211ull);
  EXPECT_TRUE(R.atEnd());
  EXPECT_TRUE(isOk(outcomeOf(R.takeError())));
}

TEST(BinaryReaderTest, ShortFixedReadIsUnexpectedEnd) {
  Bytes B = {0x01, 0x02, 0x03};
  BinaryReader R(B, 0x20);
  EXPECT_EQ(R.readFixedU32(), 0u);
  Outcome O = outcomeOf(R.takeError());
  EXPECT_TRUE(isMalformed(O, "unexpected end"));
  EXPECT_EQ(O.Offset, 0x20u);
}

TEST(BinaryReaderTest, OffsetsIncludeTheBase) {
  Bytes B = {0xAA, 0xBB, 0xCC};
  BinaryReader R(B, 1000);
  EXPECT_EQ(R.offset(), 1000u);
  EXPECT_EQ(R.remaining(), 3u);
  EXPECT_EQ(R.peekU8(), 0xAA);
  EXPECT_EQ(R.offset(), 1000u) << "peek does not consume";
  EXPECT_EQ(R.readU8(), 0xAA);
  EXPECT_EQ(R.offset(), 1001u);
  llvm::ArrayRef<uint8_t> Two = R.readBytes(2);
  ASSERT_EQ(Two.size(), 2u);
  EXPECT_EQ(Two[0], 0xBB);
  EXPECT_EQ(Two[1], 0xCC);
  EXPECT_TRUE(R.atEnd());
  EXPECT_EQ(R.peekU8(), 0) << "peek at the end gives zero";
  EXPECT_FALSE(R.failed()) << "peek at the end is not an error";
  consumeError(R.takeError());
}

TEST(BinaryReaderTest, ReadBytesPastTheEnd) {
  Bytes B = {1, 2, 3};
  BinaryReader R(B, 7);
  R.readU8();
  EXPECT_TRUE(R.readBytes(3).empty());
  Outcome O = outcomeOf(R.takeError());
  EXPECT_TRUE(isMalformed(O, "unexpected end"));
  EXPECT_EQ(O.Offset, 8u);
}

TEST(BinaryReaderTest, ErrorsAreStickyAndTheFirstOneWins) {
  Bytes B = {0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x05, 0x06};
  BinaryReader R(B);
  EXPECT_EQ(R.readVarU32(), 0u);
  EXPECT_TRUE(R.failed());
  // Every later read returns zero, even of bytes that were there.
  EXPECT_EQ(R.readU8(), 0);
  EXPECT_EQ(R.readVarU32(), 0u);
  EXPECT_TRUE(R.atEnd());
  // A later failure does not replace the first error.
  R.failMalformed("second error");
  Outcome O = outcomeOf(R.takeError());
  EXPECT_TRUE(isMalformed(O, "integer representation too long"));
  EXPECT_EQ(O.Text.find("second error"), std::string::npos) << O.Text;
  // takeError resets the error state.
  EXPECT_FALSE(R.failed());
  EXPECT_TRUE(isOk(outcomeOf(R.takeError())));
}

TEST(BinaryReaderTest, FailKeepsItsKind) {
  Bytes B = {0x00};
  BinaryReader R(B, 3);
  R.fail(makeInvalid(2, "some rule"));
  Outcome O = outcomeOf(R.takeError());
  EXPECT_TRUE(isInvalid(O, "some rule"));
  EXPECT_EQ(O.Offset, 2u);
}

TEST(BinaryReaderTest, SubReaderReportsModuleOffsets) {
  Bytes B = {0x01, 0x02, 0x80, 0x80, 0x09};
  BinaryReader R(B, 0x10);
  R.readU8();
  BinaryReader S = R.subReader(3);
  EXPECT_EQ(R.offset(), 0x14u);
  EXPECT_EQ(S.offset(), 0x11u);
  EXPECT_EQ(S.remaining(), 3u);
  EXPECT_EQ(S.readU8(), 0x02);
  // The sub-reader ends where its bytes end, although the parent goes on.
  EXPECT_EQ(S.readVarU32(), 0u);
  Outcome O = outcomeOf(S.takeError());
  EXPECT_TRUE(isMalformed(O, "unexpected end"));
  EXPECT_EQ(O.Offset, 0x14u);
  // The parent is unaffected.
  EXPECT_EQ(R.readU8(), 0x09);
  EXPECT_TRUE(isOk(outcomeOf(R.takeError())));
}

TEST(BinaryReaderTest, VecCountMustFitTheRemainingBytes) {
  {
    Bytes B = {0x03, 0xAA, 0xBB, 0xCC};
    BinaryReader R(B);
    EXPECT_EQ(R.readVecCount(), 3u);
    EXPECT_TRUE(isOk(outcomeOf(R.takeError())));
  }
  {
    Bytes B = {0x04, 0xAA, 0xBB, 0xCC};
    BinaryReader R(B, 0x30);
    EXPECT_EQ(R.readVecCount(), 0u);
    Outcome O = outcomeOf(R.takeError());
    EXPECT_TRUE(isMalformed(O, "length out of bounds"));
    EXPECT_EQ(O.Offset, 0x30u);
  }
  {
    // Elements of at least two bytes: three of them need six.
    Bytes B = {0x03, 1, 2, 3, 4, 5};
    BinaryReader R(B);
    EXPECT_EQ(R.readVecCount(2), 0u);
    EXPECT_TRUE(isMalformed(outcomeOf(R.takeError()), "length out of bounds"));
  }
  {
    // A huge count fails before anything allocates for it.
    Bytes B = {0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00};
    BinaryReader R(B);
    EXPECT_EQ(R.readVecCount(), 0u);
    EXPECT_TRUE(isMalformed(outcomeOf(R.takeError()), "length out of bounds"));
  }
}

//===-- Names -------------------------------------------------------------===//

/// Reads a name whose contents are Contents; returns it (empty on error)
/// and the outcome.
std::pair<std::string, Outcome> readName(const Bytes &Contents) {
  Bytes B = rawName(Contents);
  BinaryReader R(B, 0x50);
  std::string S = R.readName().str();
  return {S, outcomeOf(R.takeError())};
}

void expectName(const Bytes &Contents) {
  auto [S, O] = readName(Contents);
  EXPECT_TRUE(isOk(O));
  EXPECT_EQ(S, std::string(Contents.begin(), Contents.end()));
}

void expectBadUTF8(const Bytes &Contents) {
  auto [S, O] = readName(Contents);
  EXPECT_TRUE(isMalformed(O, "malformed UTF-8 encoding"));
  EXPECT_EQ(O.Offset, 0x50u) << "reported at the name's length";
  EXPECT_TRUE(S.empty());
}

TEST(BinaryReaderTest, ValidNames) {
  expectName({});
  expectName({'a', 'b', 'c'});
  expectName({0x00});                   // NUL is a character
  expectName({0x7F});                   // DEL, the largest one-byte code point
  expectName({0xC2, 0x80});             // U+0080, the smallest two-byte one
  expectName({0xC3, 0xA9});             // é
  expectName({0xDF, 0xBF});             // U+07FF
  expectName({0xE0, 0xA0, 0x80});       // U+0800, the smallest three-byte one
  expectName({0xE2, 0x82, 0xAC});       // €
  expectName({0xED, 0x9F, 0xBF});       // U+D7FF, just below the surrogates
  expectName({0xEE, 0x80, 0x80});       // U+E000, just above them
  expectName({0xEF, 0xBF, 0xBF});       // U+FFFF
  expectName({0xF0, 0x90, 0x80, 0x80}); // U+10000
  expectName({0xF0, 0x9F, 0x98, 0x80}); // 😀
  expectName({0xF4, 0x8F, 0xBF, 0xBF}); // U+10FFFF, the largest
}

TEST(BinaryReaderTest, NameReadConsumesExactlyItsBytes) {
  Bytes B = {0x02, 'h', 'i', 0x03, 'y', 'o', 'u', 0x7F};
  BinaryReader R(B);
  EXPECT_EQ(R.readName(), "hi");
  EXPECT_EQ(R.readName(), "you");
  EXPECT_EQ(R.readU8(), 0x7F);
  EXPECT_TRUE(isOk(outcomeOf(R.takeError())));
}

TEST(BinaryReaderTest, OverlongUTF8) {
  expectBadUTF8({0xC0, 0x80});             // U+0000 in two bytes
  expectBadUTF8({0xC1, 0xBF});             // U+007F in two bytes
  expectBadUTF8({0xE0, 0x80, 0x80});       // U+0000 in three bytes
  expectBadUTF8({0xE0, 0x9F, 0xBF});       // U+07FF in three bytes
  expectBadUTF8({0xF0, 0x80, 0x80, 0x80}); // U+0000 in four bytes
  expectBadUTF8({0xF0, 0x8F, 0xBF, 0xBF}); // U+FFFF in four bytes
}

TEST(BinaryReaderTest, SurrogatesAreNotUTF8) {
  expectBadUTF8({0xED, 0xA0, 0x80}); // U+D800
  expectBadUTF8({0xED, 0xAF, 0xBF}); // U+DBFF
  expectBadUTF8({0xED, 0xB0, 0x80}); // U+DC00
  expectBadUTF8({0xED, 0xBF, 0xBF}); // U+DFFF
  // A CESU-8 style pair.
  expectBadUTF8({0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80});
}

TEST(BinaryReaderTest, CodePointsBeyondUnicode) {
  expectBadUTF8({0xF4, 0x90, 0x80, 0x80}); // U+110000
  expectBadUTF8({0xF5, 0x80, 0x80, 0x80});
  expectBadUTF8({0xF7, 0xBF, 0xBF, 0xBF});
  expectBadUTF8({0xF8, 0x88, 0x80, 0x80, 0x80});       // five-byte form
  expectBadUTF8({0xFC, 0x84, 0x80, 0x80, 0x80, 0x80}); // six-byte form
  expectBadUTF8({0xFE});
  expectBadUTF8({0xFF});
}

TEST(BinaryReaderTest, TruncatedAndBrokenSequences) {
  expectBadUTF8({0x80}); // a lone continuation byte
  expectBadUTF8({0xBF});
  expectBadUTF8({'a', 0x80, 'b'});
  expectBadUTF8({0xC3});             // two-byte lead, end of name
  expectBadUTF8({0xE2, 0x82});       // three-byte lead, one missing
  expectBadUTF8({0xF0, 0x9F, 0x98}); // four-byte lead, one missing
  expectBadUTF8({0xC3, 0x41});       // continuation expected
  expectBadUTF8({0xE2, 0x41, 0xAC});
  expectBadUTF8({0xE2, 0x82, 0xC3, 0xA9});
  expectBadUTF8({0xF0, 0x9F, 0x98, 0x41});
}

TEST(BinaryReaderTest, TruncationAtTheNamesEndIsCaughtByTheLength) {
  // The name's bytes are valid UTF-8 only if the reader looks beyond the
  // name's length: it must not.
  Bytes B = {0x01, 0xC3, 0xA9};
  BinaryReader R(B);
  EXPECT_TRUE(R.readName().empty());
  EXPECT_TRUE(
      isMalformed(outcomeOf(R.takeError()), "malformed UTF-8 encoding"));
}

TEST(BinaryReaderTest, NameLongerThanTheInput) {
  Bytes B = {0x05, 'a', 'b'};
  BinaryReader R(B, 0x60);
  EXPECT_TRUE(R.readName().empty());
  Outcome O = outcomeOf(R.takeError());
  EXPECT_EQ(O.Kind, WasmErrorKind::Malformed) << O.Text;
  EXPECT_FALSE(O.Ok);
  EXPECT_EQ(O.Offset, 0x60u);
}

TEST(BinaryReaderTest, NameWithBadLengthLEB) {
  Bytes B = {0x80, 0x80, 0x80, 0x80, 0x80, 0x00};
  BinaryReader R(B);
  EXPECT_TRUE(R.readName().empty());
  EXPECT_TRUE(
      isMalformed(outcomeOf(R.takeError()), "integer representation too long"));
}

TEST(BinaryReaderTest, BadUTF8InAnImportName) {
  Bytes B =
      ModuleBuilder()
          .types({funcType({}, {})})
          .imports(
              {cat({rawName({'m'}), rawName({0xC0, 0x80}), {KindFunc, 0x00}})});
  Outcome O = decode(B);
  EXPECT_TRUE(isMalformed(O, "malformed UTF-8 encoding"));
  // Header 8, type section 6, import section id, size, count, module name.
  EXPECT_EQ(O.Offset, 8u + 6u + 3u + 2u);
}

TEST(BinaryReaderTest, BadUTF8InAnExportName) {
  Bytes B = ModuleBuilder()
                .types({funcType({}, {})})
                .funcs({0})
                .exports({cat({rawName({0xED, 0xA0, 0x80}), {KindFunc, 0}})})
                .code({body({op::End})});
  EXPECT_TRUE(isMalformed(decode(B), "malformed UTF-8 encoding"));
}

TEST(BinaryReaderTest, BadUTF8InACustomSectionName) {
  Bytes B = ModuleBuilder().section(CustomSec, cat({rawName({0xFF}), {1, 2}}));
  EXPECT_TRUE(isMalformed(decode(B), "malformed UTF-8 encoding"));
}

} // namespace
