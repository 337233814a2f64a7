/*===- wasi.h - WASI preview1 for hosts of the runtime ------------*- C -*-===*
 *
 * An implementation of the 46 functions of wasi_snapshot_preview1 as host
 * functions, for any host that links the runtime (wasm-aot run uses it).
 *
 * A wasmaot_wasi object is one program's world: its arguments, environment,
 * file descriptor table (stdio, preopened directories and sockets, the files
 * it opens) and, once it called proc_exit, its exit code. Objects share no
 * state: two in one process have separate descriptor tables. An object is
 * not thread-safe (wasi_snapshot_preview1 has no threads).
 *
 * Sandbox. Paths are resolved beneath the directory descriptor of a
 * preopen (openat2 with RESOLVE_BENEATH, or a component-by-component walk
 * where the kernel lacks openat2): absolute paths, ".." and symbolic links
 * that would leave it fail with ENOTCAPABLE. Rights (fs_rights_base and
 * _inheriting) are checked before every operation. Every pointer and length
 * the guest passes is checked against its memory 0 first: a bad one gives
 * EFAULT, never a host crash.
 *
 * Usage: wasmaot_wasi_new, then wasmaot_wasi_bind_imports (or
 * wasmaot_wasi_resolve for one import) to fill the imports for
 * wasmaot_instance_new, then call "_start". A call that ends with
 * WASMAOT_TRAP_EXIT ended in proc_exit (or a fatal proc_raise):
 * wasmaot_wasi_exit_code gives the program's exit code.
 *
 *===----------------------------------------------------------------------===*/

#ifndef WASMAOT_WASI_H
#define WASMAOT_WASI_H

#include "wasmaot/wasmaot.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wasmaot_wasi wasmaot_wasi;

/* A host directory the program may reach, under the name it sees (for
 * example "." or "/data"). */
typedef struct wasmaot_wasi_preopen {
  const char *host_path;
  const char *guest_path;
} wasmaot_wasi_preopen;

typedef struct wasmaot_wasi_config {
  const char *const *args; /* argv; args[0] is the program's name */
  size_t num_args;
  const char *const *env; /* "KEY=VALUE" strings */
  size_t num_env;
  const wasmaot_wasi_preopen *preopens; /* fds 3, 4, ... in this order */
  size_t num_preopens;
  /* Host descriptors behind WASI fds 0, 1 and 2 (-1: closed). The object
   * uses duplicates; the host keeps its own. */
  int stdin_fd;
  int stdout_fd;
  int stderr_fd;
  /* Host sockets (listening or connected) handed to the program, numbered
   * after the preopens; duplicated like the stdio descriptors. */
  const int *sockets;
  size_t num_sockets;
} wasmaot_wasi_config;

/* Fills config with no arguments, environment, preopens or sockets, and the
 * process's own stdin, stdout and stderr. */
void wasmaot_wasi_config_init(wasmaot_wasi_config *config);

/* Creates the object: copies the strings, duplicates the descriptors, opens
 * the preopened directories. NULL on failure (*error says why: a directory
 * that cannot be opened, a descriptor that cannot be duplicated, an
 * environment string without '=', out of memory). */
wasmaot_wasi *wasmaot_wasi_new(const wasmaot_wasi_config *config, char **error);

/* Closes every descriptor of the program and frees the object. No instance
 * bound to it may run afterwards. NULL is allowed. */
void wasmaot_wasi_delete(wasmaot_wasi *wasi);

/* The module name of the imports this implements. */
#define WASMAOT_WASI_MODULE "wasi_snapshot_preview1"

/* Fills *out with the host function for one wasi_snapshot_preview1 import
 * (out->owner NULL: the wasi object must outlive the instance). Returns 0,
 * or -1 with *error for an import of another module, another kind, an
 * unknown name, or a function type other than WASI's. */
int wasmaot_wasi_resolve(wasmaot_wasi *wasi, const wasmaot_import_info *import,
                         wasmaot_extern *out, char **error);

/* Fills imports[0 .. wasmaot_module_num_imports(module)): the WASI imports
 * from wasi, every other one WASMAOT_EXTERN_NONE (for the host to fill or
 * leave unknown). Returns 0, or -1 with *error at the first WASI import
 * wasmaot_wasi_resolve rejects. */
int wasmaot_wasi_bind_imports(wasmaot_wasi *wasi, const wasmaot_module *module,
                              wasmaot_extern *imports, char **error);

/* After a call into the program ended with WASMAOT_TRAP_EXIT: 1 and the
 * program's exit code in *code (the proc_exit value; 128 + the signal for a
 * proc_raise that terminates). 0 while the program has not exited. */
int wasmaot_wasi_exit_code(const wasmaot_wasi *wasi, uint32_t *code);

#ifdef __cplusplus
}
#endif

#endif /* WASMAOT_WASI_H */
