/*===- StackLimit.c - The per-thread stack limit --------------------------===*/

#define _GNU_SOURCE
#include "StackLimit.h"

#include "wasmaot/wasmaot.h"

#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#define WASMAOT_TLS _Thread_local __attribute__((tls_model("initial-exec")))

/* Read by generated code through the thread pointer: it must stay a plain,
 * initial-exec TLS word. */
static WASMAOT_TLS uintptr_t stack_limit;
/* The thread's usable stack; bounds_state: 0 unknown, 1 known, -1 failed. */
static WASMAOT_TLS uintptr_t stack_low, stack_high;
static WASMAOT_TLS int bounds_state;

void *wasmaot_thread_pointer(void) {
#if defined(__has_builtin)
#if __has_builtin(__builtin_thread_pointer)
#define WASMAOT_HAVE_THREAD_POINTER_BUILTIN 1
  return __builtin_thread_pointer();
#endif
#endif
#ifndef WASMAOT_HAVE_THREAD_POINTER_BUILTIN
#if defined(__x86_64__)
  void *tp; /* the TCB's first word points to itself (x86-64 TLS ABI) */
  __asm__("mov %%fs:0, %0" : "=r"(tp));
  return tp;
#elif defined(__aarch64__)
  void *tp;
  __asm__("mrs %0, tpidr_el0" : "=r"(tp));
  return tp;
#else
#error "wasmaot_thread_pointer: unsupported target"
#endif
#endif
}

intptr_t wasmaot_stack_limit_tls_offset(void) {
  return (intptr_t)((char *)&stack_limit - (char *)wasmaot_thread_pointer());
}

uintptr_t wasmaot_stack_limit_get(void) { return stack_limit; }
void wasmaot_stack_limit_set(uintptr_t limit) { stack_limit = limit; }

int wasmaot_stack_bounds_init(void) {
  if (bounds_state != 0)
    return bounds_state > 0 ? 0 : -1;
  bounds_state = -1;
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) != 0)
    return -1;
  void *addr = NULL;
  size_t size = 0;
  int rc = pthread_attr_getstack(&attr, &addr, &size);
  pthread_attr_destroy(&attr);
  if (rc != 0 || size == 0)
    return -1;
  uintptr_t low = (uintptr_t)addr, high = low + size;
  /* The main thread's stack grows on demand up to RLIMIT_STACK. glibc
   * already reports that much, measured from the top of the stack mapping
   * (a little above `high`): use it, and only ever shrink it to the rlimit,
   * for C libraries that report more. With no rlimit glibc reports all the
   * address space down to the heap, which moves: take a fixed amount. */
  if (getpid() == (pid_t)syscall(SYS_gettid)) {
    struct rlimit rl;
    if (getrlimit(RLIMIT_STACK, &rl) == 0) {
      uintptr_t usable = rl.rlim_cur == RLIM_INFINITY
                             ? (uintptr_t)WASMAOT_UNLIMITED_MAIN_STACK
                             : (uintptr_t)rl.rlim_cur;
      if (usable < high && high - usable > low)
        low = high - usable;
    }
  }
  stack_low = low;
  stack_high = high;
  bounds_state = 1;
  return 0;
}

void wasmaot_stack_bounds(uintptr_t *low, uintptr_t *high) {
  *low = stack_low;
  *high = stack_high;
}

uintptr_t wasmaot_stack_limit_enter(void) {
  uintptr_t previous = stack_limit;
  uintptr_t sp = (uintptr_t)__builtin_frame_address(0);
  if (bounds_state > 0 && sp > stack_low && sp <= stack_high)
    stack_limit = stack_low + WASMAOT_STACK_RESERVE;
  else
    stack_limit = 0; /* a stack pthread does not know: no limit */
  return previous;
}

int wasmaot_stack_guard_contains(uintptr_t address) {
  if (bounds_state <= 0)
    return 0;
  uintptr_t below = 1u << 20, above = 64u << 10;
  uintptr_t from = stack_low > below ? stack_low - below : 0;
  return address >= from && address < stack_low + above;
}
