// MemoryTest.cpp - Linear memories: reservation, commit, grow, limits.

#include "Memory.h"
#include "Registry.h"
#include "RuntimeTestUtil.h"

#include <atomic>
#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

using namespace wasmaot::test;

namespace {

constexpr uint64_t Page = WASMAOT_PAGE_SIZE;

struct MemoryDeleter {
  void operator()(wasmaot_memory *m) const { wasmaot_memory_delete(m); }
};
using MemoryPtr = std::unique_ptr<wasmaot_memory, MemoryDeleter>;

MemoryPtr makeMemory(uint64_t min, uint64_t max, uint32_t flags = 0) {
  char *error = nullptr;
  MemoryPtr m(wasmaot_memory_new(min, max, flags, &error));
  EXPECT_TRUE(m) << (error ? error : "(no message)");
  EXPECT_EQ(error, nullptr);
  wasmaot_error_free(error);
  return m;
}

// The error wasmaot_memory_new reports, or "" if it succeeded.
std::string creationError(uint64_t min, uint64_t max, uint32_t flags) {
  char *error = nullptr;
  wasmaot_memory *m = wasmaot_memory_new(min, max, flags, &error);
  std::string result = m ? "" : (error ? error : "(null message)");
  wasmaot_memory_delete(m);
  wasmaot_error_free(error);
  // And without an error pointer: still no crash, same outcome.
  wasmaot_memory *again = wasmaot_memory_new(min, max, flags, nullptr);
  EXPECT_EQ(again == nullptr, m == nullptr);
  wasmaot_memory_delete(again);
  return result;
}

bool registered(const void *p) {
  return wasmaot_ranges_contain(WASMAOT_RANGES_MEMORY, (uintptr_t)p);
}

TEST(MemoryTest, Memory32ReservesTheGuardAndCommitsTheMinimum) {
  MemoryPtr m = makeMemory(1, 4);
  ASSERT_TRUE(m);
  EXPECT_NE(m->base, nullptr);
  EXPECT_EQ((uintptr_t)m->base % getpagesize(), 0u);
  EXPECT_EQ(m->size, Page);
  EXPECT_EQ(m->max_pages, 4u);
  EXPECT_EQ(m->flags, 0u);
  // 4 GiB of addresses + 4 GiB of offsets + slack for the access size.
  EXPECT_GE(m->reserved, (8ull << 30) + 16);
  EXPECT_EQ(m->reserved, WASMAOT_RESERVATION_32);
  EXPECT_EQ(wasmaot_memory_pages(m.get()), 1u);

  EXPECT_TRUE(readable(m->base));
  EXPECT_TRUE(readable(m->base + Page - 1));
  EXPECT_FALSE(readable(m->base + Page));
  EXPECT_FALSE(readable(m->base + (4ull << 30)));
  EXPECT_FALSE(readable(m->base + m->reserved - 1));
  for (uint64_t i = 0; i < Page; i += 4093)
    EXPECT_EQ(m->base[i], 0);
  m->base[Page - 1] = 7;
  EXPECT_EQ(m->base[Page - 1], 7);

  // The whole reservation, and nothing beyond, is known to the handler.
  EXPECT_TRUE(registered(m->base));
  EXPECT_TRUE(registered(m->base + m->reserved - 1));
  EXPECT_FALSE(registered(m->base + m->reserved));
  EXPECT_FALSE(registered(m->base - 1));
}

TEST(MemoryTest, ZeroPagesIsAllowed) {
  MemoryPtr m = makeMemory(0, 1);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->size, 0u);
  EXPECT_FALSE(readable(m->base));
  EXPECT_EQ(wasmaot_memory_grow(m.get(), 1), 0u);
  EXPECT_TRUE(readable(m->base));
}

