/*===- Signals.h - Faults of generated code as traps --------------*- C -*-===*
 *
 * One SIGSEGV and one SIGBUS handler for the process (installed once, by
 * wasmaot_install_signal_handlers in wasmaot.h) and an alternate signal stack
 * per thread that enters Wasm, so that stack overflows can be handled.
 *
 * The handler traps only when all of these hold, and otherwise passes the
 * signal to the handler installed before it (its sa_sigaction or sa_handler;
 * for SIG_DFL/SIG_IGN it restores SIG_DFL and returns, so that the faulting
 * instruction faults again and the default action follows):
 *   - the signal was raised by the kernel for a fault (si_code > 0),
 *   - the thread is inside a call into Wasm (it has an entry frame),
 *   - the faulting instruction is in registered generated code, and
 *   - the address is in a memory reservation (out of bounds memory access)
 *     or near the thread's stack bottom (call stack exhausted).
 *
 *===----------------------------------------------------------------------===*/

#ifndef WASMAOT_RUNTIME_SIGNALS_H
#define WASMAOT_RUNTIME_SIGNALS_H

#ifdef __cplusplus
extern "C" {
#endif

/* Size of the alternate signal stack the runtime gives a thread, and the
 * smallest one it accepts from the host instead. */
#define WASMAOT_SIGNAL_STACK_SIZE (256u * 1024u)
#define WASMAOT_SIGNAL_STACK_MIN (32u * 1024u)

/* Gives the calling thread an alternate signal stack unless it has one of at
 * least WASMAOT_SIGNAL_STACK_MIN bytes; it is freed when the thread exits.
 * Returns 0, or -1 if none could be set up. */
int wasmaot_thread_signal_stack_init(void);

#ifdef __cplusplus
}
#endif

#endif
