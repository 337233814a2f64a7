/*===- FdAttr.c - Descriptor state: flags, rights, stat, sync -----*- C -*-===*/

#define _GNU_SOURCE
#include "WasiInternal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

/* Looks up args[0] with rights or returns its error from the callback. */
#define GET_FD(var, rights)                                                    \
  int32_t err_;                                                                \
  wasi_fd *var = wasi_fd_get(env, ARG32(0), (rights), &err_);                  \
  if (!var)                                                                    \
  WASI_RETURN(err_)

static int32_t result_of(int rc) {
  return rc == 0 ? WASI_ESUCCESS : wasi_errno(errno);
}

WASI_FUNC(fd_advise) {
  (void)caller;
  GET_FD(fd, WASI_RIGHT(WASI_FD_ADVISE));
  static const int advice[] = {POSIX_FADV_NORMAL,   POSIX_FADV_SEQUENTIAL,
                               POSIX_FADV_RANDOM,   POSIX_FADV_WILLNEED,
                               POSIX_FADV_DONTNEED, POSIX_FADV_NOREUSE};
  if (ARG32(3) > 5 || args[1].i64 < 0 || args[2].i64 < 0)
    WASI_RETURN(WASI_EINVAL);
  if (fd->filetype == WASI_FILETYPE_DIRECTORY)
    WASI_RETURN(WASI_ESUCCESS); /* advice only: nothing to do */
  int rc = posix_fadvise(fd->host, args[1].i64, args[2].i64, advice[ARG32(3)]);
  WASI_RETURN(rc == 0 ? WASI_ESUCCESS : wasi_errno(rc));
}

WASI_FUNC(fd_allocate) {
  (void)caller;
  GET_FD(fd, WASI_RIGHT(WASI_FD_ALLOCATE));
  if (args[1].i64 < 0 || args[2].i64 <= 0 ||
      args[1].i64 > INT64_MAX - args[2].i64)
    WASI_RETURN(WASI_EINVAL);
  int rc = posix_fallocate(fd->host, args[1].i64, args[2].i64);
  WASI_RETURN(rc == 0 ? WASI_ESUCCESS : wasi_errno(rc));
}

WASI_FUNC(fd_close) {
  (void)caller;
  GET_FD(fd, 0);
  wasi_fd_release(fd);
  WASI_RETURN(WASI_ESUCCESS);
}

WASI_FUNC(fd_datasync) {
  (void)caller;
  GET_FD(fd, WASI_RIGHT(WASI_FD_DATASYNC));
  WASI_RETURN(result_of(fdatasync(fd->host)));
}

WASI_FUNC(fd_sync) {
  (void)caller;
  GET_FD(fd, WASI_RIGHT(WASI_FD_SYNC));
  WASI_RETURN(result_of(fsync(fd->host)));
}

WASI_FUNC(fd_fdstat_get) {
  GET_FD(fd, 0);
  uint8_t *p = wasi_ptr(wasi_memory(caller), ARG32(1), WASI_FDSTAT_SIZE);
  if (!p)
    WASI_RETURN(WASI_EFAULT);
  int fl = fcntl(fd->host, F_GETFL);
  if (fl < 0)
    WASI_RETURN(wasi_errno(errno));
  uint16_t flags = 0;
  if (fl & O_APPEND)
    flags |= WASI_FDFLAG_APPEND;
  if (fl & O_NONBLOCK)
    flags |= WASI_FDFLAG_NONBLOCK;
  if ((fl & O_SYNC) == O_SYNC)
    flags |= WASI_FDFLAG_SYNC;
  else if (fl & O_DSYNC)
    flags |= WASI_FDFLAG_DSYNC;
  memset(p, 0, WASI_FDSTAT_SIZE);
  p[0] = fd->filetype;
  wasi_put16(p + 2, flags);
  wasi_put64(p + 8, fd->rights_base);
  wasi_put64(p + 16, fd->rights_inheriting);
  WASI_RETURN(WASI_ESUCCESS);
}

WASI_FUNC(fd_fdstat_set_flags) {
  (void)caller;
  GET_FD(fd, WASI_RIGHT(WASI_FD_FDSTAT_SET_FLAGS));
  uint32_t flags = ARG32(1);
  if (flags & ~(uint32_t)0x1f)
    WASI_RETURN(WASI_EINVAL);
  /* Linux cannot change the sync flags of an open file. */
  if (flags & (WASI_FDFLAG_DSYNC | WASI_FDFLAG_RSYNC | WASI_FDFLAG_SYNC))
    WASI_RETURN(WASI_ENOTSUP);
  int fl = fcntl(fd->host, F_GETFL);
  if (fl < 0)
    WASI_RETURN(wasi_errno(errno));
  fl &= ~(O_APPEND | O_NONBLOCK);
  if (flags & WASI_FDFLAG_APPEND)
    fl |= O_APPEND;
  if (flags & WASI_FDFLAG_NONBLOCK)
    fl |= O_NONBLOCK;
  WASI_RETURN(result_of(fcntl(fd->host, F_SETFL, fl)));
}

