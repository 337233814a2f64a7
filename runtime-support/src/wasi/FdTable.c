/*===- FdTable.c - The WASI descriptor table ----------------------*- C -*-===*
 *
 * WASI fds index a growable array of slots; each open slot owns one host
 * descriptor and carries the rights the program holds on it.
 *
 *===----------------------------------------------------------------------===*/

#define _GNU_SOURCE
#include "WasiInternal.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

wasi_fd *wasi_fd_get(wasmaot_wasi *wasi, uint32_t fd, uint64_t rights,
                     int32_t *err) {
  if (fd >= wasi->num_fds || wasi->fds[fd].host < 0) {
    *err = WASI_EBADF;
    return NULL;
  }
  wasi_fd *entry = &wasi->fds[fd];
  if ((entry->rights_base & rights) != rights) {
    *err = WASI_ENOTCAPABLE;
    return NULL;
  }
  *err = WASI_ESUCCESS;
  return entry;
}

int32_t wasi_fd_add(wasmaot_wasi *wasi, int host, uint8_t filetype,
                    uint8_t kind, uint64_t base, uint64_t inheriting,
                    uint32_t *fd) {
  uint32_t slot = 0;
  while (slot < wasi->num_fds && wasi->fds[slot].host != -1)
    ++slot;
  if (slot == wasi->num_fds) {
    uint32_t grown = wasi->num_fds ? wasi->num_fds * 2 : 8;
    wasi_fd *fds = realloc(wasi->fds, grown * sizeof *fds);
    if (!fds) {
      close(host);
      return WASI_ENOMEM;
    }
    for (uint32_t i = wasi->num_fds; i < grown; ++i) {
      memset(&fds[i], 0, sizeof fds[i]);
      fds[i].host = -1;
    }
    wasi->fds = fds;
    wasi->num_fds = grown;
  }
  wasi_fd *entry = &wasi->fds[slot];
  entry->host = host;
  entry->filetype = filetype;
  entry->kind = kind;
  entry->rights_base = base;
  entry->rights_inheriting = inheriting;
  entry->preopen_name = NULL;
  *fd = slot;
  return WASI_ESUCCESS;
}

void wasi_fd_release(wasi_fd *entry) {
  if (entry->host >= 0)
    close(entry->host);
  free(entry->preopen_name);
  memset(entry, 0, sizeof *entry);
  entry->host = -1;
}

uint8_t wasi_filetype_of(int host, mode_t mode) {
  switch (mode & S_IFMT) {
  case S_IFREG:
    return WASI_FILETYPE_REGULAR_FILE;
  case S_IFDIR:
    return WASI_FILETYPE_DIRECTORY;
  case S_IFCHR:
    return WASI_FILETYPE_CHARACTER_DEVICE;
  case S_IFBLK:
    return WASI_FILETYPE_BLOCK_DEVICE;
  case S_IFLNK:
    return WASI_FILETYPE_SYMBOLIC_LINK;
  case S_IFSOCK: {
    int type = 0;
    socklen_t len = sizeof type;
    if (host >= 0 && getsockopt(host, SOL_SOCKET, SO_TYPE, &type, &len) == 0 &&
        type == SOCK_DGRAM)
      return WASI_FILETYPE_SOCKET_DGRAM;
    return WASI_FILETYPE_SOCKET_STREAM;
  }
  default: /* FIFOs have no WASI type */
    return WASI_FILETYPE_UNKNOWN;
  }
}

#define R WASI_RIGHT
/* What any open file, pipe or device allows. */
#define STREAM_RIGHTS                                                          \
  (R(WASI_FD_READ) | R(WASI_FD_WRITE) | R(WASI_FD_FDSTAT_SET_FLAGS) |          \
   R(WASI_FD_FILESTAT_GET) | R(WASI_POLL_FD_READWRITE))
#define FILE_RIGHTS                                                            \
  (STREAM_RIGHTS | R(WASI_FD_DATASYNC) | R(WASI_FD_SEEK) | R(WASI_FD_SYNC) |   \
   R(WASI_FD_TELL) | R(WASI_FD_ADVISE) | R(WASI_FD_ALLOCATE) |                 \
   R(WASI_FD_FILESTAT_SET_SIZE) | R(WASI_FD_FILESTAT_SET_TIMES))
#define DIR_RIGHTS                                                             \
  (R(WASI_FD_FDSTAT_SET_FLAGS) | R(WASI_FD_SYNC) | R(WASI_FD_DATASYNC) |       \
   R(WASI_FD_ADVISE) | R(WASI_PATH_CREATE_DIRECTORY) |                         \
   R(WASI_PATH_CREATE_FILE) | R(WASI_PATH_LINK_SOURCE) |                       \
   R(WASI_PATH_LINK_TARGET) | R(WASI_PATH_OPEN) | R(WASI_FD_READDIR) |         \
   R(WASI_PATH_READLINK) | R(WASI_PATH_RENAME_SOURCE) |                        \
   R(WASI_PATH_RENAME_TARGET) | R(WASI_PATH_FILESTAT_GET) |                    \
   R(WASI_PATH_FILESTAT_SET_SIZE) | R(WASI_PATH_FILESTAT_SET_TIMES) |          \
   R(WASI_FD_FILESTAT_GET) | R(WASI_FD_FILESTAT_SET_TIMES) |                   \
   R(WASI_PATH_SYMLINK) | R(WASI_PATH_REMOVE_DIRECTORY) |                      \
   R(WASI_PATH_UNLINK_FILE) | R(WASI_POLL_FD_READWRITE))

void wasi_rights_for(uint8_t filetype, int host, uint64_t *base,
                     uint64_t *inheriting) {
  *inheriting = 0;
  switch (filetype) {
  case WASI_FILETYPE_DIRECTORY:
    *base = DIR_RIGHTS;
    *inheriting = DIR_RIGHTS | FILE_RIGHTS;
    return;
  case WASI_FILETYPE_REGULAR_FILE:
  case WASI_FILETYPE_BLOCK_DEVICE:
    *base = FILE_RIGHTS;
    return;
  case WASI_FILETYPE_CHARACTER_DEVICE:
    /* wasi-libc's isatty is "a character device without seek": keep seek
     * for devices that are not terminals. */
    *base = isatty(host) ? STREAM_RIGHTS : FILE_RIGHTS;
    return;
  case WASI_FILETYPE_SOCKET_STREAM:
  case WASI_FILETYPE_SOCKET_DGRAM:
    *base = STREAM_RIGHTS | R(WASI_SOCK_SHUTDOWN) | R(WASI_SOCK_ACCEPT);
    return;
  default: /* pipes: the kernel answers ESPIPE as natively */
    *base = FILE_RIGHTS;
    return;
  }
}
#undef R

static uint64_t nanoseconds(struct timespec t) {
  return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

void wasi_put_filestat(uint8_t *p, int host, const struct stat *st) {
  memset(p, 0, WASI_FILESTAT_SIZE);
  wasi_put64(p, (uint64_t)st->st_dev);
  wasi_put64(p + 8, (uint64_t)st->st_ino);
  p[16] = wasi_filetype_of(host, st->st_mode);
  wasi_put64(p + 24, (uint64_t)st->st_nlink);
  wasi_put64(p + 32, (uint64_t)st->st_size);
  wasi_put64(p + 40, nanoseconds(st->st_atim));
  wasi_put64(p + 48, nanoseconds(st->st_mtim));
  wasi_put64(p + 56, nanoseconds(st->st_ctim));
}
