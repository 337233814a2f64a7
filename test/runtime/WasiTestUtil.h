// WasiTestUtil.h - A fixture that calls the WASI host functions directly.
//
// The guest is faked: a real one-page memory behind a context (as generated
// code would have), strings and records placed in it by the test. Each test
// gets a fresh temporary directory preopened as fd 3 ("."), stdin and
// stdout as pipes the test holds the other ends of, and a wasi object.

#ifndef WASMAOT_TEST_RUNTIME_WASI_TEST_UTIL_H
#define WASMAOT_TEST_RUNTIME_WASI_TEST_UTIL_H

#include "RuntimeTestUtil.h"
#include "wasi/WasiInternal.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

namespace wasmaot::test {

// An address no one-page memory contains.
constexpr uint32_t BadPtr = 0xFFFFFFF0u;
constexpr uint32_t Preopen = 3;

class WasiTest : public ::testing::Test {
public: // helpers shared with free functions of the tests
  void SetUp() override {
    char tmpl[] = "/tmp/wasmaot-wasi-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    Dir = tmpl;
    ASSERT_EQ(pipe(In), 0);
    ASSERT_EQ(pipe(Out), 0);
    char *error = nullptr;
    Memory = wasmaot_memory_new(1, 1, 0, &error);
    ASSERT_NE(Memory, nullptr) << error;
    Ctx = new TestContext(Memory);
    Wasi = create({}, {});
    ASSERT_NE(Wasi, nullptr);
  }

  void TearDown() override {
    wasmaot_wasi_delete(Wasi);
    delete Ctx;
    wasmaot_memory_delete(Memory);
    for (int fd : {In[0], In[1], Out[0], Out[1]})
      close(fd);
    std::string cmd = "rm -rf '" + Dir + "'";
    EXPECT_EQ(system(cmd.c_str()), 0);
  }

  // A wasi object over this test's directory and pipes.
  wasmaot_wasi *create(std::vector<const char *> args,
                       std::vector<const char *> env,
                       std::vector<int> sockets = {}) {
    wasmaot_wasi_preopen pre = {Dir.c_str(), "."};
    wasmaot_wasi_config config;
    wasmaot_wasi_config_init(&config);
    config.args = args.data();
    config.num_args = args.size();
    config.env = env.data();
    config.num_env = env.size();
    config.preopens = &pre;
    config.num_preopens = 1;
    config.stdin_fd = In[0];
    config.stdout_fd = Out[1];
    config.sockets = sockets.data();
    config.num_sockets = sockets.size();
    char *error = nullptr;
    wasmaot_wasi *w = wasmaot_wasi_new(&config, &error);
    EXPECT_NE(w, nullptr) << (error ? error : "");
    wasmaot_error_free(error);
    return w;
  }

  // Calls a WASI function with integer arguments (typed by its signature):
  // its errno, or for proc_exit the trap code.
  int32_t call(const char *name, std::vector<int64_t> args,
               wasmaot_wasi *w = nullptr) {
    const wasi_function *f = wasi_function_find(name, strlen(name));
    EXPECT_NE(f, nullptr) << name;
    if (!f)
      return -1;
    EXPECT_EQ(strlen(f->params), args.size()) << name;
    std::vector<wasmaot_val> vals(args.size() + 1);
    for (size_t i = 0; i < args.size(); ++i) {
      memset(&vals[i], 0, sizeof vals[i]);
      if (f->params[i] == 'I')
        vals[i].i64 = args[i];
      else
        vals[i].i32 = (int32_t)args[i];
    }
    wasmaot_val result;
    result.i32 = -1;
    int32_t trap = f->callback(w ? w : Wasi, &Ctx->ctx, vals.data(), &result);
    return trap ? trap : result.i32;
  }

  uint8_t *mem() { return Memory->base; }
  // Places bytes at addr; returns addr.
  uint32_t put(uint32_t addr, const std::string &bytes) {
    memcpy(mem() + addr, bytes.data(), bytes.size());
    return addr;
  }
  uint32_t get32(uint32_t addr) { return wasi_get32(mem() + addr); }
  uint64_t get64(uint32_t addr) { return wasi_get64(mem() + addr); }
  std::string str(uint32_t addr, size_t len) {
    return std::string((const char *)mem() + addr, len);
  }

