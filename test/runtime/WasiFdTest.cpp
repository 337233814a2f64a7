// WasiFdTest.cpp - WASI: the fd_* functions, each with its errors.

#include "WasiTestUtil.h"

#include <map>

using namespace wasmaot::test;

namespace {

constexpr uint64_t Right(int n) { return WASI_RIGHT(n); }

TEST_F(WasiTest, WriteToStdoutGathers) {
  put(BufAt, "hello, world");
  wasi_put32(mem() + IovAt, BufAt);
  wasi_put32(mem() + IovAt + 4, 7);
  wasi_put32(mem() + IovAt + 8, BufAt + 7);
  wasi_put32(mem() + IovAt + 12, 5);
  ASSERT_EQ(call("fd_write", {1, IovAt, 2, ResultAt}), 0);
  EXPECT_EQ(get32(ResultAt), 12u);
  char buf[32];
  ASSERT_EQ(::read(Out[0], buf, sizeof buf), 12);
  EXPECT_EQ(std::string(buf, 12), "hello, world");
}

TEST_F(WasiTest, WriteErrors) {
  EXPECT_EQ(write(77, "x"), -WASI_EBADF);
  EXPECT_EQ(call("fd_write", {1, BadPtr, 1, ResultAt}), WASI_EFAULT);
  wasi_put32(mem() + IovAt, 65530);
  wasi_put32(mem() + IovAt + 4, 100); // beyond the memory
  EXPECT_EQ(call("fd_write", {1, IovAt, 1, ResultAt}), WASI_EFAULT);
  EXPECT_EQ(call("fd_write", {1, IovAt, 0, BadPtr}), WASI_EFAULT);
  EXPECT_EQ(call("fd_write", {1, IovAt, 5000, ResultAt}), WASI_EINVAL);
  EXPECT_EQ(write(Preopen, "x"), -WASI_ENOTCAPABLE); // a directory
  ASSERT_EQ(call("fd_fdstat_set_rights", {1, 0, 0}), 0);
  EXPECT_EQ(write(1, "x"), -WASI_ENOTCAPABLE);
}

TEST_F(WasiTest, ReadFromStdin) {
  ASSERT_EQ(::write(In[1], "input", 5), 5);
  EXPECT_EQ(read(0, 3), "inp");
  EXPECT_EQ(read(0, 10), "ut");
  ::close(In[1]);
  In[1] = -1;
  int32_t err;
  EXPECT_EQ(read(0, 10, &err), "");
  EXPECT_EQ(err, 0); // end of file: 0 bytes
  EXPECT_EQ(call("fd_read", {0, BadPtr, 1, ResultAt}), WASI_EFAULT);
  EXPECT_EQ(call("fd_read", {42, IovAt, 1, ResultAt}), WASI_EBADF);
}

TEST_F(WasiTest, ReadOnlyDescriptorCannotWrite) {
  writeHostFile("ro", "data");
  int64_t fd = open("ro", 0, Right(WASI_FD_READ));
  ASSERT_GE(fd, 0);
  EXPECT_EQ(read(fd, 10), "data");
  EXPECT_EQ(write(fd, "x"), -WASI_ENOTCAPABLE);
}

TEST_F(WasiTest, FileReadWriteSeekTell) {
  int64_t fd = open("f", WASI_OFLAG_CREAT);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(write(fd, "0123456789"), 10);
  ASSERT_EQ(call("fd_tell", {fd, ResultAt}), 0);
  EXPECT_EQ(get64(ResultAt), 10u);
  ASSERT_EQ(call("fd_seek", {fd, 2, 0, ResultAt}), 0);
  EXPECT_EQ(get64(ResultAt), 2u);
  EXPECT_EQ(read(fd, 3), "234");
  ASSERT_EQ(call("fd_seek", {fd, -1, 1, ResultAt}), 0);
  EXPECT_EQ(get64(ResultAt), 4u);
  ASSERT_EQ(call("fd_seek", {fd, -2, 2, ResultAt}), 0);
  EXPECT_EQ(get64(ResultAt), 8u);
  EXPECT_EQ(read(fd, 5), "89");
}

TEST_F(WasiTest, SeekErrors) {
  int64_t fd = open("f", WASI_OFLAG_CREAT);
  EXPECT_EQ(call("fd_seek", {fd, 0, 3, ResultAt}), WASI_EINVAL);
  EXPECT_EQ(call("fd_seek", {fd, -1, 0, ResultAt}), WASI_EINVAL);
  EXPECT_EQ(call("fd_seek", {fd, 0, 0, BadPtr}), WASI_EFAULT);
  EXPECT_EQ(call("fd_seek", {1, 0, 0, ResultAt}), WASI_ESPIPE); // a pipe
  EXPECT_EQ(call("fd_seek", {99, 0, 0, ResultAt}), WASI_EBADF);
  EXPECT_EQ(call("fd_tell", {fd, BadPtr}), WASI_EFAULT);
  EXPECT_EQ(call("fd_tell", {99, ResultAt}), WASI_EBADF);
  // Telling needs FD_TELL only; seeking FD_SEEK.
  ASSERT_EQ(call("fd_fdstat_set_rights", {fd, (int64_t)Right(WASI_FD_TELL), 0}),
            0);
  EXPECT_EQ(call("fd_tell", {fd, ResultAt}), 0);
  EXPECT_EQ(call("fd_seek", {fd, 0, 1, ResultAt}), 0);
  EXPECT_EQ(call("fd_seek", {fd, 1, 0, ResultAt}), WASI_ENOTCAPABLE);
}

TEST_F(WasiTest, PreadPwriteKeepThePosition) {
  int64_t fd = open("f", WASI_OFLAG_CREAT);
  EXPECT_EQ(write(fd, "abcdef"), 6);
  put(BufAt, "XY");
  wasi_put32(mem() + IovAt, BufAt);
  wasi_put32(mem() + IovAt + 4, 2);
  ASSERT_EQ(call("fd_pwrite", {fd, IovAt, 1, 1, ResultAt}), 0);
  EXPECT_EQ(get32(ResultAt), 2u);
  wasi_put32(mem() + IovAt, BufAt + 100);
  wasi_put32(mem() + IovAt + 4, 4);
  ASSERT_EQ(call("fd_pread", {fd, IovAt, 1, 0, ResultAt}), 0);
  EXPECT_EQ(str(BufAt + 100, get32(ResultAt)), "aXYd");
  ASSERT_EQ(call("fd_tell", {fd, ResultAt}), 0);
  EXPECT_EQ(get64(ResultAt), 6u);
  EXPECT_EQ(call("fd_pread", {fd, IovAt, 1, -1, ResultAt}), WASI_EINVAL);
  EXPECT_EQ(call("fd_pwrite", {fd, IovAt, 1, -5, ResultAt}), WASI_EINVAL);
  EXPECT_EQ(call("fd_pread", {fd, BadPtr, 1, 0, ResultAt}), WASI_EFAULT);
  EXPECT_EQ(call("fd_pwrite", {fd, IovAt, 1, 0, BadPtr}), WASI_EFAULT);
  EXPECT_EQ(call("fd_pread", {1, IovAt, 1, 0, ResultAt}), WASI_ESPIPE);
  EXPECT_EQ(call("fd_pwrite", {55, IovAt, 1, 0, ResultAt}), WASI_EBADF);
}

TEST_F(WasiTest, SyncAndDatasync) {
  int64_t fd = open("f", WASI_OFLAG_CREAT);
  EXPECT_EQ(call("fd_sync", {fd}), 0);
  EXPECT_EQ(call("fd_datasync", {fd}), 0);
  EXPECT_EQ(call("fd_sync", {99}), WASI_EBADF);
  EXPECT_EQ(call("fd_datasync", {99}), WASI_EBADF);
  ASSERT_EQ(call("fd_fdstat_set_rights", {fd, 0, 0}), 0);
  EXPECT_EQ(call("fd_sync", {fd}), WASI_ENOTCAPABLE);
  EXPECT_EQ(call("fd_datasync", {fd}), WASI_ENOTCAPABLE);
  EXPECT_EQ(call("fd_datasync", {1}), WASI_EINVAL); // a pipe
}

TEST_F(WasiTest, AdviseAndAllocate) {
  int64_t fd = open("f", WASI_OFLAG_CREAT);
  EXPECT_EQ(call("fd_advise", {fd, 0, 100, 1}), 0);
  EXPECT_EQ(call("fd_advise", {fd, 0, 100, 6}), WASI_EINVAL);
  EXPECT_EQ(call("fd_advise", {fd, -1, 100, 0}), WASI_EINVAL);
  EXPECT_EQ(call("fd_advise", {99, 0, 0, 0}), WASI_EBADF);
  ASSERT_EQ(call("fd_allocate", {fd, 0, 4096}), 0);
  ASSERT_EQ(call("fd_filestat_get", {fd, StatAt}), 0);
  EXPECT_EQ(get64(StatAt + 32), 4096u);
  EXPECT_EQ(call("fd_allocate", {fd, 0, 0}), WASI_EINVAL);
  EXPECT_EQ(call("fd_allocate", {fd, -1, 10}), WASI_EINVAL);
  EXPECT_EQ(call("fd_allocate", {99, 0, 1}), WASI_EBADF);
  ASSERT_EQ(call("fd_fdstat_set_rights", {fd, 0, 0}), 0);
  EXPECT_EQ(call("fd_allocate", {fd, 0, 1}), WASI_ENOTCAPABLE);
  EXPECT_EQ(call("fd_advise", {fd, 0, 1, 0}), WASI_ENOTCAPABLE);
}

TEST_F(WasiTest, FdstatGetAndSetFlags) {
  int64_t fd = open("f", WASI_OFLAG_CREAT);
  ASSERT_EQ(call("fd_fdstat_get", {fd, StatAt}), 0);
  EXPECT_EQ(mem()[StatAt], WASI_FILETYPE_REGULAR_FILE);
  EXPECT_EQ(wasi_get16(mem() + StatAt + 2), 0);
  EXPECT_TRUE(get64(StatAt + 8) & Right(WASI_FD_WRITE));
  EXPECT_FALSE(get64(StatAt + 8) & Right(WASI_PATH_OPEN));
  ASSERT_EQ(call("fd_fdstat_get", {Preopen, StatAt}), 0);
  EXPECT_EQ(mem()[StatAt], WASI_FILETYPE_DIRECTORY);
  EXPECT_TRUE(get64(StatAt + 8) & Right(WASI_PATH_OPEN));
  EXPECT_TRUE(get64(StatAt + 16) & Right(WASI_FD_WRITE));

  EXPECT_EQ(write(fd, "abc"), 3);
  ASSERT_EQ(call("fd_seek", {fd, 0, 0, ResultAt}), 0);
  ASSERT_EQ(call("fd_fdstat_set_flags", {fd, WASI_FDFLAG_APPEND}), 0);
  ASSERT_EQ(call("fd_fdstat_get", {fd, StatAt}), 0);
  EXPECT_EQ(wasi_get16(mem() + StatAt + 2), WASI_FDFLAG_APPEND);
  EXPECT_EQ(write(fd, "d"), 1);
  ASSERT_EQ(call("fd_filestat_get", {fd, StatAt}), 0);
  EXPECT_EQ(get64(StatAt + 32), 4u); // appended, not overwritten

  EXPECT_EQ(call("fd_fdstat_set_flags", {fd, WASI_FDFLAG_SYNC}), WASI_ENOTSUP);
  EXPECT_EQ(call("fd_fdstat_set_flags", {fd, 0x20}), WASI_EINVAL);
  EXPECT_EQ(call("fd_fdstat_set_flags", {99, 0}), WASI_EBADF);
  EXPECT_EQ(call("fd_fdstat_get", {99, StatAt}), WASI_EBADF);
  EXPECT_EQ(call("fd_fdstat_get", {fd, BadPtr}), WASI_EFAULT);
  ASSERT_EQ(call("fd_fdstat_set_rights", {fd, 0, 0}), 0);
  EXPECT_EQ(call("fd_fdstat_set_flags", {fd, 0}), WASI_ENOTCAPABLE);
}

TEST_F(WasiTest, FdstatSetRightsOnlyDrops) {
  int64_t fd = open("f", WASI_OFLAG_CREAT);
  uint64_t keep = Right(WASI_FD_READ) | Right(WASI_FD_SEEK);
  ASSERT_EQ(call("fd_fdstat_set_rights", {fd, (int64_t)keep, 0}), 0);
  ASSERT_EQ(call("fd_fdstat_get", {fd, StatAt}), 0);
  EXPECT_EQ(get64(StatAt + 8), keep);
  EXPECT_EQ(call("fd_fdstat_set_rights",
                 {fd, (int64_t)(keep | Right(WASI_FD_WRITE)), 0}),
            WASI_ENOTCAPABLE);
  EXPECT_EQ(call("fd_fdstat_set_rights", {fd, (int64_t)keep, 1}),
            WASI_ENOTCAPABLE);
  EXPECT_EQ(call("fd_fdstat_set_rights", {99, 0, 0}), WASI_EBADF);
}

TEST_F(WasiTest, FilestatGetSetSizeSetTimes) {
  int64_t fd = open("f", WASI_OFLAG_CREAT);
  EXPECT_EQ(write(fd, "12345"), 5);
  ASSERT_EQ(call("fd_filestat_get", {fd, StatAt}), 0);
  EXPECT_EQ(mem()[StatAt + 16], WASI_FILETYPE_REGULAR_FILE);
  EXPECT_EQ(get64(StatAt + 24), 1u); // nlink
  EXPECT_EQ(get64(StatAt + 32), 5u);
  ASSERT_EQ(call("fd_filestat_set_size", {fd, 2}), 0);
  struct stat st;
  ASSERT_EQ(stat(hostPath("f").c_str(), &st), 0);
  EXPECT_EQ(st.st_size, 2);
  ASSERT_EQ(
      call("fd_filestat_set_times", {fd, 1000000000ll * 5, 1000000000ll * 7 + 3,
                                     WASI_FSTFLAG_ATIM | WASI_FSTFLAG_MTIM}),
      0);
  ASSERT_EQ(call("fd_filestat_get", {fd, StatAt}), 0);
  EXPECT_EQ(get64(StatAt + 40), 5000000000u);
  EXPECT_EQ(get64(StatAt + 48), 7000000003u);
  ASSERT_EQ(call("fd_filestat_set_times", {fd, 0, 0, WASI_FSTFLAG_MTIM_NOW}),
            0);
  ASSERT_EQ(call("fd_filestat_get", {fd, StatAt}), 0);
  EXPECT_EQ(get64(StatAt + 40), 5000000000u); // atime omitted
  EXPECT_GT(get64(StatAt + 48), 7000000003u);

  EXPECT_EQ(call("fd_filestat_set_times",
                 {fd, 0, 0, WASI_FSTFLAG_MTIM | WASI_FSTFLAG_MTIM_NOW}),
            WASI_EINVAL);
  EXPECT_EQ(call("fd_filestat_set_times", {fd, 0, 0, 16}), WASI_EINVAL);
  EXPECT_EQ(call("fd_filestat_set_size", {fd, -1}), WASI_EINVAL);
  EXPECT_EQ(call("fd_filestat_get", {fd, BadPtr}), WASI_EFAULT);
  EXPECT_EQ(call("fd_filestat_get", {99, StatAt}), WASI_EBADF);
  EXPECT_EQ(call("fd_filestat_set_size", {Preopen, 0}), WASI_ENOTCAPABLE);
  ASSERT_EQ(call("fd_fdstat_set_rights", {fd, 0, 0}), 0);
  EXPECT_EQ(call("fd_filestat_get", {fd, StatAt}), WASI_ENOTCAPABLE);
  EXPECT_EQ(call("fd_filestat_set_times", {fd, 0, 0, 0}), WASI_ENOTCAPABLE);
}

// Lists a directory through fd_readdir with a buffer of size bytes,
// following cookies: name -> type.
std::map<std::string, int> listDir(WasiTest &t, uint32_t fd, uint32_t size,
                                   int *calls) {
  std::map<std::string, int> entries;
  uint64_t cookie = 0;
  *calls = 0;
  for (;;) {
    ++*calls;
    EXPECT_EQ(t.call("fd_readdir", {fd, WasiTest::BufAt, size, (int64_t)cookie,
                                    WasiTest::ResultAt}),
              0);
    uint32_t used = t.get32(WasiTest::ResultAt);
    uint32_t pos = 0;
    bool progressed = false;
    while (pos + WASI_DIRENT_SIZE <= used) {
      const uint8_t *d = t.mem() + WasiTest::BufAt + pos;
      uint32_t namlen = wasi_get32(d + 16);
      if (pos + WASI_DIRENT_SIZE + namlen > used)
        break; // cut: read again from the cookie
      entries[std::string((const char *)d + WASI_DIRENT_SIZE, namlen)] = d[20];
      cookie = wasi_get64(d);
      pos += WASI_DIRENT_SIZE + namlen;
      progressed = true;
    }
    if (used < size || !progressed || *calls > 100)
      return entries;
  }
}

TEST_F(WasiTest, ReaddirListsWithCookies) {
  writeHostFile("file", "x");
  ASSERT_EQ(mkdir(hostPath("sub").c_str(), 0777), 0);
  ASSERT_EQ(symlink("file", hostPath("link").c_str()), 0);
  int calls;
  std::map<std::string, int> big = listDir(*this, Preopen, 4096, &calls);
  EXPECT_EQ(calls, 1);
  std::map<std::string, int> want = {{".", WASI_FILETYPE_DIRECTORY},
                                     {"..", WASI_FILETYPE_DIRECTORY},
                                     {"file", WASI_FILETYPE_REGULAR_FILE},
                                     {"sub", WASI_FILETYPE_DIRECTORY},
                                     {"link", WASI_FILETYPE_SYMBOLIC_LINK}};
  EXPECT_EQ(big, want);
  // A buffer for about one entry: many calls, the same listing.
  EXPECT_EQ(listDir(*this, Preopen, 30, &calls), want);
  EXPECT_GT(calls, 3);
  int64_t sub = open("sub", WASI_OFLAG_DIRECTORY);
  ASSERT_GE(sub, 0);
  EXPECT_EQ(listDir(*this, sub, 4096, &calls).size(), 2u);
}

TEST_F(WasiTest, ReaddirErrors) {
  int64_t fd = open("f", WASI_OFLAG_CREAT);
  EXPECT_EQ(call("fd_readdir", {fd, BufAt, 100, 0, ResultAt}),
            WASI_ENOTCAPABLE); // a file
  EXPECT_EQ(call("fd_readdir", {99, BufAt, 100, 0, ResultAt}), WASI_EBADF);
  EXPECT_EQ(call("fd_readdir", {Preopen, 65500, 100, 0, ResultAt}),
            WASI_EFAULT);
  EXPECT_EQ(call("fd_readdir", {Preopen, BufAt, 100, 0, BadPtr}), WASI_EFAULT);
  EXPECT_EQ(call("fd_readdir", {Preopen, BufAt, 100, -2, ResultAt}),
            WASI_EINVAL);
}

TEST_F(WasiTest, CloseAndRenumber) {
  int64_t a = open("a", WASI_OFLAG_CREAT);
  int64_t b = open("b", WASI_OFLAG_CREAT);
  ASSERT_GE(b, 0);
  EXPECT_EQ(write(a, "to a"), 4);
  ASSERT_EQ(call("fd_renumber", {a, b}), 0);
  EXPECT_EQ(call("fd_fdstat_get", {a, StatAt}), WASI_EBADF);
  EXPECT_EQ(write(b, "!"), 1); // b is now a's file
  struct stat st;
  ASSERT_EQ(stat(hostPath("a").c_str(), &st), 0);
  EXPECT_EQ(st.st_size, 5);
  EXPECT_EQ(call("fd_renumber", {b, b}), 0);
  EXPECT_EQ(call("fd_renumber", {b, 99}), WASI_EBADF);
  EXPECT_EQ(call("fd_renumber", {99, b}), WASI_EBADF);
  ASSERT_EQ(call("fd_close", {b}), 0);
  EXPECT_EQ(call("fd_close", {b}), WASI_EBADF);
  EXPECT_EQ(write(b, "x"), -WASI_EBADF);
  // The lowest free number is reused.
  EXPECT_EQ(open("c", WASI_OFLAG_CREAT), a);
}

TEST_F(WasiTest, Prestat) {
  ASSERT_EQ(call("fd_prestat_get", {Preopen, StatAt}), 0);
  EXPECT_EQ(mem()[StatAt], 0);
  EXPECT_EQ(get32(StatAt + 4), 1u);
  ASSERT_EQ(call("fd_prestat_dir_name", {Preopen, BufAt, 1}), 0);
  EXPECT_EQ(str(BufAt, 1), ".");
  EXPECT_EQ(call("fd_prestat_get", {0, StatAt}), WASI_EBADF);
  EXPECT_EQ(call("fd_prestat_get", {4, StatAt}), WASI_EBADF);
  EXPECT_EQ(call("fd_prestat_get", {Preopen, BadPtr}), WASI_EFAULT);
  EXPECT_EQ(call("fd_prestat_dir_name", {Preopen, BufAt, 0}),
            WASI_ENAMETOOLONG);
  EXPECT_EQ(call("fd_prestat_dir_name", {Preopen, BadPtr, 1}), WASI_EFAULT);
  EXPECT_EQ(call("fd_prestat_dir_name", {1, BufAt, 10}), WASI_EBADF);
}

} // namespace
