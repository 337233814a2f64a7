/*===- WasiInternal.h - Shared internals of the WASI implementation -*- C
 *-*-===*
 *
 * The wasi_snapshot_preview1 constants (from the witx spec), the object and
 * its descriptor table, guest memory access, and the host functions. Every
 * host function has the wasmaot_host_callback shape: env is the
 * wasmaot_wasi, the guest memory is the caller's memory 0, and the WASI
 * errno is results[0].i32 (the callback itself returns 0, or a trap code).
 *
 *===----------------------------------------------------------------------===*/

#ifndef WASMAOT_RUNTIME_WASI_INTERNAL_H
#define WASMAOT_RUNTIME_WASI_INTERNAL_H

#include "wasmaot/wasi.h"

#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- errno ---- */
enum {
  WASI_ESUCCESS = 0,
  WASI_E2BIG = 1,
  WASI_EACCES = 2,
  WASI_EADDRINUSE = 3,
  WASI_EADDRNOTAVAIL = 4,
  WASI_EAFNOSUPPORT = 5,
  WASI_EAGAIN = 6,
  WASI_EALREADY = 7,
  WASI_EBADF = 8,
  WASI_EBADMSG = 9,
  WASI_EBUSY = 10,
  WASI_ECANCELED = 11,
  WASI_ECHILD = 12,
  WASI_ECONNABORTED = 13,
  WASI_ECONNREFUSED = 14,
  WASI_ECONNRESET = 15,
  WASI_EDEADLK = 16,
  WASI_EDESTADDRREQ = 17,
  WASI_EDOM = 18,
  WASI_EDQUOT = 19,
  WASI_EEXIST = 20,
  WASI_EFAULT = 21,
  WASI_EFBIG = 22,
  WASI_EHOSTUNREACH = 23,
  WASI_EIDRM = 24,
  WASI_EILSEQ = 25,
  WASI_EINPROGRESS = 26,
  WASI_EINTR = 27,
  WASI_EINVAL = 28,
  WASI_EIO = 29,
  WASI_EISCONN = 30,
  WASI_EISDIR = 31,
  WASI_ELOOP = 32,
  WASI_EMFILE = 33,
  WASI_EMLINK = 34,
  WASI_EMSGSIZE = 35,
  WASI_EMULTIHOP = 36,
  WASI_ENAMETOOLONG = 37,
  WASI_ENETDOWN = 38,
  WASI_ENETRESET = 39,
  WASI_ENETUNREACH = 40,
  WASI_ENFILE = 41,
  WASI_ENOBUFS = 42,
  WASI_ENODEV = 43,
  WASI_ENOENT = 44,
  WASI_ENOEXEC = 45,
  WASI_ENOLCK = 46,
  WASI_ENOLINK = 47,
  WASI_ENOMEM = 48,
  WASI_ENOMSG = 49,
  WASI_ENOPROTOOPT = 50,
  WASI_ENOSPC = 51,
  WASI_ENOSYS = 52,
  WASI_ENOTCONN = 53,
  WASI_ENOTDIR = 54,
  WASI_ENOTEMPTY = 55,
  WASI_ENOTRECOVERABLE = 56,
  WASI_ENOTSOCK = 57,
  WASI_ENOTSUP = 58,
  WASI_ENOTTY = 59,
  WASI_ENXIO = 60,
  WASI_EOVERFLOW = 61,
  WASI_EOWNERDEAD = 62,
  WASI_EPERM = 63,
  WASI_EPIPE = 64,
  WASI_EPROTO = 65,
  WASI_EPROTONOSUPPORT = 66,
  WASI_EPROTOTYPE = 67,
  WASI_ERANGE = 68,
  WASI_EROFS = 69,
  WASI_ESPIPE = 70,
  WASI_ESRCH = 71,
  WASI_ESTALE = 72,
  WASI_ETIMEDOUT = 73,
  WASI_ETXTBSY = 74,
  WASI_EXDEV = 75,
  WASI_ENOTCAPABLE = 76
};

