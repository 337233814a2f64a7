/*===- Signals.c - Faults of generated code as traps ----------------------===*/

#define _GNU_SOURCE
#include "Signals.h"

#include "Registry.h"
#include "StackLimit.h"
#include "Trap.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

static struct sigaction previous_segv, previous_bus;
static pthread_once_t install_once = PTHREAD_ONCE_INIT;
static int install_result = -1;
/* Owns each thread's alternate signal stack (the mapping's base). */
static pthread_key_t signal_stack_key;

static uintptr_t fault_pc(const void *context) {
  const ucontext_t *uc = (const ucontext_t *)context;
#if defined(__x86_64__)
  return (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
#elif defined(__aarch64__)
  return (uintptr_t)uc->uc_mcontext.pc;
#else
#error "fault_pc: unsupported target"
#endif
}

/* The frame pointer at the fault (generated code keeps one). */
static uintptr_t fault_frame_pointer(const void *context) {
  const ucontext_t *uc = (const ucontext_t *)context;
#if defined(__x86_64__)
  return (uintptr_t)uc->uc_mcontext.gregs[REG_RBP];
#elif defined(__aarch64__)
  return (uintptr_t)uc->uc_mcontext.regs[29];
#else
#error "fault_frame_pointer: unsupported target"
#endif
}

/* Hands the signal to whoever had it before us. */
static void chain(int sig, siginfo_t *info, void *context) {
  const struct sigaction *previous =
      sig == SIGBUS ? &previous_bus : &previous_segv;
  if (previous->sa_flags & SA_SIGINFO) {
    previous->sa_sigaction(sig, info, context);
    return;
  }
  if (previous->sa_handler == SIG_IGN && info->si_code <= 0)
    return; /* a sent signal the host ignores */
  if (previous->sa_handler == SIG_DFL || previous->sa_handler == SIG_IGN) {
    /* (A fault cannot be ignored: the kernel would apply the default.) */
    int saved_errno = errno;
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, NULL);
    if (info->si_code <= 0) /* sent, not a fault: it will not recur */
      raise(sig);           /* blocked until we return */
    errno = saved_errno;
    return; /* a fault: the instruction faults again, now fatally */
  }
  previous->sa_handler(sig);
}

static void fault_handler(int sig, siginfo_t *info, void *context) {
  wasmaot_entry_frame *frame = wasmaot_innermost_entry();
  if (frame && info->si_code > 0) {
    uintptr_t pc = fault_pc(context);
    uintptr_t address = (uintptr_t)info->si_addr;
    if (wasmaot_ranges_contain(WASMAOT_RANGES_CODE, pc)) {
      uint32_t code = WASMAOT_TRAP_NONE;
      if (wasmaot_ranges_contain(WASMAOT_RANGES_MEMORY, address))
        code = WASMAOT_TRAP_OUT_OF_BOUNDS_MEMORY;
      else if (wasmaot_stack_guard_contains(address))
        code = WASMAOT_TRAP_STACK_EXHAUSTED;
      if (code != WASMAOT_TRAP_NONE) {
        wasmaot_capture_backtrace(frame, (const void *)pc,
                                  fault_frame_pointer(context));
        wasmaot_unwind(frame, code, (const void *)pc, (const void *)address);
      }
    }
  }
  chain(sig, info, context);
}

static void free_signal_stack(void *mapping) {
  char *base = mapping;
  stack_t current;
  if (sigaltstack(NULL, &current) != 0)
    return;
  /* If it is still the thread's stack (someone may have replaced it),
   * disable it first; keep it if that fails. */
  if (!(current.ss_flags & SS_DISABLE) &&
      (char *)current.ss_sp == base + getpagesize()) {
    stack_t off;
    memset(&off, 0, sizeof off);
    off.ss_flags = SS_DISABLE;
    if (sigaltstack(&off, NULL) != 0)
      return;
  }
  munmap(base, WASMAOT_SIGNAL_STACK_SIZE + (size_t)getpagesize());
}

static void install(void) {
  if (pthread_key_create(&signal_stack_key, free_signal_stack) != 0)
    return;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = fault_handler;
  /* No SA_NODEFER: a fault inside the handler itself is then fatal rather
   * than recursive. Unwinding restores the mask (sigsetjmp saved it). */
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&sa.sa_mask);
  if (sigaction(SIGSEGV, &sa, &previous_segv) != 0)
    return;
  if (sigaction(SIGBUS, &sa, &previous_bus) != 0) {
    sigaction(SIGSEGV, &previous_segv, NULL);
    return;
  }
  install_result = 0;
}

int wasmaot_install_signal_handlers(void) {
  pthread_once(&install_once, install);
  return install_result;
}

int wasmaot_thread_signal_stack_init(void) {
  stack_t current;
  if (sigaltstack(NULL, &current) == 0 && !(current.ss_flags & SS_DISABLE) &&
      current.ss_size >= WASMAOT_SIGNAL_STACK_MIN)
    return 0; /* the host's, or ASan's: keep it */
  if (wasmaot_install_signal_handlers() != 0)
    return -1; /* no key */
  size_t guard = (size_t)getpagesize();
  size_t total = WASMAOT_SIGNAL_STACK_SIZE + guard;
  char *base = mmap(NULL, total, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (base == MAP_FAILED)
    return -1;
  mprotect(base, guard, PROT_NONE); /* overflow of the signal stack faults */
  stack_t stack;
  memset(&stack, 0, sizeof stack);
  stack.ss_sp = base + guard;
  stack.ss_size = WASMAOT_SIGNAL_STACK_SIZE;
  if (sigaltstack(&stack, NULL) != 0) {
    munmap(base, total);
    return -1;
  }
  /* If this fails the stack leaks at thread exit; it still serves. */
  pthread_setspecific(signal_stack_key, base);
  return 0;
}
