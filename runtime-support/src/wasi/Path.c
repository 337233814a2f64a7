/*===- Path.c - The path_* functions ------------------------------*- C -*-===*
 *
 * Each resolves its path(s) with wasi_resolve_guest (Sandbox.c) and then
 * makes one *at call on the last component, never following a link there.
 *
 *===----------------------------------------------------------------------===*/

#define _GNU_SOURCE
#include "WasiInternal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

#define R WASI_RIGHT

static int32_t result_of(int rc) {
  return rc == 0 ? WASI_ESUCCESS : wasi_errno(errno);
}

/* Resolves the path at args[path_arg], args[path_arg + 1] beneath the fd
 * at args[fd_arg] into parent, last; returns its error from the callback
 * on failure. */
#define RESOLVE(fd_arg, rights, path_arg, follow, parent, last)                \
  int parent;                                                                  \
  char last[PATH_MAX];                                                         \
  do {                                                                         \
    int32_t err_ = wasi_resolve_guest(                                         \
        env, wasi_memory(caller), ARG32(fd_arg), (rights), ARG32(path_arg),    \
        ARG32((path_arg) + 1), (follow), &parent, last);                       \
    if (err_)                                                                  \
      WASI_RETURN(err_);                                                       \
  } while (0)

/* Runs the *at call expr with parent open, then closes it. */
#define FINISH(parent, expr)                                                   \
  do {                                                                         \
    int32_t result_ = result_of(expr);                                         \
    close(parent);                                                             \
    WASI_RETURN(result_);                                                      \
  } while (0)

WASI_FUNC(path_create_directory) {
  RESOLVE(0, R(WASI_PATH_CREATE_DIRECTORY), 1, 0, parent, last);
  FINISH(parent, mkdirat(parent, last, 0777));
}

WASI_FUNC(path_remove_directory) {
  RESOLVE(0, R(WASI_PATH_REMOVE_DIRECTORY), 1, 0, parent, last);
  FINISH(parent, unlinkat(parent, last, AT_REMOVEDIR));
}

WASI_FUNC(path_unlink_file) {
  RESOLVE(0, R(WASI_PATH_UNLINK_FILE), 1, 0, parent, last);
  FINISH(parent, unlinkat(parent, last, 0));
}

WASI_FUNC(path_filestat_get) {
  RESOLVE(0, R(WASI_PATH_FILESTAT_GET), 2,
          ARG32(1) & WASI_LOOKUP_SYMLINK_FOLLOW, parent, last);
  uint8_t *p = wasi_ptr(wasi_memory(caller), ARG32(4), WASI_FILESTAT_SIZE);
  struct stat st;
  int32_t err = WASI_EFAULT;
  if (p) {
    err = result_of(fstatat(parent, last, &st, AT_SYMLINK_NOFOLLOW));
    if (!err)
      wasi_put_filestat(p, -1, &st);
  }
  close(parent);
  WASI_RETURN(err);
}

WASI_FUNC(path_filestat_set_times) {
  struct timespec times[2];
  int32_t err = wasi_times(ARG64(4), ARG64(5), ARG32(6), times);
  if (err)
    WASI_RETURN(err);
  RESOLVE(0, R(WASI_PATH_FILESTAT_SET_TIMES), 2,
          ARG32(1) & WASI_LOOKUP_SYMLINK_FOLLOW, parent, last);
  FINISH(parent, utimensat(parent, last, times, AT_SYMLINK_NOFOLLOW));
}

WASI_FUNC(path_readlink) {
  RESOLVE(0, R(WASI_PATH_READLINK), 1, 0, parent, last);
  wasi_mem m = wasi_memory(caller);
  uint8_t *buf = wasi_ptr(m, ARG32(3), ARG32(4));
  int32_t err = WASI_EFAULT;
  if (buf && wasi_ptr(m, ARG32(5), 4)) {
    /* The target is truncated to the buffer, as readlink does. */
    ssize_t n = readlinkat(parent, last, (char *)buf, ARG32(4));
    err = n < 0 ? wasi_errno(errno) : wasi_store32(m, ARG32(5), (uint32_t)n);
  }
  close(parent);
  WASI_RETURN(err);
}

WASI_FUNC(path_symlink) {
  /* args: old_path, old_len (the link's contents), fd, new_path, new_len. */
  const uint8_t *target = wasi_ptr(wasi_memory(caller), ARG32(0), ARG32(1));
  if (!target)
    WASI_RETURN(WASI_EFAULT);
  if (ARG32(1) >= PATH_MAX)
    WASI_RETURN(WASI_ENAMETOOLONG);
  char contents[PATH_MAX];
  memcpy(contents, target, ARG32(1));
  contents[ARG32(1)] = 0;
  if (strlen(contents) != ARG32(1))
    WASI_RETURN(WASI_EILSEQ);
  RESOLVE(2, R(WASI_PATH_SYMLINK), 3, 0, parent, last);
  /* Any contents may be stored: following the link later is what the
   * sandbox checks. */
  FINISH(parent, symlinkat(contents, parent, last));
}

/* Resolves the two paths of path_link and path_rename. */
static int32_t resolve_pair(wasmaot_wasi *w, wasmaot_context *caller,
                            uint32_t old_fd, uint64_t old_rights,
                            uint32_t old_path, uint32_t old_len, int follow_old,
                            uint32_t new_fd, uint64_t new_rights,
                            uint32_t new_path, uint32_t new_len, int parents[2],
                            char last[2][PATH_MAX]) {
  wasi_mem m = wasi_memory(caller);
  int32_t err = wasi_resolve_guest(w, m, old_fd, old_rights, old_path, old_len,
                                   follow_old, &parents[0], last[0]);
  if (err)
    return err;
  err = wasi_resolve_guest(w, m, new_fd, new_rights, new_path, new_len, 0,
                           &parents[1], last[1]);
  if (err)
    close(parents[0]);
  return err;
}

