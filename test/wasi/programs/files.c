/* files.c - File I/O in the preopened (current) directory: every step
 * prints what it saw, so the native and the WASI run can be compared. */

#include "ErrName.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#define CHECK(what, expr)                                                      \
  do {                                                                         \
    errno = 0;                                                                 \
    long r_ = (long)(expr);                                                    \
    printf("%-32s -> %ld %s\n", what, r_, r_ < 0 ? errName(errno) : "");       \
  } while (0)

static int compare(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void listDir(const char *path) {
  DIR *d = opendir(path);
  if (!d) {
    printf("opendir %s: %s\n", path, errName(errno));
    return;
  }
  char *names[64];
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)) && n < 64)
    names[n++] = strdup(e->d_name);
  closedir(d);
  qsort(names, n, sizeof names[0], compare);
  printf("%s:", path);
  for (int i = 0; i < n; ++i) {
    printf(" %s", names[i]);
    free(names[i]);
  }
  printf("\n");
}

int main(void) {
  FILE *f = fopen("hello.txt", "w");
  fprintf(f, "line one\nline two\n");
  fclose(f);
  f = fopen("hello.txt", "a");
  fputs("line three\n", f);
  fclose(f);
  char line[128];
  f = fopen("hello.txt", "r");
  while (fgets(line, sizeof line, f))
    printf("read: %s", line);
  fseek(f, 5, SEEK_SET);
  printf("tell after seek: %ld, next char '%c'\n", ftell(f), fgetc(f));
  fseek(f, -6, SEEK_END);
  printf("from end: %s", fgets(line, sizeof line, f));
  fclose(f);

  int fd = open("raw.bin", O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK("write raw", write(fd, "0123456789", 10));
  CHECK("pwrite at 3", pwrite(fd, "abc", 3, 3));
  char buf[16] = {0};
  CHECK("pread 6 at 1", pread(fd, buf, 6, 1));
  printf("pread data: %s\n", buf);
  CHECK("lseek cur", lseek(fd, 0, SEEK_CUR));
  CHECK("ftruncate 4", ftruncate(fd, 4));
  struct stat st;
  CHECK("fstat", fstat(fd, &st));
  printf("size %lld regular %d\n", (long long)st.st_size, S_ISREG(st.st_mode));
  CHECK("fsync", fsync(fd));
  CHECK("close", close(fd));
  CHECK("close again", close(fd));
  CHECK("lseek closed", lseek(fd, 0, SEEK_SET));

  CHECK("mkdir d", mkdir("d", 0755));
  CHECK("mkdir d again", mkdir("d", 0755));
  CHECK("mkdir d/e", mkdir("d/e", 0755));
  CHECK("mkdir missing/x", mkdir("missing/x", 0755));
  CHECK("rename raw.bin", rename("raw.bin", "d/moved.bin"));
  CHECK("rename missing", rename("nothing", "d/x"));
  CHECK("link", link("d/moved.bin", "d/hard.bin"));
  CHECK("stat nlink", stat("d/hard.bin", &st) == 0 ? (long)st.st_nlink : -1);
  CHECK("symlink", symlink("moved.bin", "d/soft"));
  ssize_t n = readlink("d/soft", buf, sizeof buf - 1);
  buf[n > 0 ? n : 0] = 0;
  printf("readlink: %s\n", buf);
  CHECK("lstat soft is link", lstat("d/soft", &st) == 0 && S_ISLNK(st.st_mode));
  CHECK("stat soft size", stat("d/soft", &st) == 0 ? (long)st.st_size : -1);
  CHECK("readlink on file", readlink("hello.txt", buf, sizeof buf));
  struct timeval times[2] = {{1000000000, 0}, {1200000000, 500000}};
  CHECK("utimes", utimes("hello.txt", times));
  CHECK("mtime", stat("hello.txt", &st) == 0 ? (long)st.st_mtime : -1);
  CHECK("access hello", access("hello.txt", F_OK));
  CHECK("access nothing", access("nothing", F_OK));
  listDir(".");
  listDir("d");
  listDir("nothing");
  CHECK("rmdir nonempty", rmdir("d"));
  CHECK("unlink dir", unlink("d/e"));
  CHECK("rmdir d/e", rmdir("d/e"));
  CHECK("unlink soft", unlink("d/soft"));
  CHECK("unlink hard", unlink("d/hard.bin"));
  CHECK("open excl", open("hello.txt", O_CREAT | O_EXCL | O_WRONLY, 0644));
  CHECK("open dir for write", open("d", O_WRONLY));
  CHECK("open file as dir", open("hello.txt", O_RDONLY | O_DIRECTORY));
  CHECK("open missing", open("nothing", O_RDONLY));
  CHECK("open nofollow link",
        (symlink("hello.txt", "ln"), open("ln", O_RDONLY | O_NOFOLLOW)));
  listDir(".");
  return 0;
}