/* ---- rights ---- */
#define WASI_RIGHT(n) ((uint64_t)1 << (n))
enum {
  WASI_FD_DATASYNC = 0,
  WASI_FD_READ = 1,
  WASI_FD_SEEK = 2,
  WASI_FD_FDSTAT_SET_FLAGS = 3,
  WASI_FD_SYNC = 4,
  WASI_FD_TELL = 5,
  WASI_FD_WRITE = 6,
  WASI_FD_ADVISE = 7,
  WASI_FD_ALLOCATE = 8,
  WASI_PATH_CREATE_DIRECTORY = 9,
  WASI_PATH_CREATE_FILE = 10,
  WASI_PATH_LINK_SOURCE = 11,
  WASI_PATH_LINK_TARGET = 12,
  WASI_PATH_OPEN = 13,
  WASI_FD_READDIR = 14,
  WASI_PATH_READLINK = 15,
  WASI_PATH_RENAME_SOURCE = 16,
  WASI_PATH_RENAME_TARGET = 17,
  WASI_PATH_FILESTAT_GET = 18,
  WASI_PATH_FILESTAT_SET_SIZE = 19,
  WASI_PATH_FILESTAT_SET_TIMES = 20,
  WASI_FD_FILESTAT_GET = 21,
  WASI_FD_FILESTAT_SET_SIZE = 22,
  WASI_FD_FILESTAT_SET_TIMES = 23,
  WASI_PATH_SYMLINK = 24,
  WASI_PATH_REMOVE_DIRECTORY = 25,
  WASI_PATH_UNLINK_FILE = 26,
  WASI_POLL_FD_READWRITE = 27,
  WASI_SOCK_SHUTDOWN = 28,
  WASI_SOCK_ACCEPT = 29
};
#define WASI_RIGHTS_ALL (WASI_RIGHT(30) - 1)

/* ---- types ---- */
enum {
  WASI_FILETYPE_UNKNOWN = 0,
  WASI_FILETYPE_BLOCK_DEVICE = 1,
  WASI_FILETYPE_CHARACTER_DEVICE = 2,
  WASI_FILETYPE_DIRECTORY = 3,
  WASI_FILETYPE_REGULAR_FILE = 4,
  WASI_FILETYPE_SOCKET_DGRAM = 5,
  WASI_FILETYPE_SOCKET_STREAM = 6,
  WASI_FILETYPE_SYMBOLIC_LINK = 7
};
enum {
  WASI_FDFLAG_APPEND = 1,
  WASI_FDFLAG_DSYNC = 2,
  WASI_FDFLAG_NONBLOCK = 4,
  WASI_FDFLAG_RSYNC = 8,
  WASI_FDFLAG_SYNC = 16
};
enum {
  WASI_OFLAG_CREAT = 1,
  WASI_OFLAG_DIRECTORY = 2,
  WASI_OFLAG_EXCL = 4,
  WASI_OFLAG_TRUNC = 8
};
enum { WASI_LOOKUP_SYMLINK_FOLLOW = 1 };
enum {
  WASI_FSTFLAG_ATIM = 1,
  WASI_FSTFLAG_ATIM_NOW = 2,
  WASI_FSTFLAG_MTIM = 4,
  WASI_FSTFLAG_MTIM_NOW = 8
};
enum {
  WASI_CLOCK_REALTIME = 0,
  WASI_CLOCK_MONOTONIC = 1,
  WASI_CLOCK_PROCESS_CPUTIME = 2,
  WASI_CLOCK_THREAD_CPUTIME = 3
};
enum { WASI_EVENT_CLOCK = 0, WASI_EVENT_FD_READ = 1, WASI_EVENT_FD_WRITE = 2 };

/* Layouts (wasm32): sizes of the records the host reads and writes. */
enum {
  WASI_IOVEC_SIZE = 8,
  WASI_FDSTAT_SIZE = 24,
  WASI_FILESTAT_SIZE = 64,
  WASI_PRESTAT_SIZE = 8,
  WASI_DIRENT_SIZE = 24,
  WASI_SUBSCRIPTION_SIZE = 48,
  WASI_EVENT_SIZE = 32
};

/* ---- the object ---- */

enum { WASI_KIND_FILE = 0, WASI_KIND_PREOPEN = 1, WASI_KIND_SOCKET = 2 };

typedef struct wasi_fd {
  int host; /* -1: a free slot */
  uint8_t filetype;
  uint8_t kind; /* WASI_KIND_* */
  uint64_t rights_base;
  uint64_t rights_inheriting;
  char *preopen_name; /* WASI_KIND_PREOPEN only */
} wasi_fd;

struct wasmaot_wasi {
  char **args;
  size_t num_args;
  size_t args_bytes; /* all strings with their NULs */
  char **env;
  size_t num_env;
  size_t env_bytes;
  wasi_fd *fds;
  uint32_t num_fds; /* slots */
  int exited;
  uint32_t exit_code;
  /* 0 once openat2 turned out missing (ENOSYS): the walk serves instead.
   * Tests clear it to exercise the walk. */
  int use_openat2;
};

