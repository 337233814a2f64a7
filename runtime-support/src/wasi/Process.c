/*===- Process.c - Arguments, environment, exit and signals -------*- C -*-===*/

#include "WasiInternal.h"

/* Writes the pointers to strings (at ptrs) and the strings themselves (at
 * buf), as args_get and environ_get do. */
static int32_t strings_get(wasmaot_context *caller, char **strings, size_t n,
                           size_t bytes, uint32_t ptrs, uint32_t buf) {
  wasi_mem m = wasi_memory(caller);
  uint8_t *p = wasi_ptr(m, ptrs, (uint64_t)n * 4);
  uint8_t *b = wasi_ptr(m, buf, bytes);
  if (!p || !b)
    return WASI_EFAULT;
  uint32_t offset = 0;
  for (size_t i = 0; i < n; ++i) {
    size_t len = strlen(strings[i]) + 1;
    wasi_put32(p + 4 * i, buf + offset);
    memcpy(b + offset, strings[i], len);
    offset += (uint32_t)len;
  }
  return WASI_ESUCCESS;
}

static int32_t strings_sizes_get(wasmaot_context *caller, size_t n,
                                 size_t bytes, uint32_t count_ptr,
                                 uint32_t size_ptr) {
  wasi_mem m = wasi_memory(caller);
  if (!wasi_ptr(m, count_ptr, 4) || !wasi_ptr(m, size_ptr, 4))
    return WASI_EFAULT;
  if (n > UINT32_MAX || bytes > UINT32_MAX)
    return WASI_EOVERFLOW;
  wasi_store32(m, count_ptr, (uint32_t)n);
  wasi_store32(m, size_ptr, (uint32_t)bytes);
  return WASI_ESUCCESS;
}

WASI_FUNC(args_get) {
  wasmaot_wasi *w = env;
  WASI_RETURN(strings_get(caller, w->args, w->num_args, w->args_bytes, ARG32(0),
                          ARG32(1)));
}

WASI_FUNC(args_sizes_get) {
  wasmaot_wasi *w = env;
  WASI_RETURN(strings_sizes_get(caller, w->num_args, w->args_bytes, ARG32(0),
                                ARG32(1)));
}

WASI_FUNC(environ_get) {
  wasmaot_wasi *w = env;
  WASI_RETURN(strings_get(caller, w->env, w->num_env, w->env_bytes, ARG32(0),
                          ARG32(1)));
}

WASI_FUNC(environ_sizes_get) {
  wasmaot_wasi *w = env;
  WASI_RETURN(
      strings_sizes_get(caller, w->num_env, w->env_bytes, ARG32(0), ARG32(1)));
}

/* Ends the program: the trap unwinds to the host, which reads the code. */
static int32_t exit_with(wasmaot_wasi *w, uint32_t code) {
  w->exited = 1;
  w->exit_code = code;
  return WASMAOT_TRAP_EXIT;
}

WASI_FUNC(proc_exit) {
  (void)caller;
  (void)results;
  return exit_with(env, ARG32(0));
}

/* The witx signal numbers whose default action matters here. */
enum {
  WASI_SIGNAL_NONE = 0,
  WASI_SIGNAL_CHLD = 16,
  WASI_SIGNAL_CONT = 17,
  WASI_SIGNAL_STOP = 18,
  WASI_SIGNAL_TSTP = 19,
  WASI_SIGNAL_TTIN = 20,
  WASI_SIGNAL_TTOU = 21,
  WASI_SIGNAL_URG = 22,
  WASI_SIGNAL_WINCH = 27,
  WASI_SIGNAL_LAST = 30 /* sys */
};

/* The program has no signal handlers (preview1 cannot install any), so a
 * signal takes its default action: ignored (chld, cont, urg, winch; and
 * the stop signals, there being no job control), otherwise the program
 * ends as a native one killed by it would, with 128 + the signal. */
WASI_FUNC(proc_raise) {
  (void)caller;
  uint32_t sig = ARG32(0);
  if (sig > WASI_SIGNAL_LAST)
    WASI_RETURN(WASI_EINVAL);
  switch (sig) {
  case WASI_SIGNAL_NONE:
  case WASI_SIGNAL_CHLD:
  case WASI_SIGNAL_CONT:
  case WASI_SIGNAL_STOP:
  case WASI_SIGNAL_TSTP:
  case WASI_SIGNAL_TTIN:
  case WASI_SIGNAL_TTOU:
  case WASI_SIGNAL_URG:
  case WASI_SIGNAL_WINCH:
    WASI_RETURN(WASI_ESUCCESS);
  default:
    return exit_with(env, 128 + sig);
  }
}