WASI_FUNC(path_link) {
  int parents[2];
  char last[2][PATH_MAX];
  int32_t err =
      resolve_pair(env, caller, ARG32(0), R(WASI_PATH_LINK_SOURCE), ARG32(2),
                   ARG32(3), ARG32(1) & WASI_LOOKUP_SYMLINK_FOLLOW, ARG32(4),
                   R(WASI_PATH_LINK_TARGET), ARG32(5), ARG32(6), parents, last);
  if (err)
    WASI_RETURN(err);
  err = result_of(linkat(parents[0], last[0], parents[1], last[1], 0));
  close(parents[0]);
  close(parents[1]);
  WASI_RETURN(err);
}

WASI_FUNC(path_rename) {
  int parents[2];
  char last[2][PATH_MAX];
  int32_t err = resolve_pair(
      env, caller, ARG32(0), R(WASI_PATH_RENAME_SOURCE), ARG32(1), ARG32(2), 0,
      ARG32(3), R(WASI_PATH_RENAME_TARGET), ARG32(4), ARG32(5), parents, last);
  if (err)
    WASI_RETURN(err);
  err = result_of(renameat(parents[0], last[0], parents[1], last[1]));
  close(parents[0]);
  close(parents[1]);
  WASI_RETURN(err);
}

/* The rights that make path_open open for reading or writing. */
#define READ_RIGHTS (R(WASI_FD_READ) | R(WASI_FD_READDIR))
#define WRITE_RIGHTS                                                           \
  (R(WASI_FD_WRITE) | R(WASI_FD_ALLOCATE) | R(WASI_FD_FILESTAT_SET_SIZE))

WASI_FUNC(path_open) {
  /* args: fd, dirflags, path, path_len, oflags, base, inheriting, fdflags,
   * fd out. */
  wasmaot_wasi *w = env;
  uint32_t oflags = ARG32(4), fdflags = ARG32(7);
  uint64_t base = ARG64(5), inheriting = ARG64(6);
  if ((oflags & ~(uint32_t)0xf) || (fdflags & ~(uint32_t)0x1f))
    WASI_RETURN(WASI_EINVAL);
  uint64_t needed = R(WASI_PATH_OPEN);
  if (oflags & WASI_OFLAG_CREAT)
    needed |= R(WASI_PATH_CREATE_FILE);
  if (oflags & WASI_OFLAG_TRUNC)
    needed |= R(WASI_PATH_FILESTAT_SET_SIZE);
  int32_t err;
  wasi_fd *dir = wasi_fd_get(w, ARG32(0), needed, &err);
  if (!dir)
    WASI_RETURN(err);
  /* A new descriptor gets no right its directory cannot hand down. */
  if ((base | inheriting) & ~dir->rights_inheriting & WASI_RIGHTS_ALL)
    WASI_RETURN(WASI_ENOTCAPABLE);
  wasi_mem m = wasi_memory(caller);
  if (!wasi_ptr(m, ARG32(8), 4))
    WASI_RETURN(WASI_EFAULT);

  int flags = O_CLOEXEC | O_NOFOLLOW | O_NOCTTY;
  int reads = (base & READ_RIGHTS) != 0;
  int writes = (base & WRITE_RIGHTS) != 0 || (fdflags & WASI_FDFLAG_APPEND);
  flags |= reads && writes ? O_RDWR : writes ? O_WRONLY : O_RDONLY;
  if (oflags & WASI_OFLAG_CREAT)
    flags |= O_CREAT;
  if (oflags & WASI_OFLAG_DIRECTORY)
    flags |= O_DIRECTORY;
  if (oflags & WASI_OFLAG_EXCL)
    flags |= O_EXCL;
  if (oflags & WASI_OFLAG_TRUNC)
    flags |= O_TRUNC;
  if (fdflags & WASI_FDFLAG_APPEND)
    flags |= O_APPEND;
  if (fdflags & WASI_FDFLAG_DSYNC)
    flags |= O_DSYNC;
  if (fdflags & WASI_FDFLAG_NONBLOCK)
    flags |= O_NONBLOCK;
  if (fdflags & (WASI_FDFLAG_SYNC | WASI_FDFLAG_RSYNC))
    flags |= O_SYNC;

  RESOLVE(0, needed, 2, ARG32(1) & WASI_LOOKUP_SYMLINK_FOLLOW, parent, last);
  int host = openat(parent, last, flags, 0666);
  int saved = errno;
  close(parent);
  if (host < 0)
    WASI_RETURN(wasi_errno(saved));
  struct stat st;
  if (fstat(host, &st) != 0) {
    saved = errno;
    close(host);
    WASI_RETURN(wasi_errno(saved));
  }
  uint8_t type = wasi_filetype_of(host, st.st_mode);
  uint64_t max_base, max_inheriting;
  wasi_rights_for(type, host, &max_base, &max_inheriting);
  uint32_t fd;
  err = wasi_fd_add(w, host, type, WASI_KIND_FILE, base & max_base,
                    inheriting & max_inheriting, &fd);
  if (!err)
    wasi_store32(m, ARG32(8), fd);
  WASI_RETURN(err);
}
