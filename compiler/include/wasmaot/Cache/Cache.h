//===- Cache.h - The content-addressed artifact cache -----------*- C++ -*-===//
//
// A directory of artifacts named by a key that covers everything the code
// depends on (CacheKey). Safe under concurrency without locks: an entry is
// written to a temporary file and renamed into place, so a reader sees a
// whole entry or none, and a writer killed mid-write leaves only a
// temporary file that is never read (and that prune and clear remove).
// Entries carry their own integrity checks (the artifact header); callers
// validate what lookup returns and remove what fails. Bounded: store prunes
// the least recently used entries (LLVM's CachePruning) beyond a size
// limit; a hit refreshes the entry's access time.
//
//===----------------------------------------------------------------------===//

#ifndef WASMAOT_CACHE_CACHE_H
#define WASMAOT_CACHE_CACHE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/BLAKE3.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace wasmaot {

/// A BLAKE3 hash of length-prefixed fields (so that no two field lists
/// collide by concatenation), as hex.
class CacheKey {
public:
  CacheKey();
  CacheKey &add(llvm::StringRef Field);
  CacheKey &add(llvm::ArrayRef<uint8_t> Field);
  CacheKey &add(uint64_t Field);
  std::string hex();

private:
  llvm::BLAKE3 Hasher;
};

/// "512M", "2G", "1000": a size in bytes (K, M, G, T: powers of 1024).
llvm::Expected<uint64_t> parseSize(llvm::StringRef Text);

struct CacheStats {
  uint64_t Entries = 0;       ///< Artifacts and partitions.
  uint64_t RunIndexFiles = 0; ///< RunIndex.h.
  uint64_t Bytes = 0;         ///< Of the entries and run index files.
  uint64_t TempFiles = 0; ///< Writes in progress or interrupted.
};

class ArtifactCache {
public:
  static constexpr uint64_t DefaultMaxBytes = 1ull << 30;

  ArtifactCache(std::string Directory, uint64_t MaxBytes = DefaultMaxBytes);

  const std::string &directory() const { return Dir; }
  /// The file of Key's entry.
  std::string entryPath(llvm::StringRef Key) const;

  /// Creates the directory (mode 0700) if needed.
  llvm::Error create();
  /// Key's entry, or nullptr if there is none. Refreshes its access time.
  llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
  lookup(llvm::StringRef Key);
  /// Stores Bytes as Key's entry (atomically replacing any), then prunes if
  /// the last pruning is older than the pruning interval.
  llvm::Error store(llvm::StringRef Key, llvm::StringRef Bytes);
  llvm::Error remove(llvm::StringRef Key);

  llvm::Expected<CacheStats> stats() const;
  /// Removes the least recently used entries beyond MaxBytes, entries
  /// unused for 30 days, and temporary files older than an hour.
  llvm::Error prune();
  /// Removes every entry and temporary file.
  llvm::Error clear();

private:
  llvm::Error pruneWith(std::optional<std::chrono::seconds> Interval);

  std::string Dir;
  uint64_t MaxBytes;
};

} // namespace wasmaot

#endif