/* ---- guest memory ---- */

/* The caller's memory 0 as a byte range (size 0 when it has none). */
typedef struct wasi_mem {
  uint8_t *base;
  uint64_t size;
} wasi_mem;

static inline wasi_mem wasi_memory(const wasmaot_context *caller) {
  wasi_mem m = {NULL, 0};
  if (caller && caller->memories && caller->memories[0]) {
    m.base = caller->memories[0]->base;
    m.size = caller->memories[0]->size;
  }
  return m;
}

/* [ptr, ptr + len) in guest memory, or NULL when it is not all inside. */
static inline uint8_t *wasi_ptr(wasi_mem m, uint32_t ptr, uint64_t len) {
  if (!m.base || (uint64_t)ptr > m.size || len > m.size - ptr)
    return NULL;
  return m.base + ptr;
}

/* Little-endian stores and loads at unaligned addresses. */
static inline void wasi_put16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
static inline void wasi_put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static inline void wasi_put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }
static inline uint16_t wasi_get16(const uint8_t *p) {
  uint16_t v;
  memcpy(&v, p, 2);
  return v;
}
static inline uint32_t wasi_get32(const uint8_t *p) {
  uint32_t v;
  memcpy(&v, p, 4);
  return v;
}
static inline uint64_t wasi_get64(const uint8_t *p) {
  uint64_t v;
  memcpy(&v, p, 8);
  return v;
}

/* Stores a u32 / u64 result at a guest address: errno (EFAULT if the
 * address is bad). */
int32_t wasi_store32(wasi_mem m, uint32_t ptr, uint32_t value);
int32_t wasi_store64(wasi_mem m, uint32_t ptr, uint64_t value);

/* ---- errors (Errno.c) ---- */

/* The WASI errno for a host errno. */
int32_t wasi_errno(int host_errno);

/* ---- clocks (Clock.c) ---- */

/* The host clock of a WASI clock id: 0, or -1 for an unknown id. */
int wasi_host_clock(uint32_t id, int *clock);
/* The time of a host clock in nanoseconds. */
uint64_t wasi_clock_now(int clock);

/* ---- descriptors (FdTable.c) ---- */

/* The entry of fd if open and holding all of rights, else NULL with *err
 * set (EBADF: not open; ENOTCAPABLE: a right missing). */
wasi_fd *wasi_fd_get(wasmaot_wasi *wasi, uint32_t fd, uint64_t rights,
                     int32_t *err);
/* Adds host (taking ownership) at the lowest free number. errno. */
int32_t wasi_fd_add(wasmaot_wasi *wasi, int host, uint8_t filetype,
                    uint8_t kind, uint64_t base, uint64_t inheriting,
                    uint32_t *fd);
/* Closes and frees a slot. */
void wasi_fd_release(wasi_fd *entry);
/* The WASI file type of a stat mode (socket types need the descriptor). */
uint8_t wasi_filetype_of(int host, mode_t mode);
/* The most rights a descriptor of a file type may hold. */
void wasi_rights_for(uint8_t filetype, int host, uint64_t *base,
                     uint64_t *inheriting);
/* Writes a struct stat as a WASI filestat at p (WASI_FILESTAT_SIZE bytes). */
void wasi_put_filestat(uint8_t *p, int host, const struct stat *st);

/* The timespecs utimensat wants for WASI's atim, mtim and fstflags.
 * errno (EINVAL for contradicting or unknown flags). */
struct timespec;
int32_t wasi_times(uint64_t atim, uint64_t mtim, uint32_t flags,
                   struct timespec *times);

/* ---- paths (Sandbox.c) ---- */

/* Resolves the guest path [path, path + len) beneath the directory fd dir:
 * opens the directory that holds the last component (*parent, an O_PATH
 * descriptor the caller closes) and stores that component in last
 * (PATH_MAX bytes; "." when the path names the directory itself). With
 * follow, a last component that is a symbolic link is replaced by its
 * target (repeatedly), so *at calls with AT_SYMLINK_NOFOLLOW act on what
 * the path names without leaving the sandbox. errno. */
int32_t wasi_resolve(wasmaot_wasi *wasi, int dir, const char *path, size_t len,
                     int follow, int *parent, char *last);

/* Reads a guest path and resolves it beneath the directory fd with the
 * right: the common start of every path_* function. errno. */
int32_t wasi_resolve_guest(wasmaot_wasi *wasi, wasi_mem m, uint32_t fd,
                           uint64_t rights, uint32_t path, uint32_t len,
                           int follow, int *parent, char *last);

