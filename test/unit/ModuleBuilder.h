//===- ModuleBuilder.h - Hand-made WebAssembly binaries ---------*- C++ -*-===//
//
// Emits LEB128 numbers, names, vectors and sections into a byte vector, so a
// test states the exact bytes it feeds the decoder (including malformed ones)
// without wat2wasm at test time. Nothing here checks what it emits.
//
//===----------------------------------------------------------------------===//

#ifndef WASMAOT_TEST_UNIT_MODULEBUILDER_H
#define WASMAOT_TEST_UNIT_MODULEBUILDER_H

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <utility>
#include <vector>

namespace wasmaot::test {

using Bytes = std::vector<uint8_t>;

// Value and reference types.
constexpr uint8_t I32 = 0x7F, I64 = 0x7E, F32 = 0x7D, F64 = 0x7C, V128 = 0x7B,
                  FuncRef = 0x70, ExternRef = 0x6F, ExnRef = 0x69,
                  EmptyBlock = 0x40;

// Section ids.
enum SectionId : uint8_t {
  CustomSec = 0,
  TypeSec = 1,
  ImportSec = 2,
  FunctionSec = 3,
  TableSec = 4,
  MemorySec = 5,
  GlobalSec = 6,
  ExportSec = 7,
  StartSec = 8,
  ElementSec = 9,
  CodeSec = 10,
  DataSec = 11,
  DataCountSec = 12,
  TagSec = 13,
};

// External kinds, for imports and exports.
constexpr uint8_t KindFunc = 0, KindTable = 1, KindMemory = 2, KindGlobal = 3,
                  KindTag = 4;

// The opcodes the tests spell out most often.
namespace op {
constexpr uint8_t Unreachable = 0x00, Nop = 0x01, Block = 0x02, Loop = 0x03,
                  If = 0x04, Else = 0x05, Try = 0x06, Catch = 0x07,
                  Throw = 0x08, Rethrow = 0x09, ThrowRef = 0x0A, End = 0x0B,
                  Br = 0x0C, BrIf = 0x0D, BrTable = 0x0E, Return = 0x0F,
                  Call = 0x10, CallIndirect = 0x11, ReturnCall = 0x12,
                  ReturnCallIndirect = 0x13, CallRef = 0x14, Delegate = 0x18,
                  CatchAll = 0x19, Drop = 0x1A, Select = 0x1B, SelectT = 0x1C,
                  TryTable = 0x1F, LocalGet = 0x20, LocalSet = 0x21,
                  LocalTee = 0x22, GlobalGet = 0x23, GlobalSet = 0x24,
                  TableGet = 0x25, TableSet = 0x26, I32Load = 0x28,
                  I64Load = 0x29, F32Load = 0x2A, F64Load = 0x2B,
                  I32Load8S = 0x2C, I32Load16S = 0x2E, I32Store = 0x36,
                  I64Store = 0x37, MemorySize = 0x3F, MemoryGrow = 0x40,
                  I32Const = 0x41, I64Const = 0x42, F32Const = 0x43,
                  F64Const = 0x44, I32Eqz = 0x45, I32Add = 0x6A, I32Sub = 0x6B,
                  I64Add = 0x7C, F32Add = 0x92, RefNull = 0xD0,
                  RefIsNull = 0xD1, RefFunc = 0xD2, PrefixFC = 0xFC,
                  PrefixSimd = 0xFD, PrefixAtomic = 0xFE;
} // namespace op

inline void append(Bytes &Out, const Bytes &B) {
  Out.insert(Out.end(), B.begin(), B.end());
}

/// Unsigned LEB128, in the fewest bytes.
inline void appendULEB(Bytes &Out, uint64_t V) {
  do {
    uint8_t Byte = V & 0x7F;
    V >>= 7;
    if (V)
      Byte |= 0x80;
    Out.push_back(Byte);
  } while (V);
}

/// Signed LEB128, in the fewest bytes.
inline void appendSLEB(Bytes &Out, int64_t V) {
  for (;;) {
    uint8_t Byte = V & 0x7F;
    V >>= 7; // arithmetic
    bool Done = (V == 0 && !(Byte & 0x40)) || (V == -1 && (Byte & 0x40));
    if (!Done)
      Byte |= 0x80;
    Out.push_back(Byte);
    if (Done)
      return;
  }
}

inline Bytes uleb(uint64_t V) {
  Bytes B;
  appendULEB(B, V);
  return B;
}
inline Bytes sleb(int64_t V) {
  Bytes B;
  appendSLEB(B, V);
  return B;
}

/// Concatenates byte strings: cat({op::I32Const}, sleb(-1), {op::End}).
inline Bytes cat(std::initializer_list<Bytes> Parts) {
  Bytes Out;
  for (const Bytes &P : Parts)
    append(Out, P);
  return Out;
}

/// A name: its length, then its bytes (which need not be valid UTF-8).
inline Bytes name(std::string_view S) {
  Bytes Out = uleb(S.size());
  Out.insert(Out.end(), S.begin(), S.end());
  return Out;
}
inline Bytes rawName(const Bytes &Contents) {
  return cat({uleb(Contents.size()), Contents});
}

/// A vector: its element count, then the elements.
inline Bytes vec(const std::vector<Bytes> &Items) {
  Bytes Out = uleb(Items.size());
  for (const Bytes &I : Items)
    append(Out, I);
  return Out;
}
inline Bytes vecU32(const std::vector<uint32_t> &Items) {
  Bytes Out = uleb(Items.size());
  for (uint32_t I : Items)
    appendULEB(Out, I);
  return Out;
}

// Types and entries.
inline Bytes funcType(const Bytes &Params, const Bytes &Results) {
  return cat(
      {{0x60}, uleb(Params.size()), Params, uleb(Results.size()), Results});
}
inline Bytes limits(uint64_t Min) { return cat({{0x00}, uleb(Min)}); }
inline Bytes limits(uint64_t Min, uint64_t Max) {
  return cat({{0x01}, uleb(Min), uleb(Max)});
}
inline Bytes limitsFlags(uint8_t Flags, uint64_t Min) {
  return cat({{Flags}, uleb(Min)});
}
inline Bytes limitsFlags(uint8_t Flags, uint64_t Min, uint64_t Max) {
  return cat({{Flags}, uleb(Min), uleb(Max)});
}
inline Bytes tableType(uint8_t Elem, const Bytes &Limits) {
  return cat({{Elem}, Limits});
}
inline Bytes globalType(uint8_t Type, bool Mutable) {
  return {Type, uint8_t(Mutable ? 1 : 0)};
}
inline Bytes tagType(uint32_t TypeIndex) {
  return cat({{0x00}, uleb(TypeIndex)});
}

inline Bytes importEntry(std::string_view Module, std::string_view Field,
                         uint8_t Kind, const Bytes &Desc) {
  return cat({name(Module), name(Field), {Kind}, Desc});
}
inline Bytes importFunc(std::string_view Module, std::string_view Field,
                        uint32_t TypeIndex) {
  return importEntry(Module, Field, KindFunc, uleb(TypeIndex));
}
inline Bytes exportEntry(std::string_view Name, uint8_t Kind, uint32_t Index) {
  return cat({name(Name), {Kind}, uleb(Index)});
}

// Constant expressions, with their `end`.
inline Bytes i32ConstExpr(int32_t V) {
  return cat({{op::I32Const}, sleb(V), {op::End}});
}
inline Bytes i64ConstExpr(int64_t V) {
  return cat({{op::I64Const}, sleb(V), {op::End}});
}
inline Bytes refFuncExpr(uint32_t F) {
  return cat({{op::RefFunc}, uleb(F), {op::End}});
}
inline Bytes refNullExpr(uint8_t HeapType) {
  return {op::RefNull, HeapType, op::End};
}
inline Bytes globalEntry(uint8_t Type, bool Mutable, const Bytes &Init) {
  return cat({globalType(Type, Mutable), Init});
}

/// A function body: size, local declarations (count, type) and code. The
/// code must carry its own final `end`.
inline Bytes body(const std::vector<std::pair<uint32_t, uint8_t>> &Locals,
                  const Bytes &Code) {
  Bytes Contents = uleb(Locals.size());
  for (auto [Count, Type] : Locals) {
    appendULEB(Contents, Count);
    Contents.push_back(Type);
  }
  append(Contents, Code);
  return cat({uleb(Contents.size()), Contents});
}
inline Bytes body(const Bytes &Code) { return body({}, Code); }

/// Offset of the first occurrence of Needle in Haystack, or npos.
inline size_t findBytes(const Bytes &Haystack, const Bytes &Needle) {
  auto It = std::search(Haystack.begin(), Haystack.end(), Needle.begin(),
                        Needle.end());
  return It == Haystack.end() ? size_t(-1) : size_t(It - Haystack.begin());
}

/// A module, section by section, in the order the calls are made (tests of
/// section order rely on that).
class ModuleBuilder {
public:
  ModuleBuilder() : Out{0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00} {}