WASI_FUNC(fd_fdstat_set_rights) {
  (void)caller;
  GET_FD(fd, 0);
  uint64_t base = ARG64(1), inheriting = ARG64(2);
  /* Rights can only be dropped. */
  if ((base & ~fd->rights_base) || (inheriting & ~fd->rights_inheriting))
    WASI_RETURN(WASI_ENOTCAPABLE);
  fd->rights_base = base;
  fd->rights_inheriting = inheriting;
  WASI_RETURN(WASI_ESUCCESS);
}

WASI_FUNC(fd_filestat_get) {
  GET_FD(fd, WASI_RIGHT(WASI_FD_FILESTAT_GET));
  uint8_t *p = wasi_ptr(wasi_memory(caller), ARG32(1), WASI_FILESTAT_SIZE);
  if (!p)
    WASI_RETURN(WASI_EFAULT);
  struct stat st;
  if (fstat(fd->host, &st) != 0)
    WASI_RETURN(wasi_errno(errno));
  wasi_put_filestat(p, fd->host, &st);
  WASI_RETURN(WASI_ESUCCESS);
}

WASI_FUNC(fd_filestat_set_size) {
  (void)caller;
  GET_FD(fd, WASI_RIGHT(WASI_FD_FILESTAT_SET_SIZE));
  if (args[1].i64 < 0)
    WASI_RETURN(WASI_EINVAL);
  WASI_RETURN(result_of(ftruncate(fd->host, args[1].i64)));
}

int32_t wasi_times(uint64_t atim, uint64_t mtim, uint32_t flags,
                   struct timespec *times) {
  if ((flags & ~(uint32_t)0xf) ||
      ((flags & WASI_FSTFLAG_ATIM) && (flags & WASI_FSTFLAG_ATIM_NOW)) ||
      ((flags & WASI_FSTFLAG_MTIM) && (flags & WASI_FSTFLAG_MTIM_NOW)))
    return WASI_EINVAL;
  uint64_t value[2] = {atim, mtim};
  uint32_t set[2] = {WASI_FSTFLAG_ATIM, WASI_FSTFLAG_MTIM};
  uint32_t now[2] = {WASI_FSTFLAG_ATIM_NOW, WASI_FSTFLAG_MTIM_NOW};
  for (int i = 0; i < 2; ++i) {
    times[i].tv_sec = 0;
    if (flags & set[i]) {
      times[i].tv_sec = (time_t)(value[i] / 1000000000ull);
      times[i].tv_nsec = (long)(value[i] % 1000000000ull);
    } else {
      times[i].tv_nsec = (flags & now[i]) ? UTIME_NOW : UTIME_OMIT;
    }
  }
  return WASI_ESUCCESS;
}

WASI_FUNC(fd_filestat_set_times) {
  (void)caller;
  GET_FD(fd, WASI_RIGHT(WASI_FD_FILESTAT_SET_TIMES));
  struct timespec times[2];
  int32_t err = wasi_times(ARG64(1), ARG64(2), ARG32(3), times);
  if (err)
    WASI_RETURN(err);
  WASI_RETURN(result_of(futimens(fd->host, times)));
}

WASI_FUNC(fd_prestat_get) {
  GET_FD(fd, 0);
  if (fd->kind != WASI_KIND_PREOPEN)
    WASI_RETURN(WASI_EBADF);
  uint8_t *p = wasi_ptr(wasi_memory(caller), ARG32(1), WASI_PRESTAT_SIZE);
  if (!p)
    WASI_RETURN(WASI_EFAULT);
  memset(p, 0, WASI_PRESTAT_SIZE);
  p[0] = 0; /* a directory */
  wasi_put32(p + 4, (uint32_t)strlen(fd->preopen_name));
  WASI_RETURN(WASI_ESUCCESS);
}

WASI_FUNC(fd_prestat_dir_name) {
  GET_FD(fd, 0);
  if (fd->kind != WASI_KIND_PREOPEN)
    WASI_RETURN(WASI_EBADF);
  size_t len = strlen(fd->preopen_name);
  if (ARG32(2) < len)
    WASI_RETURN(WASI_ENAMETOOLONG);
  uint8_t *p = wasi_ptr(wasi_memory(caller), ARG32(1), len);
  if (!p)
    WASI_RETURN(WASI_EFAULT);
  memcpy(p, fd->preopen_name, len);
  WASI_RETURN(WASI_ESUCCESS);
}

WASI_FUNC(fd_renumber) {
  (void)caller;
  GET_FD(from, 0);
  wasi_fd *to = wasi_fd_get(env, ARG32(1), 0, &err_);
  if (!to)
    WASI_RETURN(err_);
  if (from != to) {
    wasi_fd_release(to);
    *to = *from;
    memset(from, 0, sizeof *from);
    from->host = -1;
  }
  WASI_RETURN(WASI_ESUCCESS);
}
