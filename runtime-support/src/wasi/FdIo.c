/*===- FdIo.c - Reading, writing and seeking descriptors ----------*- C -*-===*/

#define _GNU_SOURCE
#include "WasiInternal.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/uio.h>
#include <unistd.h>

int32_t wasi_gather_iovs(wasi_mem m, uint32_t iovs, uint32_t count,
                         struct iovec **out) {
  *out = NULL;
  if (count > WASI_MAX_IOVS)
    return WASI_EINVAL;
  const uint8_t *p = wasi_ptr(m, iovs, (uint64_t)count * WASI_IOVEC_SIZE);
  if (!p)
    return WASI_EFAULT;
  struct iovec *v = calloc(count ? count : 1, sizeof *v);
  if (!v)
    return WASI_ENOMEM;
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t buf = wasi_get32(p + 8 * i), len = wasi_get32(p + 8 * i + 4);
    uint8_t *b = wasi_ptr(m, buf, len);
    if (!b) {
      free(v);
      return WASI_EFAULT;
    }
    v[i].iov_base = b;
    v[i].iov_len = len;
  }
  *out = v;
  return WASI_ESUCCESS;
}

enum { IO_READ, IO_WRITE };

/* fd_read, fd_write, fd_pread, fd_pwrite: the iovecs at args[1], args[2];
 * the count's address at args[done_arg]; offset < 0 for the current
 * position. */
static int32_t transfer(wasmaot_wasi *w, wasmaot_context *caller,
                        const wasmaot_val *args, int direction, int64_t offset,
                        int done_arg) {
  wasi_mem m = wasi_memory(caller);
  uint64_t rights =
      WASI_RIGHT(direction == IO_READ ? WASI_FD_READ : WASI_FD_WRITE);
  if (offset >= 0)
    rights |= WASI_RIGHT(WASI_FD_SEEK);
  int32_t err;
  wasi_fd *fd = wasi_fd_get(w, ARG32(0), rights, &err);
  if (!fd)
    return err;
  if (!wasi_ptr(m, ARG32(done_arg), 4))
    return WASI_EFAULT;
  struct iovec *iov;
  if ((err = wasi_gather_iovs(m, ARG32(1), ARG32(2), &iov)))
    return err;
  ssize_t n;
  do {
    if (direction == IO_READ)
      n = offset >= 0 ? preadv(fd->host, iov, (int)ARG32(2), offset)
                      : readv(fd->host, iov, (int)ARG32(2));
    else
      n = offset >= 0 ? pwritev(fd->host, iov, (int)ARG32(2), offset)
                      : writev(fd->host, iov, (int)ARG32(2));
  } while (n < 0 && errno == EINTR);
  int saved = errno;
  free(iov);
  if (n < 0)
    return wasi_errno(saved);
  return wasi_store32(m, ARG32(done_arg), (uint32_t)n);
}

WASI_FUNC(fd_read) { WASI_RETURN(transfer(env, caller, args, IO_READ, -1, 3)); }

WASI_FUNC(fd_write) {
  WASI_RETURN(transfer(env, caller, args, IO_WRITE, -1, 3));
}

WASI_FUNC(fd_pread) {
  if (args[3].i64 < 0)
    WASI_RETURN(WASI_EINVAL);
  WASI_RETURN(transfer(env, caller, args, IO_READ, args[3].i64, 4));
}

WASI_FUNC(fd_pwrite) {
  if (args[3].i64 < 0)
    WASI_RETURN(WASI_EINVAL);
  WASI_RETURN(transfer(env, caller, args, IO_WRITE, args[3].i64, 4));
}

/* lseek for fd_seek and fd_tell, the result stored at result. */
static int32_t seek(wasmaot_wasi *w, wasmaot_context *caller, uint32_t fdnum,
                    int64_t offset, uint32_t whence, uint32_t result) {
  static const int host_whence[3] = {SEEK_SET, SEEK_CUR, SEEK_END};
  if (whence > 2)
    return WASI_EINVAL;
  /* Asking for the position needs only the right to tell. */
  uint64_t right = whence == 1 && offset == 0 ? WASI_RIGHT(WASI_FD_TELL)
                                              : WASI_RIGHT(WASI_FD_SEEK);
  int32_t err;
  wasi_fd *fd = wasi_fd_get(w, fdnum, right, &err);
  if (!fd)
    return err;
  wasi_mem m = wasi_memory(caller);
  if (!wasi_ptr(m, result, 8))
    return WASI_EFAULT;
  off_t pos = lseek(fd->host, offset, host_whence[whence]);
  if (pos < 0)
    return wasi_errno(errno);
  return wasi_store64(m, result, (uint64_t)pos);
}

WASI_FUNC(fd_seek) {
  WASI_RETURN(seek(env, caller, ARG32(0), args[1].i64, ARG32(2), ARG32(3)));
}

WASI_FUNC(fd_tell) { WASI_RETURN(seek(env, caller, ARG32(0), 0, 1, ARG32(1))); }