TEST(MemoryTest, GrowCommitsZeroedPagesWithoutMoving) {
  MemoryPtr m = makeMemory(1, 3);
  ASSERT_TRUE(m);
  uint8_t *base = m->base;
  std::memset(base, 0xAB, Page);
  EXPECT_EQ(wasmaot_memory_grow(m.get(), 1), 1u);
  EXPECT_EQ(m->base, base);
  EXPECT_EQ(m->size, 2 * Page);
  EXPECT_EQ(base[Page - 1], 0xAB);
  EXPECT_EQ(base[Page], 0);
  EXPECT_EQ(base[2 * Page - 1], 0);
  base[2 * Page - 1] = 1;
  EXPECT_FALSE(readable(base + 2 * Page));

  EXPECT_EQ(wasmaot_memory_grow(m.get(), 0), 2u); // size query
  EXPECT_EQ(wasmaot_memory_grow(m.get(), 2), UINT64_MAX) << "past the max";
  EXPECT_EQ(m->size, 2 * Page);
  EXPECT_FALSE(readable(base + 2 * Page));
  EXPECT_EQ(wasmaot_memory_grow(m.get(), 1), 2u);
  EXPECT_EQ(wasmaot_memory_pages(m.get()), 3u);
  EXPECT_TRUE(readable(base + 3 * Page - 1));
  EXPECT_EQ(wasmaot_memory_grow(m.get(), 1), UINT64_MAX);
  EXPECT_EQ(wasmaot_memory_grow(m.get(), UINT64_MAX), UINT64_MAX);
  EXPECT_EQ(wasmaot_memory_grow(m.get(), 0), 3u);
  EXPECT_EQ(m->base, base);
}

TEST(MemoryTest, Memory32WithoutMaximumGrowsToFourGiB) {
  MemoryPtr m = makeMemory(0, WASMAOT_NO_MAXIMUM);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->max_pages, 65536u);
  EXPECT_EQ(wasmaot_memory_grow(m.get(), 65537), UINT64_MAX);
  EXPECT_EQ(wasmaot_memory_grow(m.get(), 1ull << 32), UINT64_MAX);
  EXPECT_EQ(wasmaot_memory_grow(m.get(), 65536), 0u);
  EXPECT_EQ(m->size, 4ull << 30);
  EXPECT_TRUE(readable(m->base + (4ull << 30) - 1));
  EXPECT_FALSE(readable(m->base + (4ull << 30)));
  EXPECT_EQ(wasmaot_memory_grow(m.get(), 1), UINT64_MAX);
  EXPECT_EQ(wasmaot_memory_grow(m.get(), 0), 65536u);
}

TEST(MemoryTest, InvalidLimitsAreErrors) {
  EXPECT_EQ(creationError(1, 2, 0), "");
  EXPECT_NE(creationError(65537, WASMAOT_NO_MAXIMUM, 0).find("limit"),
            std::string::npos);
  EXPECT_NE(creationError(0, 65537, 0), "");
  EXPECT_EQ(creationError(65536, 65536, 0), "");
  EXPECT_NE(creationError(3, 2, 0).find("exceeds maximum"), std::string::npos);
  EXPECT_NE(creationError(1, WASMAOT_NO_MAXIMUM, WASMAOT_MEMORY_SHARED)
                .find("shared"),
            std::string::npos);
  EXPECT_NE(creationError(1, 2, 4).find("flags"), std::string::npos);
  EXPECT_NE(
      creationError((1ull << 48) + 1, WASMAOT_NO_MAXIMUM, WASMAOT_MEMORY_64),
      "");
  EXPECT_NE(creationError(0, (1ull << 48) + 1, WASMAOT_MEMORY_64), "");
  // Valid limits, but more than the address space holds.
  EXPECT_NE(creationError(1ull << 40, WASMAOT_NO_MAXIMUM, WASMAOT_MEMORY_64),
            "");
}

TEST(MemoryTest, NullArgumentsDoNotCrash) {
  wasmaot_memory_delete(nullptr);
  EXPECT_EQ(wasmaot_memory_grow(nullptr, 1), UINT64_MAX);
  EXPECT_EQ(wasmaot_memory_pages(nullptr), 0u);
  wasmaot_error_free(nullptr);
}

