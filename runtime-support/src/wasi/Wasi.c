/*===- Wasi.c - The WASI object: configuration and lifetime -------*- C -*-===*/

#define _GNU_SOURCE
#include "WasiInternal.h"

#include "../Error.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

void wasmaot_wasi_config_init(wasmaot_wasi_config *config) {
  memset(config, 0, sizeof *config);
  config->stdin_fd = STDIN_FILENO;
  config->stdout_fd = STDOUT_FILENO;
  config->stderr_fd = STDERR_FILENO;
}

/* Copies n strings into a NULL-terminated array; *bytes gets their total
 * size with NULs. NULL when out of memory. */
static char **copy_strings(const char *const *strings, size_t n,
                           size_t *bytes) {
  char **copy = calloc(n + 1, sizeof *copy);
  if (!copy)
    return NULL;
  *bytes = 0;
  for (size_t i = 0; i < n; ++i) {
    copy[i] = strdup(strings[i] ? strings[i] : "");
    if (!copy[i]) {
      for (size_t j = 0; j < i; ++j)
        free(copy[j]);
      free(copy);
      return NULL;
    }
    *bytes += strlen(copy[i]) + 1;
  }
  return copy;
}

static void free_strings(char **strings) {
  if (!strings)
    return;
  for (char **s = strings; *s; ++s)
    free(*s);
  free(strings);
}

/* Adds a duplicate of host as the next fd, with the rights its type
 * allows. A closed stdio stream (-1) still takes its number, empty. */
static int add_host_fd(wasmaot_wasi *wasi, int host, uint8_t kind,
                       char **error) {
  uint32_t fd;
  if (host < 0) {
    /* -2 holds the number while the others are given out (so they stay
     * put); wasmaot_wasi_new frees it at the end. */
    if (wasi_fd_add(wasi, -2, 0, kind, 0, 0, &fd) != 0) {
      wasmaot_set_error(error, "wasi: out of memory");
      return -1;
    }
    return 0;
  }
  int dup = fcntl(host, F_DUPFD_CLOEXEC, 0);
  struct stat st;
  if (dup < 0 || fstat(dup, &st) != 0) {
    wasmaot_set_error(error, "wasi: descriptor %d: %s", host, strerror(errno));
    if (dup >= 0)
      close(dup);
    return -1;
  }
  uint8_t type = wasi_filetype_of(dup, st.st_mode);
  uint64_t base, inheriting;
  wasi_rights_for(type, dup, &base, &inheriting);
  if (wasi_fd_add(wasi, dup, type, kind, base, inheriting, &fd) != 0) {
    wasmaot_set_error(error, "wasi: out of memory");
    return -1;
  }
  return 0;
}

static int add_preopen(wasmaot_wasi *wasi, const wasmaot_wasi_preopen *p,
                       char **error) {
  if (!p->host_path || !p->guest_path) {
    wasmaot_set_error(error, "wasi: a preopen without a path");
    return -1;
  }
  int dir = open(p->host_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) {
    wasmaot_set_error(error, "wasi: cannot open directory '%s': %s",
                      p->host_path, strerror(errno));
    return -1;
  }
  uint64_t base, inheriting;
  wasi_rights_for(WASI_FILETYPE_DIRECTORY, dir, &base, &inheriting);
  uint32_t fd;
  char *name = strdup(p->guest_path);
  if (!name || wasi_fd_add(wasi, dir, WASI_FILETYPE_DIRECTORY,
                           WASI_KIND_PREOPEN, base, inheriting, &fd) != 0) {
    free(name);
    wasmaot_set_error(error, "wasi: out of memory");
    return -1;
  }
  wasi->fds[fd].preopen_name = name;
  return 0;
}

wasmaot_wasi *wasmaot_wasi_new(const wasmaot_wasi_config *config,
                               char **error) {
  if (!config) {
    wasmaot_set_error(error, "wasi: no configuration");
    return NULL;
  }
  for (size_t i = 0; i < config->num_env; ++i)
    if (!config->env[i] || !strchr(config->env[i], '=')) {
      wasmaot_set_error(error, "wasi: environment string '%s' has no '='",
                        config->env[i] ? config->env[i] : "(null)");
      return NULL;
    }
  wasmaot_wasi *wasi = calloc(1, sizeof *wasi);
  if (!wasi) {
    wasmaot_set_error(error, "wasi: out of memory");
    return NULL;
  }
  wasi->use_openat2 = 1;
  wasi->num_args = config->num_args;
  wasi->num_env = config->num_env;
  wasi->args = copy_strings(config->args, config->num_args, &wasi->args_bytes);
  wasi->env = copy_strings(config->env, config->num_env, &wasi->env_bytes);
  if (!wasi->args || !wasi->env) {
    wasmaot_set_error(error, "wasi: out of memory");
    wasmaot_wasi_delete(wasi);
    return NULL;
  }
  int stdio[3] = {config->stdin_fd, config->stdout_fd, config->stderr_fd};
  for (int i = 0; i < 3; ++i)
    if (add_host_fd(wasi, stdio[i], WASI_KIND_FILE, error) != 0) {
      wasmaot_wasi_delete(wasi);
      return NULL;
    }
  for (size_t i = 0; i < config->num_preopens; ++i)
    if (add_preopen(wasi, &config->preopens[i], error) != 0) {
      wasmaot_wasi_delete(wasi);
      return NULL;
    }
  for (size_t i = 0; i < config->num_sockets; ++i)
    if (add_host_fd(wasi, config->sockets[i], WASI_KIND_SOCKET, error) != 0) {
      wasmaot_wasi_delete(wasi);
      return NULL;
    }
  for (int i = 0; i < 3; ++i)
    if (wasi->fds[i].host == -2)
      wasi->fds[i].host = -1;
  return wasi;
}

void wasmaot_wasi_delete(wasmaot_wasi *wasi) {
  if (!wasi)
    return;
  for (uint32_t i = 0; i < wasi->num_fds; ++i)
    if (wasi->fds[i].host >= 0 || wasi->fds[i].preopen_name)
      wasi_fd_release(&wasi->fds[i]);
  free(wasi->fds);
  free_strings(wasi->args);
  free_strings(wasi->env);
  free(wasi);
}

int wasmaot_wasi_exit_code(const wasmaot_wasi *wasi, uint32_t *code) {
  if (!wasi || !wasi->exited)
    return 0;
  if (code)
    *code = wasi->exit_code;
  return 1;
}
