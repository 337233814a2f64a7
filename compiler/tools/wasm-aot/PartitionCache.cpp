//===- PartitionCache.cpp - Compiled partitions of big modules ------------===//

#include "PartitionCache.h"

#include "wasmaot/Cache/Cache.h"
#include "wasmaot/Wasm/Module.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/xxhash.h"

using namespace llvm;

namespace wasmaot {

namespace {
/// After the object: this, then the object's xxh3 (little-endian).
constexpr StringLiteral TrailerMagic = "WAOTPART";
constexpr size_t TrailerSize = 16;

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

std::optional<std::string> PartitionCache::lookup(StringRef Key) {
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
  StringRef Object = Bytes.drop_back(TrailerSize);
  uint64_t Sum = support::endian::read64le(Bytes.data() + Bytes.size() - 8);
  if (Sum != xxh3_64bits(arrayRefFromStringRef(Object)))
    return std::nullopt; // damaged: compiled again, and replaced
  return Object.str();
}

void PartitionCache::store(StringRef Key, StringRef Object) {
  std::string Entry = Object.str();
  Entry += TrailerMagic;
  char Sum[8];
  support::endian::write64le(Sum, xxh3_64bits(arrayRefFromStringRef(Object)));
  Entry.append(Sum, sizeof Sum);
  std::lock_guard<std::mutex> Guard(Lock);
  if (Error E = Cache.store(Key, Entry))
    WithColor::warning(errs(), "wasm-aot")
        << toString(std::move(E)) << "; a partition is not cached\n";
}

} // namespace wasmaot
