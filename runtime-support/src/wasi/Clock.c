/*===- Clock.c - Clocks, randomness and yielding ------------------*- C -*-===*/

#define _GNU_SOURCE
#include "WasiInternal.h"

#include <errno.h>
#include <sched.h>
#include <sys/random.h>
#include <time.h>

int wasi_host_clock(uint32_t id, int *clock) {
  switch (id) {
  case WASI_CLOCK_REALTIME:
    *clock = CLOCK_REALTIME;
    return 0;
  case WASI_CLOCK_MONOTONIC:
    *clock = CLOCK_MONOTONIC;
    return 0;
  case WASI_CLOCK_PROCESS_CPUTIME:
    *clock = CLOCK_PROCESS_CPUTIME_ID;
    return 0;
  case WASI_CLOCK_THREAD_CPUTIME:
    *clock = CLOCK_THREAD_CPUTIME_ID;
    return 0;
  default:
    return -1;
  }
}

uint64_t wasi_clock_now(int clock) {
  struct timespec t = {0, 0};
  clock_gettime((clockid_t)clock, &t);
  return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

WASI_FUNC(clock_res_get) {
  (void)env;
  int clock;
  if (wasi_host_clock(ARG32(0), &clock) != 0)
    WASI_RETURN(WASI_EINVAL);
  struct timespec t;
  if (clock_getres((clockid_t)clock, &t) != 0)
    WASI_RETURN(wasi_errno(errno));
  WASI_RETURN(
      wasi_store64(wasi_memory(caller), ARG32(1),
                   (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec));
}

WASI_FUNC(clock_time_get) {
  (void)env;
  int clock;
  if (wasi_host_clock(ARG32(0), &clock) != 0)
    WASI_RETURN(WASI_EINVAL);
  /* args[1] is the precision wanted: the host clock's best serves any. */
  WASI_RETURN(
      wasi_store64(wasi_memory(caller), ARG32(2), wasi_clock_now(clock)));
}

WASI_FUNC(random_get) {
  (void)env;
  uint8_t *p = wasi_ptr(wasi_memory(caller), ARG32(0), ARG32(1));
  if (!p)
    WASI_RETURN(WASI_EFAULT);
  for (size_t done = 0, len = ARG32(1); done < len;) {
    ssize_t n = getrandom(p + done, len - done, 0);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      WASI_RETURN(wasi_errno(errno));
    }
    done += (size_t)n;
  }
  WASI_RETURN(WASI_ESUCCESS);
}

WASI_FUNC(sched_yield) {
  (void)env;
  (void)caller;
  (void)args;
  sched_yield();
  WASI_RETURN(WASI_ESUCCESS);
}
