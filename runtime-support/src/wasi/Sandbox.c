/*===- Sandbox.c - Resolving guest paths beneath a preopen --------*- C -*-===*
 *
 * Every path_* function acts on one component in one directory: the
 * directory is opened beneath the fd the guest names (never by a string
 * check on the path: the kernel resolves it, with openat2's
 * RESOLVE_BENEATH, or a walk of O_NOFOLLOW opens that keeps its own ".."
 * stack where openat2 is missing), and the component is then used with
 * *at calls that do not follow symbolic links. A last component that is a
 * link to follow is replaced by its target and resolved again, so a link
 * cannot lead outside either. Escapes fail with ENOTCAPABLE.
 *
 *===----------------------------------------------------------------------===*/

#define _GNU_SOURCE
#include "WasiInternal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

/* How many symbolic links one resolution may follow (Linux's limit). */
enum { MAX_LINKS = 40 };

#define DIR_FLAGS (O_PATH | O_DIRECTORY | O_CLOEXEC)

/* Reads the target of the link name in dir into target (PATH_MAX bytes,
 * NUL-terminated), counting it against the limit. errno. */
static int32_t read_target(int dir, const char *name, int *links,
                           char *target) {
  if (++*links > MAX_LINKS)
    return WASI_ELOOP;
  ssize_t n = readlinkat(dir, name, target, PATH_MAX);
  if (n < 0)
    return wasi_errno(errno);
  if (n == PATH_MAX)
    return WASI_ENAMETOOLONG;
  target[n] = 0;
  if (target[0] == '/')
    return WASI_ENOTCAPABLE; /* absolute: outside by definition */
  return WASI_ESUCCESS;
}

/* *path becomes prefix + "/" + the target of link name in dir + suffix. */
static int32_t splice_link(int dir, const char *name, char **path,
                           const char *prefix, const char *suffix, int *links) {
  char target[PATH_MAX];
  int32_t err = read_target(dir, name, links, target);
  if (err)
    return err;
  size_t size = strlen(prefix) + strlen(target) + strlen(suffix) + 2;
  char *joined = malloc(size);
  if (!joined)
    return WASI_ENOMEM;
  snprintf(joined, size, "%s%s%s%s", prefix, prefix[0] ? "/" : "", target,
           suffix);
  free(*path);
  *path = joined;
  return WASI_ESUCCESS;
}

/* The walk: opens each component with O_NOFOLLOW, keeps the opened
 * directories on a stack (".." pops one; popping the start escapes),
 * splices in the targets of links. */
