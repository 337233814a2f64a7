// WasiProcessTest.cpp - WASI: binding, arguments, environment, clocks,
// randomness, exit and signals, and the object's configuration.

#include "WasiTestUtil.h"

#include <ctime>
#include <set>

using namespace wasmaot::test;

namespace {

// An import of wasi_snapshot_preview1 with a type spelled as 'i'/'I'.
struct FakeImport {
  std::vector<uint8_t> params, results;
  wasmaot_import_info info;
  FakeImport(const char *module, const char *name, const char *p, const char *r,
             uint32_t kind = WASMAOT_EXTERN_FUNC) {
    for (const char *c = p; *c; ++c)
      params.push_back(*c == 'I' ? WASMAOT_I64 : WASMAOT_I32);
    for (const char *c = r; *c; ++c)
      results.push_back(*c == 'I' ? WASMAOT_I64 : WASMAOT_I32);
    memset(&info, 0, sizeof info);
    info.module = module;
    info.module_len = strlen(module);
    info.name = name;
    info.name_len = strlen(name);
    info.type.kind = kind;
    info.type.of.func.params = params.data();
    info.type.of.func.num_params = (uint32_t)params.size();
    info.type.of.func.results = results.data();
    info.type.of.func.num_results = (uint32_t)results.size();
  }
};

std::string resolveError(wasmaot_wasi *w, const FakeImport &import) {
  wasmaot_extern out;
  char *error = nullptr;
  int rc = wasmaot_wasi_resolve(w, &import.info, &out, &error);
  std::string message = rc ? (error ? error : "(null)") : "";
  wasmaot_error_free(error);
  return message;
}

TEST_F(WasiTest, ResolvesAll46FunctionsWithTheirTypes) {
#define CHECK_ONE(name, params, results)                                       \
  {                                                                            \
    FakeImport import(WASMAOT_WASI_MODULE, #name, params, results);            \
    wasmaot_extern out;                                                        \
    EXPECT_EQ(wasmaot_wasi_resolve(Wasi, &import.info, &out, nullptr), 0)      \
        << #name;                                                              \
    EXPECT_EQ(out.kind, (uint32_t)WASMAOT_EXTERN_HOST_FUNC);                   \
    EXPECT_EQ(out.of.host_func.env, Wasi);                                     \
    EXPECT_EQ(out.of.host_func.num_params, strlen(params));                    \
    ++count;                                                                   \
  }
  int count = 0;
  WASI_FUNCTIONS(CHECK_ONE)
#undef CHECK_ONE
  EXPECT_EQ(count, 46);
}

TEST_F(WasiTest, ResolveRejectsWrongTypesNamesModulesAndKinds) {
  EXPECT_NE(resolveError(
                Wasi, FakeImport(WASMAOT_WASI_MODULE, "fd_write", "iiii", "I"))
                .find("another type than WASI's (i32 i32 i32 i32) -> (i32)"),
            std::string::npos);
  EXPECT_NE(resolveError(
                Wasi, FakeImport(WASMAOT_WASI_MODULE, "fd_seek", "iiii", "i")),
            "");
  EXPECT_NE(resolveError(
                Wasi, FakeImport(WASMAOT_WASI_MODULE, "fd_wrote", "iiii", "i"))
                .find("unknown function"),
            std::string::npos);
  EXPECT_NE(resolveError(Wasi, FakeImport("env", "fd_write", "iiii", "i"))
                .find("not the WASI module"),
            std::string::npos);
  EXPECT_NE(resolveError(Wasi, FakeImport(WASMAOT_WASI_MODULE, "fd_write",
                                          "iiii", "i", WASMAOT_EXTERN_GLOBAL)),
            "");
}

TEST_F(WasiTest, ArgsAndSizes) {
  wasmaot_wasi *w = create({"prog", "one", ""}, {});
  ASSERT_EQ(call("args_sizes_get", {ResultAt, ResultAt + 4}, w), 0);
  EXPECT_EQ(get32(ResultAt), 3u);
  EXPECT_EQ(get32(ResultAt + 4), 10u);
  ASSERT_EQ(call("args_get", {ResultAt, BufAt}, w), 0);
  EXPECT_EQ(get32(ResultAt), BufAt);
  EXPECT_EQ(str(get32(ResultAt), 5), std::string("prog\0", 5));
  EXPECT_EQ(str(get32(ResultAt + 4), 4), std::string("one\0", 4));
  EXPECT_EQ(get32(ResultAt + 8), BufAt + 9);
  EXPECT_EQ(call("args_get", {BadPtr, BufAt}, w), WASI_EFAULT);
  EXPECT_EQ(call("args_get", {ResultAt, 65536 - 5}, w), WASI_EFAULT);
  EXPECT_EQ(call("args_sizes_get", {ResultAt, BadPtr}, w), WASI_EFAULT);
  wasmaot_wasi_delete(w);
}

TEST_F(WasiTest, EnvironmentAndSizes) {
  wasmaot_wasi *w = create({}, {"A=1", "EMPTY="});
  ASSERT_EQ(call("environ_sizes_get", {ResultAt, ResultAt + 4}, w), 0);
  EXPECT_EQ(get32(ResultAt), 2u);
  EXPECT_EQ(get32(ResultAt + 4), 11u);
  ASSERT_EQ(call("environ_get", {ResultAt, BufAt}, w), 0);
  EXPECT_EQ(str(get32(ResultAt), 4), std::string("A=1\0", 4));
  EXPECT_EQ(str(get32(ResultAt + 4), 7), std::string("EMPTY=\0", 7));
  EXPECT_EQ(call("environ_get", {ResultAt, BadPtr}, w), WASI_EFAULT);
  EXPECT_EQ(call("environ_sizes_get", {BadPtr, ResultAt}, w), WASI_EFAULT);
  wasmaot_wasi_delete(w);
  // No arguments, no environment: zero counts.
  ASSERT_EQ(call("environ_sizes_get", {ResultAt, ResultAt + 4}), 0);
  EXPECT_EQ(get32(ResultAt), 0u);
}

TEST_F(WasiTest, ConfigurationErrors) {
  wasmaot_wasi_config config;
  wasmaot_wasi_config_init(&config);
  const char *env[] = {"NOEQUALS"};
  config.env = env;
  config.num_env = 1;
  char *error = nullptr;
  EXPECT_EQ(wasmaot_wasi_new(&config, &error), nullptr);
  EXPECT_NE(std::string(error).find("has no '='"), std::string::npos);
  wasmaot_error_free(error);
  wasmaot_wasi_config_init(&config);
  wasmaot_wasi_preopen pre = {"/nonexistent/dir", "."};
  config.preopens = &pre;
  config.num_preopens = 1;
  EXPECT_EQ(wasmaot_wasi_new(&config, &error), nullptr);
  EXPECT_NE(std::string(error).find("cannot open directory"),
            std::string::npos);
  wasmaot_error_free(error);
  EXPECT_EQ(wasmaot_wasi_new(nullptr, nullptr), nullptr);
  wasmaot_wasi_delete(nullptr);
}

TEST_F(WasiTest, ClosedStdioKeepsNumbering) {
  wasmaot_wasi_preopen pre = {Dir.c_str(), "/sandbox"};
  wasmaot_wasi_config config;
  wasmaot_wasi_config_init(&config);
  config.stdin_fd = -1;
  config.preopens = &pre;
  config.num_preopens = 1;
  wasmaot_wasi *w = wasmaot_wasi_new(&config, nullptr);
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(call("fd_fdstat_get", {0, StatAt}, w), WASI_EBADF);
  ASSERT_EQ(call("fd_prestat_get", {3, StatAt}, w), 0);
  EXPECT_EQ(get32(StatAt + 4), 8u);
  wasmaot_wasi_delete(w);
}

TEST_F(WasiTest, Clocks) {
  for (uint32_t id : {0u, 1u, 2u, 3u}) {
    ASSERT_EQ(call("clock_res_get", {id, ResultAt}), 0) << id;
    EXPECT_GT(get64(ResultAt), 0u);
    ASSERT_EQ(call("clock_time_get", {id, 1, ResultAt}), 0) << id;
  }
  ASSERT_EQ(call("clock_time_get", {0, 0, ResultAt}), 0);
  uint64_t now = (uint64_t)time(nullptr) * 1000000000ull;
  EXPECT_NEAR((double)get64(ResultAt), (double)now, 5e9);
  ASSERT_EQ(call("clock_time_get", {1, 0, ResultAt}), 0);
  uint64_t first = get64(ResultAt);
  ASSERT_EQ(call("clock_time_get", {1, 0, ResultAt}), 0);
  EXPECT_GE(get64(ResultAt), first);
  EXPECT_EQ(call("clock_time_get", {4, 0, ResultAt}), WASI_EINVAL);
  EXPECT_EQ(call("clock_res_get", {99, ResultAt}), WASI_EINVAL);
  EXPECT_EQ(call("clock_time_get", {1, 0, BadPtr}), WASI_EFAULT);
  EXPECT_EQ(call("clock_res_get", {1, 65536 - 4}), WASI_EFAULT);
}

TEST_F(WasiTest, RandomGet) {
  memset(mem() + BufAt, 0, 256);
  ASSERT_EQ(call("random_get", {BufAt, 256}), 0);
  std::set<uint8_t> distinct(mem() + BufAt, mem() + BufAt + 256);
  EXPECT_GT(distinct.size(), 100u);
  EXPECT_EQ(call("random_get", {BufAt, 0}), 0);
  EXPECT_EQ(call("random_get", {65536 - 8, 9}), WASI_EFAULT);
  EXPECT_EQ(call("random_get", {BadPtr, 1}), WASI_EFAULT);
}

TEST_F(WasiTest, SchedYield) { EXPECT_EQ(call("sched_yield", {}), 0); }

TEST_F(WasiTest, ProcExitTrapsWithTheCode) {
  uint32_t code = 99;
  EXPECT_EQ(wasmaot_wasi_exit_code(Wasi, &code), 0);
  EXPECT_EQ(call("proc_exit", {42}), WASMAOT_TRAP_EXIT);
  EXPECT_EQ(wasmaot_wasi_exit_code(Wasi, &code), 1);
  EXPECT_EQ(code, 42u);
}

TEST_F(WasiTest, ProcRaise) {
  uint32_t code;
  EXPECT_EQ(call("proc_raise", {0}), 0);  // none
  EXPECT_EQ(call("proc_raise", {16}), 0); // chld: ignored
  EXPECT_EQ(call("proc_raise", {27}), 0); // winch: ignored
  EXPECT_EQ(wasmaot_wasi_exit_code(Wasi, &code), 0);
  EXPECT_EQ(call("proc_raise", {31}), WASI_EINVAL);
  EXPECT_EQ(call("proc_raise", {-1}), WASI_EINVAL);
  EXPECT_EQ(call("proc_raise", {15}), WASMAOT_TRAP_EXIT); // term
  EXPECT_EQ(wasmaot_wasi_exit_code(Wasi, &code), 1);
  EXPECT_EQ(code, 128u + 15u);
}

TEST_F(WasiTest, NoMemoryIsEfault) {
  TestContext none(nullptr);
  const wasi_function *f = wasi_function_find("args_sizes_get", 14);
  wasmaot_val args[2], result;
  args[0].i32 = 0;
  args[1].i32 = 4;
  ASSERT_EQ(f->callback(Wasi, &none.ctx, args, &result), 0);
  EXPECT_EQ(result.i32, WASI_EFAULT);
}

TEST_F(WasiTest, ObjectsHaveSeparateDescriptorTables) {
  wasmaot_wasi *other = create({}, {});
  int64_t fd = open("mine", WASI_OFLAG_CREAT);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(call("fd_fdstat_get", {fd, StatAt}), 0);
  EXPECT_EQ(call("fd_fdstat_get", {fd, StatAt}, other), WASI_EBADF);
  EXPECT_EQ(call("fd_close", {Preopen}, other), 0);
  EXPECT_EQ(call("fd_prestat_get", {Preopen, StatAt}), 0);
  wasmaot_wasi_delete(other);
}

} // namespace