  // Guest addresses the tests use.
  static constexpr uint32_t PathAt = 1024;  // a path
  static constexpr uint32_t Path2At = 2048; // a second path
  static constexpr uint32_t ResultAt = 512; // results
  static constexpr uint32_t IovAt = 256;    // iovecs
  static constexpr uint32_t BufAt = 8192;   // data buffers
  static constexpr uint32_t StatAt = 4096;  // records

  // path_open of path beneath dir: the new fd, or -errno.
  int64_t open(const std::string &path, uint32_t oflags = 0,
               uint64_t rights = WASI_RIGHTS_ALL, uint32_t fdflags = 0,
               uint32_t lookup = WASI_LOOKUP_SYMLINK_FOLLOW,
               uint32_t dir = Preopen) {
    put(PathAt, path);
    // Directories hand down every right but the socket ones.
    if (rights == WASI_RIGHTS_ALL)
      rights &=
          ~(WASI_RIGHT(WASI_SOCK_SHUTDOWN) | WASI_RIGHT(WASI_SOCK_ACCEPT));
    // Directories open for reading only (as open(2) wants).
    if (rights == (WASI_RIGHTS_ALL & ~(WASI_RIGHT(WASI_SOCK_SHUTDOWN) |
                                       WASI_RIGHT(WASI_SOCK_ACCEPT))) &&
        (oflags & WASI_OFLAG_DIRECTORY))
      rights &= ~(WASI_RIGHT(WASI_FD_WRITE) | WASI_RIGHT(WASI_FD_ALLOCATE) |
                  WASI_RIGHT(WASI_FD_FILESTAT_SET_SIZE));
    uint64_t inheriting = rights;
    int32_t e = call("path_open",
                     {dir, lookup, PathAt, (int64_t)path.size(), oflags,
                      (int64_t)rights, (int64_t)inheriting, fdflags, ResultAt});
    return e ? -(int64_t)e : (int64_t)get32(ResultAt);
  }

  // fd_write / fd_read of one buffer: the count, or -errno.
  int64_t write(uint32_t fd, const std::string &data) {
    put(BufAt, data);
    wasi_put32(mem() + IovAt, BufAt);
    wasi_put32(mem() + IovAt + 4, (uint32_t)data.size());
    int32_t e = call("fd_write", {fd, IovAt, 1, ResultAt});
    return e ? -(int64_t)e : (int64_t)get32(ResultAt);
  }
  std::string read(uint32_t fd, uint32_t len, int32_t *err = nullptr) {
    wasi_put32(mem() + IovAt, BufAt);
    wasi_put32(mem() + IovAt + 4, len);
    int32_t e = call("fd_read", {fd, IovAt, 1, ResultAt});
    if (err)
      *err = e;
    return e ? "" : str(BufAt, get32(ResultAt));
  }

  // Calls a path function of the form f(fd, path, path_len).
  int32_t pathCall(const char *name, const std::string &path,
                   uint32_t dir = Preopen) {
    put(PathAt, path);
    return call(name, {dir, PathAt, (int64_t)path.size()});
  }

  // path_filestat_get: errno; the record at StatAt.
  int32_t statPath(const std::string &path, uint32_t lookup = 1) {
    put(PathAt, path);
    return call("path_filestat_get",
                {Preopen, lookup, PathAt, (int64_t)path.size(), StatAt});
  }

  std::string hostPath(const std::string &rel) { return Dir + "/" + rel; }
  void writeHostFile(const std::string &rel, const std::string &data) {
    int fd = ::open(hostPath(rel).c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::write(fd, data.data(), data.size()), (ssize_t)data.size());
    ::close(fd);
  }
  bool hostExists(const std::string &rel) {
    struct stat st;
    return lstat(hostPath(rel).c_str(), &st) == 0;
  }

  std::string Dir;
  int In[2] = {-1, -1};
  int Out[2] = {-1, -1};
  wasmaot_memory *Memory = nullptr;
  TestContext *Ctx = nullptr;
  wasmaot_wasi *Wasi = nullptr;
};

} // namespace wasmaot::test

#endif