TEST(MemoryTest, Memory64ReservesUpToTheBound) {
  MemoryPtr small = makeMemory(1, 3, WASMAOT_MEMORY_64);
  ASSERT_TRUE(small);
  EXPECT_EQ(small->flags, (uint32_t)WASMAOT_MEMORY_64);
  EXPECT_EQ(small->reserved, 3 * Page);
  EXPECT_EQ(wasmaot_memory_grow(small.get(), 2), 1u);
  EXPECT_TRUE(readable(small->base + 3 * Page - 1));
  EXPECT_EQ(wasmaot_memory_grow(small.get(), 1), UINT64_MAX);

  MemoryPtr unbounded = makeMemory(1, WASMAOT_NO_MAXIMUM, WASMAOT_MEMORY_64);
  ASSERT_TRUE(unbounded);
  EXPECT_EQ(unbounded->reserved, WASMAOT_RESERVATION_64_BOUND);
  EXPECT_GE(unbounded->max_pages, (1ull << 48) - 1);
  EXPECT_TRUE(registered(unbounded->base + unbounded->reserved - 1));
  EXPECT_EQ(wasmaot_memory_grow(unbounded.get(), 1), 1u);

  MemoryPtr empty = makeMemory(0, 0, WASMAOT_MEMORY_64);
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->size, 0u);
  EXPECT_EQ(wasmaot_memory_grow(empty.get(), 1), UINT64_MAX);
}

TEST(MemoryTest, Memory64BeyondTheReservationExtendsInPlaceOrFails) {
  MemoryPtr m = makeMemory(0, WASMAOT_NO_MAXIMUM, WASMAOT_MEMORY_64);
  ASSERT_TRUE(m);
  uint8_t *base = m->base;
  uint64_t pages = WASMAOT_RESERVATION_64_BOUND / Page;
  ASSERT_EQ(wasmaot_memory_grow(m.get(), pages), 0u);
  uint64_t result = wasmaot_memory_grow(m.get(), 1);
  EXPECT_EQ(m->base, base) << "a memory never moves";
  if (result == UINT64_MAX) {
    // The address space after the reservation was taken.
    EXPECT_EQ(m->size, WASMAOT_RESERVATION_64_BOUND);
    EXPECT_EQ(m->reserved, WASMAOT_RESERVATION_64_BOUND);
  } else {
    EXPECT_EQ(result, pages);
    EXPECT_GT(m->reserved, WASMAOT_RESERVATION_64_BOUND);
    EXPECT_TRUE(readable(base + WASMAOT_RESERVATION_64_BOUND + Page - 1));
    EXPECT_TRUE(registered(base + m->reserved - 1));
  }
}

TEST(MemoryTest, SharedMemoryGrowsAtomicallyFromManyThreads) {
  constexpr uint64_t Max = 64;
  MemoryPtr m = makeMemory(1, Max, WASMAOT_MEMORY_SHARED);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->flags, (uint32_t)WASMAOT_MEMORY_SHARED);
  std::vector<std::thread> threads;
  std::vector<std::vector<uint64_t>> olds(4);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (;;) {
        uint64_t old = wasmaot_memory_grow(m.get(), 1);
        if (old == UINT64_MAX)
          break;
        // The page is usable as soon as grow returns.
        m->base[(old + 1) * Page - 1] = 1;
        olds[t].push_back(old);
      }
    });
  for (auto &thread : threads)
    thread.join();
  std::set<uint64_t> all;
  for (auto &v : olds)
    all.insert(v.begin(), v.end());
  EXPECT_EQ(all.size(), Max - 1);
  EXPECT_EQ(*all.begin(), 1u);
  EXPECT_EQ(*all.rbegin(), Max - 1);
  EXPECT_EQ(wasmaot_memory_pages(m.get()), Max);
}

