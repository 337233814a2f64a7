// WasiPathTest.cpp - WASI: path_open and the other path_* functions, and
// the sandbox (escapes by "..", absolute paths and symbolic links), with
// openat2 and with the walk that replaces it on kernels without it.

#include "WasiTestUtil.h"

using namespace wasmaot::test;

namespace {

constexpr uint64_t Right(int n) { return WASI_RIGHT(n); }

TEST_F(WasiTest, OpenCreatesTruncatesAndFails) {
  int64_t fd = open("new", WASI_OFLAG_CREAT);
  ASSERT_GE(fd, 0);
  EXPECT_TRUE(hostExists("new"));
  EXPECT_EQ(write(fd, "content"), 7);
  EXPECT_EQ(open("new", WASI_OFLAG_CREAT | WASI_OFLAG_EXCL), -WASI_EEXIST);
  int64_t again = open("new", WASI_OFLAG_TRUNC);
  ASSERT_GE(again, 0);
  struct stat st;
  ASSERT_EQ(stat(hostPath("new").c_str(), &st), 0);
  EXPECT_EQ(st.st_size, 0);
  EXPECT_EQ(open("missing"), -WASI_ENOENT);
  EXPECT_EQ(open("new", WASI_OFLAG_DIRECTORY), -WASI_ENOTDIR);
  EXPECT_EQ(open("new/x"), -WASI_ENOTDIR);
  EXPECT_EQ(open(""), -WASI_ENOENT);
  EXPECT_EQ(open("new", 16), -WASI_EINVAL);
  EXPECT_EQ(open("new", 0, WASI_RIGHTS_ALL, 0x20), -WASI_EINVAL);
  EXPECT_EQ(open("x", WASI_OFLAG_CREAT, WASI_RIGHTS_ALL, 0, 1, 99),
            -WASI_EBADF);
  EXPECT_EQ(open("new", 0, WASI_RIGHTS_ALL, 0, 1, (uint32_t)fd),
            -WASI_ENOTCAPABLE); // a file is no directory
  EXPECT_EQ(open(std::string(300, 'n'), WASI_OFLAG_CREAT), -WASI_ENAMETOOLONG);
  put(PathAt, std::string("new\0", 4));
  EXPECT_EQ(call("path_open", {Preopen, 1, BadPtr, 3, 0, 0, 0, 0, ResultAt}),
            WASI_EFAULT);
  EXPECT_EQ(call("path_open", {Preopen, 1, PathAt, 3, 0, 0, 0, 0, BadPtr}),
            WASI_EFAULT);
  EXPECT_EQ(call("path_open", {Preopen, 1, PathAt, 4, 0, 0, 0, 0, ResultAt}),
            WASI_EILSEQ); // "new\0"
}

TEST_F(WasiTest, OpenHonoursRights) {
  ASSERT_EQ(mkdir(hostPath("d").c_str(), 0777), 0);
  // A directory that may only hand down reading.
  int64_t dir = open("d", WASI_OFLAG_DIRECTORY);
  ASSERT_GE(dir, 0);
  uint64_t base = Right(WASI_PATH_OPEN) | Right(WASI_PATH_CREATE_FILE);
  ASSERT_EQ(call("fd_fdstat_set_rights",
                 {dir, (int64_t)base, (int64_t)Right(WASI_FD_READ)}),
            0);
  EXPECT_EQ(open("f", WASI_OFLAG_CREAT, Right(WASI_FD_WRITE), 0, 1, dir),
            -WASI_ENOTCAPABLE);
  int64_t f = open("f", WASI_OFLAG_CREAT, Right(WASI_FD_READ), 0, 1, dir);
  ASSERT_GE(f, 0);
  EXPECT_EQ(write(f, "x"), -WASI_ENOTCAPABLE);
  // Truncating needs PATH_FILESTAT_SET_SIZE, creating PATH_CREATE_FILE.
  EXPECT_EQ(open("f", WASI_OFLAG_TRUNC, Right(WASI_FD_READ), 0, 1, dir),
            -WASI_ENOTCAPABLE);
  ASSERT_EQ(call("fd_fdstat_set_rights", {dir, (int64_t)Right(WASI_PATH_OPEN),
                                          (int64_t)Right(WASI_FD_READ)}),
            0);
  EXPECT_EQ(open("g", WASI_OFLAG_CREAT, Right(WASI_FD_READ), 0, 1, dir),
            -WASI_ENOTCAPABLE);
  ASSERT_EQ(call("fd_fdstat_set_rights", {dir, 0, 0}), 0);
  EXPECT_EQ(open("f", 0, 0, 0, 1, dir), -WASI_ENOTCAPABLE);
  // Rights a file type cannot use are dropped.
  int64_t file = open("plain", WASI_OFLAG_CREAT);
  ASSERT_EQ(call("fd_fdstat_get", {file, StatAt}), 0);
  EXPECT_EQ(get64(StatAt + 8) & Right(WASI_PATH_OPEN), 0u);
}

TEST_F(WasiTest, OpenWithAppendFlag) {
  writeHostFile("log", "ab");
  int64_t fd = open("log", 0, Right(WASI_FD_WRITE) | Right(WASI_FD_READ),
                    WASI_FDFLAG_APPEND);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(write(fd, "c"), 1);
  ASSERT_EQ(call("fd_fdstat_get", {fd, StatAt}), 0);
  EXPECT_EQ(wasi_get16(mem() + StatAt + 2), WASI_FDFLAG_APPEND);
  struct stat st;
  ASSERT_EQ(stat(hostPath("log").c_str(), &st), 0);
  EXPECT_EQ(st.st_size, 3);
}

TEST_F(WasiTest, CreateAndRemoveDirectory) {
  EXPECT_EQ(pathCall("path_create_directory", "d"), 0);
  EXPECT_EQ(pathCall("path_create_directory", "d/e/"), 0);
  EXPECT_EQ(pathCall("path_create_directory", "d"), WASI_EEXIST);
  EXPECT_EQ(pathCall("path_create_directory", "no/such"), WASI_ENOENT);
  EXPECT_EQ(pathCall("path_remove_directory", "d"), WASI_ENOTEMPTY);
  EXPECT_EQ(pathCall("path_remove_directory", "d/e"), 0);
  EXPECT_EQ(pathCall("path_remove_directory", "d"), 0);
  EXPECT_FALSE(hostExists("d"));
  writeHostFile("f", "");
  EXPECT_EQ(pathCall("path_remove_directory", "f"), WASI_ENOTDIR);
  EXPECT_EQ(pathCall("path_remove_directory", "gone"), WASI_ENOENT);
  EXPECT_EQ(pathCall("path_remove_directory", "."), WASI_EINVAL);
  EXPECT_EQ(call("path_create_directory", {Preopen, BadPtr, 2}), WASI_EFAULT);
  EXPECT_EQ(pathCall("path_create_directory", "x", 0), WASI_ENOTCAPABLE);
  EXPECT_EQ(pathCall("path_create_directory", "x", 42), WASI_EBADF);
  int64_t file = open("f");
  EXPECT_EQ(pathCall("path_remove_directory", "x", (uint32_t)file),
            WASI_ENOTCAPABLE);
}

TEST_F(WasiTest, UnlinkFile) {
  writeHostFile("f", "x");
  ASSERT_EQ(mkdir(hostPath("d").c_str(), 0777), 0);
  EXPECT_EQ(pathCall("path_unlink_file", "f/"), WASI_ENOTDIR);
  EXPECT_EQ(pathCall("path_unlink_file", "f"), 0);
  EXPECT_FALSE(hostExists("f"));
  EXPECT_EQ(pathCall("path_unlink_file", "f"), WASI_ENOENT);
  EXPECT_EQ(pathCall("path_unlink_file", "d"), WASI_EISDIR);
  EXPECT_EQ(call("path_unlink_file", {Preopen, BadPtr, 1}), WASI_EFAULT);
  ASSERT_EQ(symlink("d", hostPath("l").c_str()), 0);
  EXPECT_EQ(pathCall("path_unlink_file", "l"), 0); // the link, not d
  EXPECT_TRUE(hostExists("d"));
}

TEST_F(WasiTest, Rename) {
  writeHostFile("a", "1");
  put(PathAt, "a");
  put(Path2At, "b");
  ASSERT_EQ(call("path_rename", {Preopen, PathAt, 1, Preopen, Path2At, 1}), 0);
  EXPECT_FALSE(hostExists("a"));
  EXPECT_TRUE(hostExists("b"));
  EXPECT_EQ(call("path_rename", {Preopen, PathAt, 1, Preopen, Path2At, 1}),
            WASI_ENOENT);
  ASSERT_EQ(mkdir(hostPath("d").c_str(), 0777), 0);
  writeHostFile("d/x", "");
  put(PathAt, "d");
  EXPECT_EQ(call("path_rename", {Preopen, Path2At, 1, Preopen, PathAt, 1}),
            WASI_EISDIR);
  EXPECT_EQ(call("path_rename", {Preopen, BadPtr, 1, Preopen, PathAt, 1}),
            WASI_EFAULT);
  EXPECT_EQ(call("path_rename", {Preopen, Path2At, 1, Preopen, BadPtr, 1}),
            WASI_EFAULT);
  EXPECT_EQ(call("path_rename", {Preopen, Path2At, 1, 77, PathAt, 1}),
            WASI_EBADF);
}

TEST_F(WasiTest, HardLink) {
  writeHostFile("a", "1");
  put(PathAt, "a");
  put(Path2At, "b");
  ASSERT_EQ(call("path_link", {Preopen, 0, PathAt, 1, Preopen, Path2At, 1}), 0);
  ASSERT_EQ(statPath("a"), 0);
  EXPECT_EQ(get64(StatAt + 24), 2u);
  EXPECT_EQ(call("path_link", {Preopen, 0, PathAt, 1, Preopen, Path2At, 1}),
            WASI_EEXIST);
  put(PathAt, "z");
  EXPECT_EQ(call("path_link", {Preopen, 0, PathAt, 1, Preopen, Path2At, 1}),
            WASI_ENOENT);
  EXPECT_EQ(call("path_link", {Preopen, 0, BadPtr, 1, Preopen, Path2At, 1}),
            WASI_EFAULT);
  // Following a link as the source links its target.
  ASSERT_EQ(symlink("a", hostPath("sl").c_str()), 0);
  put(PathAt, "sl");
  put(Path2At, "c");
  ASSERT_EQ(call("path_link", {Preopen, 1, PathAt, 2, Preopen, Path2At, 1}), 0);
  ASSERT_EQ(statPath("c", 0), 0);
  EXPECT_EQ(mem()[StatAt + 16], WASI_FILETYPE_REGULAR_FILE);
}

TEST_F(WasiTest, SymlinkAndReadlink) {
  put(PathAt, "target/name");
  put(Path2At, "l");
  ASSERT_EQ(call("path_symlink", {PathAt, 11, Preopen, Path2At, 1}), 0);
  put(Path2At, "l");
  ASSERT_EQ(call("path_readlink", {Preopen, Path2At, 1, BufAt, 100, ResultAt}),
            0);
  EXPECT_EQ(str(BufAt, get32(ResultAt)), "target/name");
  // A short buffer gets the start.
  ASSERT_EQ(call("path_readlink", {Preopen, Path2At, 1, BufAt, 4, ResultAt}),
            0);
  EXPECT_EQ(get32(ResultAt), 4u);
  EXPECT_EQ(call("path_symlink", {PathAt, 11, Preopen, Path2At, 1}),
            WASI_EEXIST);
  writeHostFile("f", "");
  put(Path2At, "f");
  EXPECT_EQ(call("path_readlink", {Preopen, Path2At, 1, BufAt, 100, ResultAt}),
            WASI_EINVAL);
  EXPECT_EQ(call("path_readlink", {Preopen, Path2At, 1, BadPtr, 10, ResultAt}),
            WASI_EFAULT);
  EXPECT_EQ(call("path_readlink", {Preopen, Path2At, 1, BufAt, 10, BadPtr}),
            WASI_EFAULT);
  EXPECT_EQ(call("path_symlink", {BadPtr, 3, Preopen, Path2At, 1}),
            WASI_EFAULT);
  put(Path2At, "missing/l");
  EXPECT_EQ(call("path_symlink", {PathAt, 3, Preopen, Path2At, 9}),
            WASI_ENOENT);
}

TEST_F(WasiTest, PathFilestatFollowsOnRequest) {
  writeHostFile("f", "12345");
  ASSERT_EQ(symlink("f", hostPath("l").c_str()), 0);
  ASSERT_EQ(statPath("l", 1), 0);
  EXPECT_EQ(mem()[StatAt + 16], WASI_FILETYPE_REGULAR_FILE);
  EXPECT_EQ(get64(StatAt + 32), 5u);
  ASSERT_EQ(statPath("l", 0), 0);
  EXPECT_EQ(mem()[StatAt + 16], WASI_FILETYPE_SYMBOLIC_LINK);
  ASSERT_EQ(statPath("."), 0);
  EXPECT_EQ(mem()[StatAt + 16], WASI_FILETYPE_DIRECTORY);
  EXPECT_EQ(statPath("nope"), WASI_ENOENT);
  put(PathAt, "f");
  EXPECT_EQ(call("path_filestat_get", {Preopen, 1, PathAt, 1, BadPtr}),
            WASI_EFAULT);
}

TEST_F(WasiTest, PathFilestatSetTimes) {
  writeHostFile("f", "");
  ASSERT_EQ(symlink("f", hostPath("l").c_str()), 0);
  put(PathAt, "l");
  ASSERT_EQ(
      call("path_filestat_set_times",
           {Preopen, 1, PathAt, 1, 0, 1000000000ll * 11, WASI_FSTFLAG_MTIM}),
      0);
  struct stat st;
  ASSERT_EQ(stat(hostPath("f").c_str(), &st), 0);
  EXPECT_EQ(st.st_mtime, 11);
  EXPECT_EQ(call("path_filestat_set_times",
                 {Preopen, 1, PathAt, 1, 0, 0,
                  WASI_FSTFLAG_ATIM | WASI_FSTFLAG_ATIM_NOW}),
            WASI_EINVAL);
  put(PathAt, "x");
  EXPECT_EQ(call("path_filestat_set_times",
                 {Preopen, 1, PathAt, 1, 0, 0, WASI_FSTFLAG_MTIM_NOW}),
            WASI_ENOENT);
  EXPECT_EQ(call("path_filestat_set_times", {Preopen, 1, BadPtr, 1, 0, 0, 0}),
            WASI_EFAULT);
}

// The sandbox, with openat2 (param false) and with the walk (true).
class WasiSandboxTest : public WasiTest,
                        public ::testing::WithParamInterface<bool> {
protected:
  void SetUp() override {
    WasiTest::SetUp();
    if (GetParam())
      Wasi->use_openat2 = 0;
    // Outside the sandbox: a sibling directory with a file.
    Outside = Dir + "-outside";
    ASSERT_EQ(mkdir(Outside.c_str(), 0777), 0);
    int fd = ::open((Outside + "/secret").c_str(), O_CREAT | O_WRONLY, 0644);
    ::close(fd);
    ASSERT_EQ(mkdir(hostPath("sub").c_str(), 0777), 0);
    writeHostFile("sub/inner", "inside");
  }
  void TearDown() override {
    std::string cmd = "rm -rf '" + Outside + "'";
    EXPECT_EQ(system(cmd.c_str()), 0);
    WasiTest::TearDown();
  }
  std::string Outside;
};

TEST_P(WasiSandboxTest, DotDotCannotLeave) {
  std::string name = Outside.substr(Outside.rfind('/') + 1);
  EXPECT_EQ(open("../" + name + "/secret"), -WASI_ENOTCAPABLE);
  EXPECT_EQ(open(".."), -WASI_ENOTCAPABLE);
  EXPECT_EQ(open("sub/../../" + name + "/secret"), -WASI_ENOTCAPABLE);
  EXPECT_EQ(pathCall("path_create_directory", "../escaped"), WASI_ENOTCAPABLE);
  EXPECT_EQ(pathCall("path_unlink_file", "../" + name + "/secret"),
            WASI_ENOTCAPABLE);
  EXPECT_EQ(statPath("sub/../.."), WASI_ENOTCAPABLE);
  // ".." that stays inside is fine.
  int64_t fd = open("sub/../sub/inner");
  ASSERT_GE(fd, 0);
  EXPECT_EQ(read(fd, 10), "inside");
  EXPECT_EQ(statPath("sub/.."), 0);
}

TEST_P(WasiSandboxTest, AbsolutePathsCannotLeave) {
  EXPECT_EQ(open(Outside + "/secret"), -WASI_ENOTCAPABLE);
  EXPECT_EQ(open("/"), -WASI_ENOTCAPABLE);
  EXPECT_EQ(statPath("/etc/passwd"), WASI_ENOTCAPABLE);
  EXPECT_EQ(pathCall("path_remove_directory", "/tmp"), WASI_ENOTCAPABLE);
}

TEST_P(WasiSandboxTest, SymlinksCannotLeave) {
  ASSERT_EQ(symlink(Outside.c_str(), hostPath("abs").c_str()), 0);
  ASSERT_EQ(symlink("..", hostPath("up").c_str()), 0);
  ASSERT_EQ(symlink("../..", hostPath("sub/upup").c_str()), 0);
  ASSERT_EQ(symlink((Outside + "/secret").c_str(), hostPath("file").c_str()),
            0);
  EXPECT_EQ(open("abs/secret"), -WASI_ENOTCAPABLE);
  EXPECT_EQ(open("file"), -WASI_ENOTCAPABLE);
  EXPECT_EQ(open("up/x", WASI_OFLAG_CREAT), -WASI_ENOTCAPABLE);
  EXPECT_EQ(open("sub/upup"), -WASI_ENOTCAPABLE);
  EXPECT_EQ(statPath("file", 1), WASI_ENOTCAPABLE);
  EXPECT_EQ(statPath("abs/", 0), WASI_ENOTCAPABLE); // "/" follows
  EXPECT_EQ(pathCall("path_create_directory", "up/made"), WASI_ENOTCAPABLE);
  put(PathAt, "file");
  put(Path2At, "hard");
  EXPECT_EQ(call("path_link", {Preopen, 1, PathAt, 4, Preopen, Path2At, 4}),
            WASI_ENOTCAPABLE);
  // Not following: the link itself, which is inside.
  EXPECT_EQ(statPath("file", 0), 0);
  EXPECT_EQ(open("file", 0, WASI_RIGHTS_ALL, 0, 0), -WASI_ELOOP);
  EXPECT_FALSE(
      hostExists("../" + Outside.substr(Outside.rfind('/') + 1) + "/made"));
  // Nothing outside changed.
  struct stat st;
  EXPECT_NE(stat((Outside + "/x").c_str(), &st), 0);
  EXPECT_NE(stat((Outside + "/made").c_str(), &st), 0);
}

TEST_P(WasiSandboxTest, SymlinksInsideWork) {
  ASSERT_EQ(symlink("sub", hostPath("s").c_str()), 0);
  ASSERT_EQ(symlink("../sub/inner", hostPath("sub/again").c_str()), 0);
  ASSERT_EQ(symlink("s/again", hostPath("chain").c_str()), 0);
  int64_t fd = open("s/inner");
  ASSERT_GE(fd, 0);
  EXPECT_EQ(read(fd, 10), "inside");
  fd = open("chain");
  ASSERT_GE(fd, 0);
  EXPECT_EQ(read(fd, 10), "inside");
  EXPECT_EQ(statPath("s/again", 1), 0);
  EXPECT_EQ(get64(StatAt + 32), 6u);
  EXPECT_EQ(pathCall("path_create_directory", "s/made"), 0);
  EXPECT_TRUE(hostExists("sub/made"));
}

TEST_P(WasiSandboxTest, SymlinkLoopsEndInEloop) {
  ASSERT_EQ(symlink("loop2", hostPath("loop1").c_str()), 0);
  ASSERT_EQ(symlink("loop1", hostPath("loop2").c_str()), 0);
  EXPECT_EQ(open("loop1"), -WASI_ELOOP);
  EXPECT_EQ(open("loop1/x"), -WASI_ELOOP);
  EXPECT_EQ(statPath("loop1", 1), WASI_ELOOP);
}

INSTANTIATE_TEST_SUITE_P(Resolution, WasiSandboxTest,
                         ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool> &info) {
                           return info.param ? "Walk" : "Openat2";
                         });

} // namespace
