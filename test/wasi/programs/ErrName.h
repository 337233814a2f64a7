/* ErrName.h - errno by name: WASI's and Linux's numbers differ, names do
 * not, so the programs print names to give the same output both ways. */

#ifndef WASMAOT_TEST_WASI_ERRNAME_H
#define WASMAOT_TEST_WASI_ERRNAME_H

#include <errno.h>

static inline const char *errName(int e) {
  switch (e) {
  case 0:
    return "OK";
  case EACCES:
    return "EACCES";
  case EBADF:
    return "EBADF";
  case EEXIST:
    return "EEXIST";
  case EINVAL:
    return "EINVAL";
  case EISDIR:
    return "EISDIR";
  case ELOOP:
    return "ELOOP";
  case ENAMETOOLONG:
    return "ENAMETOOLONG";
  case ENOENT:
    return "ENOENT";
  case ENOTDIR:
    return "ENOTDIR";
  case ENOTEMPTY:
    return "ENOTEMPTY";
  case ESPIPE:
    return "ESPIPE";
  case EXDEV:
    return "EXDEV";
  case EPERM:
    return "EPERM";
#ifdef ENOTCAPABLE
  case ENOTCAPABLE:
    return "ENOTCAPABLE";
#endif
  default:
    return "E?";
  }
}

#endif
