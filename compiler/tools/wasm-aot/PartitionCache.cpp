//===- PartitionCache.cpp - Compiled partitions of big modules ------------===//

#include "PartitionCache.h"

#include "wasmaot/Cache/Cache.h"
#include "wasmaot/Wasm/Module.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Object/Archive.h"
#include "llvm/Object/ArchiveWriter.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/xxhash.h"

using namespace llvm;

namespace wasmaot {

namespace {
/// An entry is an ar archive of the partition's objects (one, or two with
/// functions over the size limit), then this, then the archive's xxh3
/// (little-endian). (Entries of one bare object ended in "WAOTPART".)
constexpr StringLiteral TrailerMagic = "WAOTPRTA";
constexpr size_t TrailerSize = 16;

std::optional<std::vector<std::string>> readArchive(StringRef Bytes) {
  Expected<std::unique_ptr<object::Archive>> Archive =
      object::Archive::create(MemoryBufferRef(Bytes, "partition"));
  if (!Archive) {
    consumeError(Archive.takeError());
    return std::nullopt;
  }
  std::vector<std::string> Objects;
  Error Err = Error::success();
  for (const object::Archive::Child &Member : (*Archive)->children(Err)) {
    Expected<StringRef> Object = Member.getBuffer();
    if (!Object) {
      consumeError(Object.takeError());
      consumeError(std::move(Err));
      return std::nullopt;
    }
    Objects.push_back(Object->str());
  }
  if (Err || Objects.empty()) {
    consumeError(std::move(Err));
    return std::nullopt;
  }
  return Objects;
}

Expected<std::unique_ptr<MemoryBuffer>>
writeArchive(ArrayRef<StringRef> Objects) {
  std::vector<NewArchiveMember> Members;
  for (size_t I = 0; I != Objects.size(); ++I)
    Members.emplace_back(MemoryBufferRef(Objects[I], I == 0 ? "code.o"
                                                            : "fast.o"));
  return writeArchiveToBuffer(Members, SymtabWritingMode::NoSymtab,
                              object::Archive::K_GNU, /*Deterministic=*/true,
                              /*Thin=*/false);
}

void addLimits(CacheKey &Key, const Limits &L) {
  Key.add(L.Min).add(L.Max ? *L.Max + 1 : 0).add(uint64_t(L.Shared))
      .add(uint64_t(L.Is64));
}
} // namespace

void PartitionCache::startModule(const Module &M, uint64_t FixedTablesHash) {
  Current = &M;
  CacheKey Key;
  Key.add(StringRef(BuildKey)).add(StringRef("function partition"));
  Key.add(FixedTablesHash);
  Key.add(uint64_t(M.Types.size()));
  for (const FuncType &T : M.Types) {
    Key.add(uint64_t(T.Params.size()));
    for (ValType V : T.Params)
      Key.add(uint64_t(uint8_t(V)));
    Key.add(uint64_t(T.Results.size()));
    for (ValType V : T.Results)
      Key.add(uint64_t(uint8_t(V)));
  }
  Key.add(uint64_t(M.NumImportedFuncs)).add(uint64_t(M.FuncTypeIndices.size()));
  for (uint32_t Type : M.FuncTypeIndices)
    Key.add(uint64_t(Type));
  Key.add(uint64_t(M.Globals.size()));
  for (const GlobalType &G : M.Globals)
    Key.add(uint64_t(uint8_t(G.Type))).add(uint64_t(G.Mutable));
  Key.add(uint64_t(M.Tables.size()));
  for (const TableType &T : M.Tables) {
    Key.add(uint64_t(uint8_t(T.Elem)));
    addLimits(Key, T.Size);
  }
  Key.add(uint64_t(M.Memories.size()));
  for (const MemoryType &Mem : M.Memories)
    addLimits(Key, Mem.Pages);
  InterfaceKey = Key.hex();
}

std::string PartitionCache::key(const Partition &Part) const {
  CacheKey Key;
  Key.add(StringRef(InterfaceKey));
  Key.add(uint64_t(Part.Begin)).add(uint64_t(Part.End));
  for (uint32_t I = Part.Begin; I < Part.End; ++I)
    Key.add(Current->Bodies[I - Current->NumImportedFuncs].Bytes);
  return Key.hex();
}

std::optional<std::vector<std::string>>
PartitionCache::lookup(StringRef Key) {
  std::lock_guard<std::mutex> Guard(Lock);
  Expected<std::unique_ptr<MemoryBuffer>> Found = Cache.lookup(Key);
  if (!Found) {
    consumeError(Found.takeError());
    return std::nullopt;
  }
  if (!*Found)
    return std::nullopt;
  StringRef Bytes = (*Found)->getBuffer();
  if (Bytes.size() < TrailerSize ||
      Bytes.substr(Bytes.size() - TrailerSize, 8) != TrailerMagic)
    return std::nullopt;
  StringRef Archive = Bytes.drop_back(TrailerSize);
  uint64_t Sum = support::endian::read64le(Bytes.data() + Bytes.size() - 8);
  if (Sum != xxh3_64bits(arrayRefFromStringRef(Archive)))
    return std::nullopt; // damaged: compiled again, and replaced
  return readArchive(Archive);
}

void PartitionCache::store(StringRef Key, ArrayRef<StringRef> Objects) {
  Expected<std::unique_ptr<MemoryBuffer>> Archive = writeArchive(Objects);
  if (!Archive) {
    WithColor::warning(errs(), "wasm-aot")
        << toString(Archive.takeError()) << "; a partition is not cached\n";
    return;
  }
  StringRef Bytes = (*Archive)->getBuffer();
  std::string Entry = Bytes.str();
  Entry += TrailerMagic;
  char Sum[8];
  support::endian::write64le(Sum, xxh3_64bits(arrayRefFromStringRef(Bytes)));
  Entry.append(Sum, sizeof Sum);
  std::lock_guard<std::mutex> Guard(Lock);
  if (Error E = Cache.store(Key, Entry))
    WithColor::warning(errs(), "wasm-aot")
        << toString(std::move(E)) << "; a partition is not cached\n";
}

} // namespace wasmaot
