//===- RunIndex.h - Find a module's cached artifact without LLVM -*- C++ -*-===//
//
// `wasm-aot run` of a module whose artifact is cached should start as fast
// as a native program. The artifact cache's key needs LLVM (the target
// machine's description), and loading libLLVM costs ~40 ms, so the launcher
// (tools/wasm-aot/RunLauncher.cpp) cannot compute it. The run index closes
// the gap: a small cache file, named by a hash of what the launcher can see
// (the module's BLAKE3, the level, the compiler's build and the host CPU),
// that holds the artifact's cache key. The compiler writes it whenever it
// finds or stores an artifact built with default options; the launcher
// reads it, checks that the artifact is of the module (the BLAKE3 in its
// header), and falls back to the compiler when anything is missing or
// stale.
//
// Also here, so that both programs agree on them: where the cache lives,
// how its entries are named, and the compiler build's identity.
//
// Free of LLVM's library: BLAKE3 is LLVM's C implementation, which the
// launcher links from the static LLVMSupport archive alone.
//
//===----------------------------------------------------------------------===//

#ifndef WASMAOT_CACHE_RUNINDEX_H
#define WASMAOT_CACHE_RUNINDEX_H

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wasmaot {

/// The cache directory: Flag if not empty, else $WASM_AOT_CACHE_DIR, else
/// $XDG_CACHE_HOME/wasm-aot (if absolute), else ~/.cache/wasm-aot ($HOME,
/// else the password database). Empty if none applies.
std::string findCacheDirectory(std::string_view Flag);

/// Dir/Name, with one separator.
std::string joinPath(std::string_view Dir, std::string_view Name);

/// Every cache file whose name starts with this is pruned by LLVM's
/// CachePruning, least recently used first (it touches no other file).
inline constexpr std::string_view CacheEntryPrefix = "llvmcache-";
/// Writes in progress: never read; removed by prune after an hour.
inline constexpr std::string_view CacheTempPrefix = "tmp-";

/// The file of the artifact whose cache key is Key.
std::string cacheEntryFile(std::string_view Dir, std::string_view Key);

/// The compiler build's identity, part of every cache key: its version, and
/// (as the version says too little while developing) the size and
/// modification time of its executable and of the LLVM library it loads
/// (WASMAOT_LLVM_LIBRARY, when LLVM is a shared library).
std::string compilerBuildId(std::string_view Version,
                            const std::string &CompilerExecutable);

/// BLAKE3-256 of a module's bytes, as artifacts record it (module_hash).
using ModuleDigest = std::array<uint8_t, 32>;
ModuleDigest digestModule(std::string_view Wasm);

/// The host CPU's identity (vendor, model and feature bits), which decides
/// the code the compiler makes for the host.
std::string hostCPUSignature();

/// The run index's key of the module of digest Module run at OptLevel by
/// the compiler build CompilerBuild (compilerBuildId) on this host.
std::string runIndexKey(const ModuleDigest &Module, unsigned OptLevel,
                        std::string_view CompilerBuild);

/// The artifact cache key the index holds for IndexKey; none if there is no
/// readable, well-formed index file. Refreshes the file's access time (the
/// pruning's recency).
std::optional<std::string> readRunIndex(std::string_view Dir,
                                        std::string_view IndexKey);

/// Records that IndexKey's artifact is ArtifactKey's entry (atomically, by
/// rename). False if it cannot be written; the index is only a shortcut.
bool writeRunIndex(std::string_view Dir, std::string_view IndexKey,
                   std::string_view ArtifactKey);

/// Whether a cache file's name (without its directory) is a run index
/// file's.
bool isRunIndexFile(std::string_view FileName);

/// Sets a cache file's access time to now (its modification time stays):
/// what LLVM's pruning takes for its last use.
void touchCacheFile(int FD);

} // namespace wasmaot

#endif