  /// A section with an exact payload; its size is computed.
  ModuleBuilder &section(uint8_t Id, const Bytes &Contents) {
    Out.push_back(Id);
    appendULEB(Out, Contents.size());
    append(Out, Contents);
    return *this;
  }
  /// Arbitrary bytes (a hand-written section header, a truncation...).
  ModuleBuilder &raw(const Bytes &B) {
    append(Out, B);
    return *this;
  }
  ModuleBuilder &custom(std::string_view Name, const Bytes &Contents) {
    return section(CustomSec, cat({name(Name), Contents}));
  }

  ModuleBuilder &types(const std::vector<Bytes> &Entries) {
    return section(TypeSec, vec(Entries));
  }
  ModuleBuilder &imports(const std::vector<Bytes> &Entries) {
    return section(ImportSec, vec(Entries));
  }
  ModuleBuilder &funcs(const std::vector<uint32_t> &TypeIndices) {
    return section(FunctionSec, vecU32(TypeIndices));
  }
  ModuleBuilder &tables(const std::vector<Bytes> &Entries) {
    return section(TableSec, vec(Entries));
  }
  ModuleBuilder &memories(const std::vector<Bytes> &Entries) {
    return section(MemorySec, vec(Entries));
  }
  ModuleBuilder &tags(const std::vector<Bytes> &Entries) {
    return section(TagSec, vec(Entries));
  }
  ModuleBuilder &globals(const std::vector<Bytes> &Entries) {
    return section(GlobalSec, vec(Entries));
  }
  ModuleBuilder &exports(const std::vector<Bytes> &Entries) {
    return section(ExportSec, vec(Entries));
  }
  ModuleBuilder &start(uint32_t Func) { return section(StartSec, uleb(Func)); }
  ModuleBuilder &elems(const std::vector<Bytes> &Segments) {
    return section(ElementSec, vec(Segments));
  }
  ModuleBuilder &dataCount(uint32_t N) {
    return section(DataCountSec, uleb(N));
  }
  ModuleBuilder &code(const std::vector<Bytes> &Bodies) {
    return section(CodeSec, vec(Bodies));
  }
  ModuleBuilder &datas(const std::vector<Bytes> &Segments) {
    return section(DataSec, vec(Segments));
  }

  /// The offset the next section will start at.
  size_t size() const { return Out.size(); }
  const Bytes &bytes() const { return Out; }
  Bytes build() const { return Out; }
  operator Bytes() const { return Out; }

private:
  Bytes Out;
};

/// A module whose only function, of type [] -> [], has no code section yet.
inline ModuleBuilder withEmptyFunc() {
  ModuleBuilder B;
  B.types({funcType({}, {})}).funcs({0});
  return B;
}

/// Zero constants, for code that needs a float operand.
inline const Bytes F32Zero = {op::F32Const, 0, 0, 0, 0};
inline const Bytes F64Zero = {op::F64Const, 0, 0, 0, 0, 0, 0, 0, 0};

/// The common shape of a validation test: one type, one function of that
/// type with the given code (ending in `end`), and nothing else.
inline Bytes
oneFunc(const Bytes &Params, const Bytes &Results, const Bytes &Code,
        const std::vector<std::pair<uint32_t, uint8_t>> &Locals = {}) {
  return ModuleBuilder()
      .types({funcType(Params, Results)})
      .funcs({0})
      .code({body(Locals, Code)});
}

} // namespace wasmaot::test

#endif
