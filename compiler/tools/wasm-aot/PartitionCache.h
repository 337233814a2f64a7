//===- PartitionCache.h - Compiled partitions of big modules ----*- C++ -*-===//
//
// The objects of a big module's function partitions, kept in the artifact
// cache under the hash of everything their code depends on: the bodies of
// the partition's functions, the module's types, the types of its functions,
// globals, tables and memories (translated code reaches everything else
// through the instance context), and the build (compiler, LLVM, target,
// options). Recompiling a module after a small change then compiles only
// the partitions whose bodies changed, plus the small module part, and
// links. Entries end with a checksum, so a damaged one is a miss.
//
//===----------------------------------------------------------------------===//

#ifndef WASMAOT_TOOLS_PARTITIONCACHE_H
#define WASMAOT_TOOLS_PARTITIONCACHE_H

#include "wasmaot/Translate/Translator.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace wasmaot {

class ArtifactCache;
class Module;

class PartitionCache {
public:
  /// BuildKey: what the build adds to the key (see cacheKey).
  PartitionCache(ArtifactCache &Cache, std::string BuildKey)
      : Cache(Cache), BuildKey(std::move(BuildKey)) {}

  /// Hashes what every function partition of M depends on besides its
  /// bodies (once per module, before key); FixedTablesHash is
  /// FixedTables::hashForFunctions() of M.
  void startModule(const Module &M, uint64_t FixedTablesHash);
  /// The key of a function partition of the module given to startModule.
  std::string key(const Partition &Part) const;
  /// The objects stored under Key, if they are there and intact.
  std::optional<std::vector<std::string>> lookup(llvm::StringRef Key);
  /// Stores a partition's objects under Key; a failure is a warning. Any
  /// thread.
  void store(llvm::StringRef Key, llvm::ArrayRef<llvm::StringRef> Objects);

private:
  ArtifactCache &Cache;
  std::string BuildKey;
  const Module *Current = nullptr;
  std::string InterfaceKey; ///< BuildKey and Current's types, hashed
  std::mutex Lock; // the cache's files are shared by the compiling threads
};

} // namespace wasmaot

#endif
