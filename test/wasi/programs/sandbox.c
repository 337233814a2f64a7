/* sandbox.c - Attempts to leave the preopened directory, through libc and
 * through the raw WASI calls: every one must fail with the errno
 * sandbox.expected lists. Run with the directory box/ preopened as "."
 * and its sibling outside/ holding a file, secret. Only for WASI (a native
 * build would succeed). */

#include "ErrName.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>

#define LIBC(what, expr)                                                       \
  do {                                                                         \
    errno = 0;                                                                 \
    int r_ = (expr);                                                           \
    printf("libc %-28s %s\n", what, r_ >= 0 ? "SUCCEEDED" : errName(errno));   \
  } while (0)

static const char *wasiName(__wasi_errno_t e) {
  switch (e) {
  case __WASI_ERRNO_SUCCESS:
    return "SUCCEEDED";
  case __WASI_ERRNO_NOTCAPABLE:
    return "ENOTCAPABLE";
  case __WASI_ERRNO_NOENT:
    return "ENOENT";
  case __WASI_ERRNO_LOOP:
    return "ELOOP";
  case __WASI_ERRNO_PERM:
    return "EPERM";
  default:
    return "E?";
  }
}

/* path_open on the preopen (fd 3) with the raw call. */
static void raw(const char *path, __wasi_lookupflags_t follow) {
  __wasi_fd_t fd;
  __wasi_errno_t e =
      __wasi_path_open(3, follow, path, 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd);
  printf("wasi path_open %-22s %s\n", path, wasiName(e));
}

static void rawStat(const char *path) {
  __wasi_filestat_t st;
  __wasi_errno_t e =
      __wasi_path_filestat_get(3, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, path, &st);
  printf("wasi filestat %-23s %s\n", path, wasiName(e));
}

int main(void) {
  symlink("../outside/secret", "up-link");
  symlink("/etc/passwd", "abs-link");
  symlink("..", "parent-link");
  mkdir("sub", 0755);
  symlink("../../outside", "sub/deep-link");
  symlink("sub", "inside-link");

  LIBC("open ../outside/secret", open("../outside/secret", O_RDONLY));
  LIBC("open sub/../../outside", open("sub/../../outside/secret", O_RDONLY));
  LIBC("open up-link", open("up-link", O_RDONLY));
  LIBC("open abs-link", open("abs-link", O_RDONLY));
  LIBC("open parent-link/outside",
       open("parent-link/outside/secret", O_RDONLY));
  LIBC("open sub/deep-link/secret", open("sub/deep-link/secret", O_RDONLY));
  LIBC("create through parent-link",
       open("parent-link/new", O_CREAT | O_WRONLY, 0644));
  LIBC("mkdir ../escaped", mkdir("../escaped", 0755));
  LIBC("unlink ../outside/secret", unlink("../outside/secret"));
  LIBC("rename into ..", rename("inside-link", "../stolen"));
  LIBC("symlink ../x", symlink("target", "../x"));
  struct stat st;
  LIBC("stat up-link", stat("up-link", &st));
  LIBC("lstat up-link (the link)", lstat("up-link", &st));
  LIBC("open inside-link/. (inside)", open("inside-link/.", O_RDONLY));

  raw("..", 1);
  raw("../outside/secret", 1);
  raw("/etc/passwd", 1);
  raw("/", 1);
  raw("up-link", 1);
  raw("up-link", 0);
  raw("abs-link", 1);
  raw("sub/deep-link/secret", 1);
  raw("sub/../inside-link", 1);
  rawStat("parent-link/outside");
  rawStat("sub/..");
  return 0;
}