static int32_t walk_beneath(int root, const char *relative, int *out) {
  char *path = strdup(relative);
  size_t cap = 16, depth = 0;
  int *stack = malloc(cap * sizeof *stack);
  int32_t err = path && stack ? WASI_ESUCCESS : WASI_ENOMEM;
  int links = 0;
  size_t pos = 0;
  while (err == WASI_ESUCCESS && path[pos]) {
    size_t end = pos;
    while (path[end] && path[end] != '/')
      ++end;
    size_t next = path[end] ? end + 1 : end;
    char name[NAME_MAX + 1];
    if (end - pos > NAME_MAX) {
      err = WASI_ENAMETOOLONG;
      break;
    }
    memcpy(name, path + pos, end - pos);
    name[end - pos] = 0;
    int top = depth ? stack[depth - 1] : root;
    if (!name[0] || !strcmp(name, ".")) {
      pos = next;
    } else if (!strcmp(name, "..")) {
      if (!depth)
        err = WASI_ENOTCAPABLE;
      else
        close(stack[--depth]);
      pos = next;
    } else {
      int fd = openat(top, name, DIR_FLAGS | O_NOFOLLOW);
      if (fd >= 0) {
        if (depth == cap) {
          int *grown = realloc(stack, 2 * cap * sizeof *stack);
          if (!grown) {
            close(fd);
            err = WASI_ENOMEM;
            break;
          }
          stack = grown;
          cap *= 2;
        }
        stack[depth++] = fd;
        pos = next;
        continue;
      }
      int saved = errno;
      struct stat st;
      if ((saved == ENOTDIR || saved == ELOOP) &&
          fstatat(top, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
          S_ISLNK(st.st_mode)) {
        /* The rest of the path continues from the link's target. */
        char *rest = malloc(strlen(path + next) + 2);
        if (rest)
          sprintf(rest, "%s%s", path[next] ? "/" : "", path + next);
        err = rest ? splice_link(top, name, &path, "", rest, &links)
                   : WASI_ENOMEM;
        free(rest);
        pos = 0;
      } else {
        err = wasi_errno(saved);
      }
    }
  }
  if (err == WASI_ESUCCESS) {
    *out = depth ? stack[--depth] : openat(root, ".", DIR_FLAGS);
    if (*out < 0)
      err = wasi_errno(errno);
  }
  while (depth)
    close(stack[--depth]);
  free(stack);
  free(path);
  return err;
}

/* Opens the directory at relative beneath root. errno. */
static int32_t open_dir_beneath(wasmaot_wasi *w, int root, const char *relative,
                                int *out) {
  if (relative[0] == '/')
    return WASI_ENOTCAPABLE;
  for (int attempt = 0; w->use_openat2 && attempt < 8; ++attempt) {
    struct open_how how;
    memset(&how, 0, sizeof how);
    how.flags = DIR_FLAGS;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
    long fd = syscall(SYS_openat2, root, relative, &how, sizeof how);
    if (fd >= 0) {
      *out = (int)fd;
      return WASI_ESUCCESS;
    }
    if (errno == ENOSYS) {
      w->use_openat2 = 0;
      break;
    }
    if (errno == EPERM)
      break; /* old seccomp filters deny unknown calls so: walk instead */
    if (errno == EXDEV)
      return WASI_ENOTCAPABLE; /* the path leads out */
    if (errno != EAGAIN)       /* EAGAIN: a concurrent rename, retry */
      return wasi_errno(errno);
  }
  return walk_beneath(root, relative, out);
}

/* Splits path into its directory part (kept in path) and last component
 * (into last), dropping trailing slashes (*trailing set when there were
 * some). "." and ".." as last component make the whole path the
 * directory and "." the component. */
static int32_t split_last(char *path, char *last, int *trailing) {
  size_t len = strlen(path);
  *trailing = 0;
  while (len > 1 && path[len - 1] == '/') {
    path[--len] = 0;
    *trailing = 1;
  }
  char *slash = strrchr(path, '/');
  const char *name = slash ? slash + 1 : path;
  if (strlen(name) > NAME_MAX)
    return WASI_ENAMETOOLONG;
  if (!strcmp(name, ".") || !strcmp(name, "..")) {
    strcpy(last, ".");
    return WASI_ESUCCESS;
  }
  strcpy(last, name);
  if (slash)
    *(slash == path ? slash + 1 : slash) = 0;
  else
    strcpy(path, ".");
  return WASI_ESUCCESS;
}

int32_t wasi_resolve(wasmaot_wasi *w, int dir, const char *guest, size_t len,
                     int follow, int *parent, char *last) {
  *parent = -1;
  if (len == 0)
    return WASI_ENOENT;
  if (memchr(guest, 0, len))
    return WASI_EILSEQ;
  if (len >= PATH_MAX)
    return WASI_ENAMETOOLONG;
  char *path = strndup(guest, len);
  if (!path)
    return WASI_ENOMEM;
  int links = 0;
  int32_t err;
  for (;;) {
    if (path[0] == '/') {
      err = WASI_ENOTCAPABLE;
      break;
    }
    int trailing;
    if ((err = split_last(path, last, &trailing)))
      break;
    if ((err = open_dir_beneath(w, dir, path, parent)))
      break;
    struct stat st;
    /* A trailing slash makes the kernel follow a link: follow it here. */
    if ((follow || trailing) && strcmp(last, ".") != 0 &&
        fstatat(*parent, last, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
        S_ISLNK(st.st_mode)) {
      /* path becomes "dir/target[/]", resolved again from the top. */
      err =
          splice_link(*parent, last, &path, path, trailing ? "/" : "", &links);
      close(*parent);
      *parent = -1;
      if (err)
        break;
      continue;
    }
    if (trailing && strcmp(last, ".") != 0)
      strcat(last, "/");
    break;
  }
  free(path);
  if (err && *parent >= 0) {
    close(*parent);
    *parent = -1;
  }
  return err;
}

int32_t wasi_resolve_guest(wasmaot_wasi *w, wasi_mem m, uint32_t fdnum,
                           uint64_t rights, uint32_t path, uint32_t len,
                           int follow, int *parent, char *last) {
  *parent = -1;
  int32_t err;
  wasi_fd *fd = wasi_fd_get(w, fdnum, rights, &err);
  if (!fd)
    return err;
  const uint8_t *p = wasi_ptr(m, path, len);
  if (!p)
    return WASI_EFAULT;
  return wasi_resolve(w, fd->host, (const char *)p, len, follow, parent, last);
}
