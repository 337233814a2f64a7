/*===- Readdir.c - fd_readdir -------------------------------------*- C -*-===*
 *
 * Cookies are the host's directory offsets (telldir after each entry), so
 * a listing can resume where a full buffer cut it. Each call reads through
 * a fresh descriptor of the directory: the guest's own keeps no state.
 *
 *===----------------------------------------------------------------------===*/

#define _GNU_SOURCE
#include "WasiInternal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

static uint8_t dirent_type(DIR *dir, const struct dirent *d) {
  switch (d->d_type) {
  case DT_REG:
    return WASI_FILETYPE_REGULAR_FILE;
  case DT_DIR:
    return WASI_FILETYPE_DIRECTORY;
  case DT_LNK:
    return WASI_FILETYPE_SYMBOLIC_LINK;
  case DT_CHR:
    return WASI_FILETYPE_CHARACTER_DEVICE;
  case DT_BLK:
    return WASI_FILETYPE_BLOCK_DEVICE;
  case DT_SOCK:
    return WASI_FILETYPE_SOCKET_STREAM;
  case DT_FIFO:
    return WASI_FILETYPE_UNKNOWN;
  default: {
    struct stat st;
    if (fstatat(dirfd(dir), d->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
      return WASI_FILETYPE_UNKNOWN;
    return wasi_filetype_of(-1, st.st_mode);
  }
  }
}

WASI_FUNC(fd_readdir) {
  /* args: fd, buf, buf_len, cookie, bufused. */
  int32_t err;
  wasi_fd *fd = wasi_fd_get(env, ARG32(0), WASI_RIGHT(WASI_FD_READDIR), &err);
  if (!fd)
    WASI_RETURN(err);
  wasi_mem m = wasi_memory(caller);
  uint8_t *buf = wasi_ptr(m, ARG32(1), ARG32(2));
  if (!buf || !wasi_ptr(m, ARG32(4), 4))
    WASI_RETURN(WASI_EFAULT);
  if (args[3].i64 < 0)
    WASI_RETURN(WASI_EINVAL);
  int copy = openat(fd->host, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (copy < 0)
    WASI_RETURN(wasi_errno(errno));
  DIR *dir = fdopendir(copy);
  if (!dir) {
    err = wasi_errno(errno);
    close(copy);
    WASI_RETURN(err);
  }
  if (args[3].i64)
    seekdir(dir, (long)args[3].i64);
  uint32_t size = ARG32(2), used = 0;
  while (used < size) {
    errno = 0;
    struct dirent *d = readdir(dir);
    if (!d) {
      err = wasi_errno(errno);
      break;
    }
    uint8_t header[WASI_DIRENT_SIZE];
    size_t namlen = strlen(d->d_name);
    memset(header, 0, sizeof header);
    wasi_put64(header, (uint64_t)telldir(dir));
    wasi_put64(header + 8, (uint64_t)d->d_ino);
    wasi_put32(header + 16, (uint32_t)namlen);
    header[20] = dirent_type(dir, d);
    /* Entries that do not fit are cut: a full buffer tells the guest to
     * come back with a larger one. */
    uint32_t n = size - used < sizeof header ? size - used : sizeof header;
    memcpy(buf + used, header, n);
    used += n;
    n = size - used < namlen ? size - used : (uint32_t)namlen;
    memcpy(buf + used, d->d_name, n);
    used += n;
  }
  closedir(dir);
  if (err)
    WASI_RETURN(err);
  WASI_RETURN(wasi_store32(m, ARG32(4), used));
}