/* ---- the host functions ---- */

#define WASI_FUNC(name)                                                        \
  int32_t wasi_##name(void *env, wasmaot_context *caller,                      \
                      const wasmaot_val *args, wasmaot_val *results)

/* Sets the WASI errno result and returns 0 (no trap). */
#define WASI_RETURN(e)                                                         \
  do {                                                                         \
    results[0].i32 = (e);                                                      \
    return 0;                                                                  \
  } while (0)

/* The i32 argument i as unsigned, the i64 one as unsigned. */
#define ARG32(i) ((uint32_t)args[i].i32)
#define ARG64(i) ((uint64_t)args[i].i64)

#define WASI_FUNCTIONS(X)                                                      \
  X(args_get, "ii", "i")                                                       \
  X(args_sizes_get, "ii", "i")                                                 \
  X(environ_get, "ii", "i")                                                    \
  X(environ_sizes_get, "ii", "i")                                              \
  X(clock_res_get, "ii", "i")                                                  \
  X(clock_time_get, "iIi", "i")                                                \
  X(fd_advise, "iIIi", "i")                                                    \
  X(fd_allocate, "iII", "i")                                                   \
  X(fd_close, "i", "i")                                                        \
  X(fd_datasync, "i", "i")                                                     \
  X(fd_fdstat_get, "ii", "i")                                                  \
  X(fd_fdstat_set_flags, "ii", "i")                                            \
  X(fd_fdstat_set_rights, "iII", "i")                                          \
  X(fd_filestat_get, "ii", "i")                                                \
  X(fd_filestat_set_size, "iI", "i")                                           \
  X(fd_filestat_set_times, "iIIi", "i")                                        \
  X(fd_pread, "iiiIi", "i")                                                    \
  X(fd_prestat_get, "ii", "i")                                                 \
  X(fd_prestat_dir_name, "iii", "i")                                           \
  X(fd_pwrite, "iiiIi", "i")                                                   \
  X(fd_read, "iiii", "i")                                                      \
  X(fd_readdir, "iiiIi", "i")                                                  \
  X(fd_renumber, "ii", "i")                                                    \
  X(fd_seek, "iIii", "i")                                                      \
  X(fd_sync, "i", "i")                                                         \
  X(fd_tell, "ii", "i")                                                        \
  X(fd_write, "iiii", "i")                                                     \
  X(path_create_directory, "iii", "i")                                         \
  X(path_filestat_get, "iiiii", "i")                                           \
  X(path_filestat_set_times, "iiiiIIi", "i")                                   \
  X(path_link, "iiiiiii", "i")                                                 \
  X(path_open, "iiiiiIIii", "i")                                               \
  X(path_readlink, "iiiiii", "i")                                              \
  X(path_remove_directory, "iii", "i")                                         \
  X(path_rename, "iiiiii", "i")                                                \
  X(path_symlink, "iiiii", "i")                                                \
  X(path_unlink_file, "iii", "i")                                              \
  X(poll_oneoff, "iiii", "i")                                                  \
  X(proc_exit, "i", "")                                                        \
  X(proc_raise, "i", "i")                                                      \
  X(sched_yield, "", "i")                                                      \
  X(random_get, "ii", "i")                                                     \
  X(sock_accept, "iii", "i")                                                   \
  X(sock_recv, "iiiiii", "i")                                                  \
  X(sock_send, "iiiii", "i")                                                   \
  X(sock_shutdown, "ii", "i")

#define WASI_DECLARE(name, params, results) WASI_FUNC(name);
WASI_FUNCTIONS(WASI_DECLARE)
#undef WASI_DECLARE

/* One function of the table (Functions.c): its name, its type as a string
 * of 'i' (i32) and 'I' (i64), and its callback. */
typedef struct wasi_function {
  const char *name;
  const char *params;
  const char *results;
  wasmaot_host_callback callback;
} wasi_function;

/* The function called name, or NULL. */
const wasi_function *wasi_function_find(const char *name, size_t len);

/* Gathers a guest iovec array as host iovecs (at most WASI_MAX_IOVS; free
 * *out with free). errno: EFAULT for any bad pointer, EINVAL for too many. */
#define WASI_MAX_IOVS 1024
struct iovec;
int32_t wasi_gather_iovs(wasi_mem m, uint32_t iovs, uint32_t count,
                         struct iovec **out);

#ifdef __cplusplus
}
#endif

#endif
