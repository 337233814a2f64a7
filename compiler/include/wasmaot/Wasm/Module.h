//===- Module.h - A decoded WebAssembly module ------------------*- C++ -*-===//
//
// The decoder's output. Names, function bodies, constant expressions and data
// point into the module's bytes, which the Module keeps alive when it owns
// them (a memory-mapped file) and otherwise borrows from the caller.
//
//===----------------------------------------------------------------------===//

#ifndef WASMAOT_WASM_MODULE_H
#define WASMAOT_WASM_MODULE_H

#include "wasmaot/Wasm/Types.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"

#include <memory>
#include <vector>

namespace llvm {
class MemoryBuffer;
}

namespace wasmaot {

/// A constant expression, as its bytes (up to and including `end`).
struct ConstExpr {
  llvm::ArrayRef<uint8_t> Bytes;
  uint64_t Offset = 0; ///< of Bytes.front() in the module
};

struct Import {
  llvm::StringRef Module;
  llvm::StringRef Field;
  ExternKind Kind = ExternKind::Func;
  /// Function or tag: its type index. Otherwise the index in the
  /// corresponding index space (imports come first there).
  uint32_t Index = 0;
};

struct Export {
  llvm::StringRef Name;
  ExternKind Kind = ExternKind::Func;
  uint32_t Index = 0;
};

enum class SegmentMode : uint8_t { Active, Passive, Declarative };

struct ElemSegment {
  SegmentMode Mode = SegmentMode::Active;
  ValType Type = ValType::FuncRef;
  uint32_t Table = 0;
  ConstExpr Offset;
  /// Either function indices (the legacy encodings) or expressions.
  std::vector<uint32_t> FuncIndices;
  std::vector<ConstExpr> Exprs;
  bool UsesExprs = false;
  uint64_t SectionOffset = 0;
  size_t size() const { return UsesExprs ? Exprs.size() : FuncIndices.size(); }
};

struct DataSegment {
  SegmentMode Mode = SegmentMode::Active;
  uint32_t Memory = 0;
  ConstExpr Offset;
  llvm::ArrayRef<uint8_t> Bytes;
  uint64_t SectionOffset = 0;
};

/// A function body: its locals declarations followed by its code.
struct FunctionBody {
  llvm::ArrayRef<uint8_t> Bytes;
  uint64_t Offset = 0; ///< of Bytes.front() in the module
};

struct CustomSection {
  llvm::StringRef Name;
  llvm::ArrayRef<uint8_t> Contents;
  uint64_t Offset = 0;
};

struct NameMap {
  llvm::StringRef Module;
  llvm::DenseMap<uint32_t, llvm::StringRef> Functions;
  llvm::DenseMap<uint32_t, llvm::DenseMap<uint32_t, llvm::StringRef>> Locals;
};

class Module {
public:
  Module();
  ~Module();
  Module(Module &&);
  Module &operator=(Module &&);

  /// The whole binary; everything below that is a reference points into it.
  llvm::ArrayRef<uint8_t> Bytes;

  std::vector<FuncType> Types;
  std::vector<Import> Imports;

  // Index spaces: imported entities first, then the module's own.
  std::vector<uint32_t> FuncTypeIndices;
  std::vector<TableType> Tables;
  std::vector<MemoryType> Memories;
  std::vector<GlobalType> Globals;
  std::vector<TagType> Tags;
  uint32_t NumImportedFuncs = 0;
  uint32_t NumImportedTables = 0;
  uint32_t NumImportedMemories = 0;
  uint32_t NumImportedGlobals = 0;
  uint32_t NumImportedTags = 0;

  /// Initialisers of the defined tables (only with function references,
  /// absent otherwise) and globals, parallel to the defined entities.
  std::vector<ConstExpr> GlobalInits;

  std::vector<Export> Exports;
  std::optional<uint32_t> Start;
  std::vector<ElemSegment> Elems;
  std::optional<uint32_t> DataCount;
  std::vector<DataSegment> Datas;
  /// Bodies of the defined functions: Bodies[I] is function
  /// NumImportedFuncs + I.
  std::vector<FunctionBody> Bodies;
  std::vector<CustomSection> CustomSections;
  NameMap Names;

  /// Functions that may be referenced by ref.func inside function bodies
  /// (the spec's C.refs), as a bitmap over the function index space.
  std::vector<bool> DeclaredFuncRefs;

  const FuncType &getFuncType(uint32_t FuncIndex) const {
    return Types[FuncTypeIndices[FuncIndex]];
  }
  uint32_t getNumDefinedFuncs() const { return Bodies.size(); }
  /// "name" from the name section, or an empty string.
  llvm::StringRef getFuncName(uint32_t FuncIndex) const;

  /// Keeps the buffer that Bytes points into alive.
  void setOwnedBuffer(std::unique_ptr<llvm::MemoryBuffer> Buffer);

private:
  std::unique_ptr<llvm::MemoryBuffer> OwnedBuffer;
};

} // namespace wasmaot

#endif