TEST(MemoryTest, DeleteUnregistersAndUnmaps) {
  std::vector<uint8_t *> bases;
  for (int i = 0; i < 64; ++i) {
    MemoryPtr m = makeMemory(1, 1);
    ASSERT_TRUE(m);
    bases.push_back(m->base);
    uint8_t *base = m->base;
    m.reset();
    EXPECT_FALSE(registered(base));
  }
  // Many at once: 64 * 8 GiB of address space.
  std::vector<MemoryPtr> live;
  for (int i = 0; i < 64; ++i) {
    live.push_back(makeMemory(1, 1));
    ASSERT_TRUE(live.back());
  }
  for (auto &m : live)
    EXPECT_TRUE(registered(m->base + 1));
}

TEST(MemoryTest, RegistryIsBoundedAndReusesSlots) {
  // The code-range registry: fill it, overflow it, empty it.
  std::vector<uintptr_t> begins;
  for (uintptr_t i = 0;; ++i) {
    uintptr_t begin = 0x100000 + i * 0x100;
    if (wasmaot_code_range_register((void *)begin, 0x10) != 0)
      break;
    begins.push_back(begin);
    ASSERT_LE(begins.size(), WASMAOT_MAX_CODE_RANGES);
  }
  EXPECT_EQ(begins.size(), WASMAOT_MAX_CODE_RANGES);
  EXPECT_TRUE(wasmaot_ranges_contain(WASMAOT_RANGES_CODE, begins[7] + 0xF));
  EXPECT_FALSE(wasmaot_ranges_contain(WASMAOT_RANGES_CODE, begins[7] + 0x10));
  for (uintptr_t begin : begins)
    EXPECT_EQ(wasmaot_code_range_unregister((void *)begin), 0);
  EXPECT_FALSE(wasmaot_ranges_contain(WASMAOT_RANGES_CODE, begins[7]));
  EXPECT_EQ(wasmaot_code_range_unregister((void *)begins[7]), -1);
  EXPECT_EQ(wasmaot_code_range_register(nullptr, 1), -1);
  EXPECT_EQ(wasmaot_code_range_register((void *)0x1000, 0), -1);
  EXPECT_EQ(wasmaot_code_range_register((void *)0x1000, 0x10), 0);
  EXPECT_EQ(wasmaot_code_range_unregister((void *)0x1000), 0);
}

TEST(MemoryTest, RegistryReadersSeeConsistentRangesUnderConcurrentWrites) {
  // A reader must never pair one range's begin with another's end: a writer
  // keeps rewriting one slot between two disjoint ranges (and adds and
  // removes it); an address in the gap between them must never be reported.
  // (A torn read needs the writer's two stores to land between the reader's
  // two loads: this catches a broken seqlock only sometimes.)
  std::atomic<bool> stop{false};
  const uintptr_t A = 0x10000000, B = 0x30000000, Gap = 0x20000000;
  std::thread writer([&] {
    int32_t slot = wasmaot_ranges_add(WASMAOT_RANGES_CODE, A, A + 0x1000);
    for (int i = 0; !stop.load(std::memory_order_relaxed); ++i) {
      wasmaot_ranges_update(WASMAOT_RANGES_CODE, slot, B, B + 0x1000);
      wasmaot_ranges_update(WASMAOT_RANGES_CODE, slot, A, A + 0x1000);
      if (i % 64 == 0) {
        wasmaot_ranges_remove(WASMAOT_RANGES_CODE, slot);
        slot = wasmaot_ranges_add(WASMAOT_RANGES_CODE, A, A + 0x1000);
      }
    }
    wasmaot_ranges_remove(WASMAOT_RANGES_CODE, slot);
  });
  uint64_t wrong = 0, seenA = 0;
  auto until =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(300);
  while (std::chrono::steady_clock::now() < until) {
    for (int i = 0; i < 1000; ++i) {
      wrong += wasmaot_ranges_contain(WASMAOT_RANGES_CODE, Gap);
      seenA += wasmaot_ranges_contain(WASMAOT_RANGES_CODE, A);
    }
  }
  stop = true;
  writer.join();
  EXPECT_EQ(wrong, 0u);
  EXPECT_GT(seenA, 0u) << "the reader saw the writer's ranges at all";
}

} // namespace
