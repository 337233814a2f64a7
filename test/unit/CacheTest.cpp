// CacheTest.cpp - The artifact cache: keys, the directory's location, sizes,
// entries stored and read back, least-recently-used pruning, concurrent
// writers, and leftovers of interrupted writes.

#include "wasmaot/Cache/Cache.h"
#include "wasmaot/Cache/RunIndex.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <optional>
#include <thread>
#include <vector>

using namespace wasmaot;
using namespace llvm;

namespace {

/// A fresh directory, removed with its contents at the end of the scope.
struct TempDir {
  SmallString<128> Path;
  TempDir() {
    EXPECT_FALSE(sys::fs::createUniqueDirectory("wasmaot-cache-test", Path));
  }
  ~TempDir() { sys::fs::remove_directories(Path); }
  std::string sub(StringRef Name) const {
    SmallString<128> P(Path);
    sys::path::append(P, Name);
    return std::string(P);
  }
};

/// Sets (or, with nullptr, unsets) an environment variable for a scope.
struct ScopedEnv {
  std::string Name;
  std::optional<std::string> Old;
  ScopedEnv(const char *N, const char *Value) : Name(N) {
    if (const char *O = getenv(N))
      Old = O;
    if (Value)
      setenv(N, Value, 1);
    else
      unsetenv(N);
  }
  ~ScopedEnv() {
    if (Old)
      setenv(Name.c_str(), Old->c_str(), 1);
    else
      unsetenv(Name.c_str());
  }
};

std::string contents(const std::unique_ptr<MemoryBuffer> &B) {
  return B ? B->getBuffer().str() : "<none>";
}

void setAccessTime(const std::string &Path, std::chrono::hours Ago) {
  int FD;
  ASSERT_FALSE(sys::fs::openFileForWrite(Path, FD, sys::fs::CD_OpenExisting,
                                         sys::fs::OF_Append));
  // Modified before the access: relatime then leaves the access time alone
  // on reads, so only the cache's own refresh makes an entry recent.
  auto Now = std::chrono::system_clock::now();
  EXPECT_FALSE(sys::fs::setLastAccessAndModificationTime(
      FD, Now - Ago, Now - std::chrono::hours(10)));
  sys::fs::closeFile(FD);
}

TEST(CacheKey, CoversEveryFieldAndTheirBoundaries) {
  std::string A = CacheKey().add(StringRef("ab")).add(StringRef("c")).hex();
  EXPECT_EQ(A.size(), 64u);
  EXPECT_EQ(A, CacheKey().add(StringRef("ab")).add(StringRef("c")).hex());
  EXPECT_NE(A, CacheKey().add(StringRef("a")).add(StringRef("bc")).hex());
  EXPECT_NE(A, CacheKey().add(StringRef("ab")).add(StringRef("d")).hex());
  EXPECT_NE(CacheKey().add(uint64_t(2)).hex(),
            CacheKey().add(uint64_t(3)).hex());
}

TEST(CacheDirectory, FlagBeatsEnvironmentBeatsDefault) {
  ScopedEnv Home("HOME", "/home/someone");
  ScopedEnv XDG("XDG_CACHE_HOME", nullptr);
  {
    ScopedEnv Env("WASM_AOT_CACHE_DIR", "/from/env");
    EXPECT_EQ(findCacheDirectory("/from/flag"), "/from/flag");
    EXPECT_EQ(findCacheDirectory(""), "/from/env");
  }
  ScopedEnv Env("WASM_AOT_CACHE_DIR", nullptr);
  EXPECT_EQ(findCacheDirectory(""), "/home/someone/.cache/wasm-aot");
  ScopedEnv XDGSet("XDG_CACHE_HOME", "/xdg");
  EXPECT_EQ(findCacheDirectory(""), "/xdg/wasm-aot");
  ScopedEnv XDGRelative("XDG_CACHE_HOME", "relative"); // ignored, per XDG
  EXPECT_EQ(findCacheDirectory(""), "/home/someone/.cache/wasm-aot");
}

TEST(CacheSize, Parses) {
  auto Size = [](StringRef S) -> uint64_t {
    Expected<uint64_t> V = parseSize(S);
    if (!V) {
      consumeError(V.takeError());
      return ~0ull;
    }
    return *V;
  };
  EXPECT_EQ(Size("1000"), 1000u);
  EXPECT_EQ(Size("4k"), 4096u);
  EXPECT_EQ(Size("512M"), 512ull << 20);
  EXPECT_EQ(Size("2G"), 2ull << 30);
  EXPECT_EQ(Size("1GiB"), 1ull << 30);
  EXPECT_EQ(Size(""), ~0ull);
  EXPECT_EQ(Size("12x"), ~0ull);
  EXPECT_EQ(Size("-1"), ~0ull);
  EXPECT_EQ(Size("99999999999T"), ~0ull); // overflows
}

TEST(ArtifactCache, CreatesItsDirectoryPrivate) {
  TempDir T;
  ArtifactCache C(T.sub("a/b/cache"));
  ASSERT_FALSE(bool(C.create()));
  sys::fs::file_status S;
  ASSERT_FALSE(sys::fs::status(C.directory(), S));
  EXPECT_EQ(S.permissions() & 0777, 0700);
  // A path that cannot be a directory: an error, not a crash.
  std::error_code EC;
  raw_fd_ostream(T.sub("file"), EC) << "x";
  ArtifactCache UnderFile(T.sub("file") + "/cache");
  Error E = UnderFile.create();
  EXPECT_TRUE(bool(E));
  consumeError(std::move(E));
}

TEST(ArtifactCache, StoresLooksUpRemoves) {
  TempDir T;
  ArtifactCache C(T.sub("c"));
  ASSERT_FALSE(bool(C.create()));
  auto Missing = C.lookup("k1");
  ASSERT_TRUE(bool(Missing));
  EXPECT_EQ(*Missing, nullptr);
  ASSERT_FALSE(bool(C.store("k1", "first")));
  ASSERT_FALSE(bool(C.store("k2", "second entry")));
  auto Hit = C.lookup("k1");
  ASSERT_TRUE(bool(Hit));
  EXPECT_EQ(contents(*Hit), "first");
  ASSERT_FALSE(bool(C.store("k1", "replaced")));
  EXPECT_EQ(contents(*C.lookup("k1")), "replaced");
  auto S = C.stats();
  ASSERT_TRUE(bool(S));
  EXPECT_EQ(S->Entries, 2u);
  EXPECT_EQ(S->Bytes, strlen("replaced") + strlen("second entry"));
  EXPECT_EQ(S->TempFiles, 0u);
  ASSERT_FALSE(bool(C.remove("k1")));
  EXPECT_EQ(*C.lookup("k1"), nullptr);
  ASSERT_FALSE(bool(C.clear()));
  EXPECT_EQ(C.stats()->Entries, 0u);
}

TEST(ArtifactCache, StoreIntoAVanishedDirectoryFails) {
  TempDir T;
  ArtifactCache C(T.sub("gone"));
  ASSERT_FALSE(bool(C.create()));
  sys::fs::remove_directories(C.directory());
  Error E = C.store("k", "bytes");
  ASSERT_TRUE(bool(E));
  EXPECT_NE(toString(std::move(E)).find("cannot write to cache directory"),
            std::string::npos);
}

TEST(ArtifactCache, PrunesTheLeastRecentlyUsed) {
  TempDir T;
  ArtifactCache C(T.sub("c"), /*MaxBytes=*/2500);
  ASSERT_FALSE(bool(C.create()));
  std::string KB(1000, 'x');
  for (const char *K : {"old", "used", "new"})
    ASSERT_FALSE(bool(C.store(K, KB)));
  setAccessTime(C.entryPath("used"), std::chrono::hours(4)); // the oldest
  setAccessTime(C.entryPath("old"), std::chrono::hours(3));
  setAccessTime(C.entryPath("new"), std::chrono::hours(1));
  ASSERT_TRUE(bool(C.lookup("used"))); // now the most recently used
  ASSERT_FALSE(bool(C.prune()));
  EXPECT_EQ(*C.lookup("old"), nullptr);
  EXPECT_NE(*C.lookup("used"), nullptr);
  EXPECT_NE(*C.lookup("new"), nullptr);
  EXPECT_EQ(C.stats()->Entries, 2u);
}

TEST(ArtifactCache, InterruptedWritesAreNeverEntries) {
  TempDir T;
  ArtifactCache C(T.sub("c"));
  ASSERT_FALSE(bool(C.create()));
  // What a writer killed mid-write leaves: a temporary file.
  std::string Temp = T.sub("c/tmp-123456789012.part");
  {
    std::error_code EC;
    raw_fd_ostream OS(Temp, EC);
    OS << "half an artif";
  }
  EXPECT_EQ(C.stats()->Entries, 0u);
  EXPECT_EQ(C.stats()->TempFiles, 1u);
  ASSERT_FALSE(bool(C.prune())); // recent: a writer may still be at work
  EXPECT_TRUE(sys::fs::exists(Temp));
  setAccessTime(Temp, std::chrono::hours(2));
  ASSERT_FALSE(bool(C.prune()));
  EXPECT_FALSE(sys::fs::exists(Temp));
}

TEST(ArtifactCache, ConcurrentWritersLeaveOneWholeEntry) {
  TempDir T;
  ArtifactCache C(T.sub("c"));
  ASSERT_FALSE(bool(C.create()));
  std::string Big(1 << 20, 'a');
  std::vector<std::thread> Writers;
  for (int I = 0; I < 8; ++I)
    Writers.emplace_back([&, I] {
      ArtifactCache Mine(T.sub("c"));
      std::string Bytes = Big;
      Bytes[0] = 'A' + I; // each writer's own whole entry
      EXPECT_FALSE(bool(Mine.store("same", Bytes)));
    });
  for (std::thread &W : Writers)
    W.join();
  auto S = C.stats();
  EXPECT_EQ(S->Entries, 1u);
  EXPECT_EQ(S->TempFiles, 0u);
  std::string Got = contents(*C.lookup("same"));
  ASSERT_EQ(Got.size(), Big.size());
  EXPECT_EQ(Got.substr(1), Big.substr(1));
}

} // namespace
