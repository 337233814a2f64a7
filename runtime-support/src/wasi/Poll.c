/*===- Poll.c - poll_oneoff: clock and descriptor subscriptions ---*- C -*-===*/

#define _GNU_SOURCE
#include "WasiInternal.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

enum { WASI_SUBCLOCK_ABSTIME = 1, WASI_EVENTRW_HANGUP = 1 };

typedef struct subscription {
  uint64_t userdata;
  uint8_t type;
  int32_t error;     /* an immediate event's error, or 0 */
  int clock;         /* clock subscriptions */
  uint64_t deadline; /* on that clock */
  int pfd;           /* fd subscriptions: index into the pollfd array */
} subscription;

static void put_event(uint8_t *e, const subscription *s, int32_t error,
                      uint64_t nbytes, uint16_t flags) {
  memset(e, 0, WASI_EVENT_SIZE);
  wasi_put64(e, s->userdata);
  wasi_put16(e + 8, (uint16_t)error);
  e[10] = s->type;
  wasi_put64(e + 16, nbytes);
  wasi_put16(e + 24, flags);
}

/* Bytes ready to read on a descriptor, as far as the host tells. */
static uint64_t readable_bytes(int host) {
  struct stat st;
  if (fstat(host, &st) == 0 && S_ISREG(st.st_mode)) {
    off_t pos = lseek(host, 0, SEEK_CUR);
    return pos >= 0 && st.st_size > pos ? (uint64_t)(st.st_size - pos) : 0;
  }
  int n = 0;
  return ioctl(host, FIONREAD, &n) == 0 && n > 0 ? (uint64_t)n : 0;
}

/* Reads the subscriptions; fills pfds for the descriptor ones. errno. */
static int32_t read_subscriptions(wasmaot_wasi *w, const uint8_t *in,
                                  uint32_t n, subscription *subs,
                                  struct pollfd *pfds, nfds_t *npfds) {
  for (uint32_t i = 0; i < n; ++i) {
    const uint8_t *s = in + (size_t)i * WASI_SUBSCRIPTION_SIZE;
    subscription *sub = &subs[i];
    memset(sub, 0, sizeof *sub);
    sub->userdata = wasi_get64(s);
    sub->type = s[8];
    sub->pfd = -1;
    if (sub->type == WASI_EVENT_CLOCK) {
      uint64_t timeout = wasi_get64(s + 24);
      uint16_t flags = wasi_get16(s + 40);
      if (wasi_host_clock(wasi_get32(s + 16), &sub->clock) != 0) {
        sub->error = WASI_EINVAL;
        continue;
      }
      if (flags & WASI_SUBCLOCK_ABSTIME) {
        sub->deadline = timeout;
      } else {
        uint64_t now = wasi_clock_now(sub->clock);
        sub->deadline = timeout > UINT64_MAX - now ? UINT64_MAX : now + timeout;
      }
    } else if (sub->type == WASI_EVENT_FD_READ ||
               sub->type == WASI_EVENT_FD_WRITE) {
      int32_t err;
      wasi_fd *fd = wasi_fd_get(w, wasi_get32(s + 16),
                                WASI_RIGHT(WASI_POLL_FD_READWRITE), &err);
      if (!fd) {
        sub->error = err;
        continue;
      }
      sub->pfd = (int)*npfds;
      pfds[*npfds].fd = fd->host;
      pfds[*npfds].events = sub->type == WASI_EVENT_FD_READ ? POLLIN : POLLOUT;
      pfds[*npfds].revents = 0;
      ++*npfds;
    } else {
      return WASI_EINVAL;
    }
  }
  return WASI_ESUCCESS;
}

/* Writes the events that happened; returns how many. */
static uint32_t collect_events(const subscription *subs, uint32_t n,
                               const struct pollfd *pfds, uint8_t *out) {
  uint32_t count = 0;
  for (uint32_t i = 0; i < n; ++i) {
    const subscription *s = &subs[i];
    uint8_t *e = out + (size_t)count * WASI_EVENT_SIZE;
    if (s->error) {
      put_event(e, s, s->error, 0, 0);
    } else if (s->type == WASI_EVENT_CLOCK) {
      if (wasi_clock_now(s->clock) < s->deadline)
        continue;
      put_event(e, s, 0, 0, 0);
    } else {
      short revents = pfds[s->pfd].revents;
      if (!revents)
        continue;
      int32_t error = revents & POLLNVAL  ? WASI_EBADF
                      : revents & POLLERR ? WASI_EIO
                                          : 0;
      uint64_t nbytes =
          s->type == WASI_EVENT_FD_READ ? readable_bytes(pfds[s->pfd].fd) : 0;
      put_event(e, s, error, nbytes,
                (revents & POLLHUP) ? WASI_EVENTRW_HANGUP : 0);
    }
    ++count;
  }
  return count;
}

/* Nanoseconds until the earliest clock subscription is due (UINT64_MAX:
 * none). */
static uint64_t time_to_wait(const subscription *subs, uint32_t n) {
  uint64_t wait = UINT64_MAX;
  for (uint32_t i = 0; i < n; ++i) {
    if (subs[i].error)
      return 0;
    if (subs[i].type != WASI_EVENT_CLOCK)
      continue;
    uint64_t now = wasi_clock_now(subs[i].clock);
    uint64_t left = subs[i].deadline > now ? subs[i].deadline - now : 0;
    if (left < wait)
      wait = left;
  }
  return wait;
}

WASI_FUNC(poll_oneoff) {
  wasi_mem m = wasi_memory(caller);
  uint32_t n = ARG32(2);
  if (n == 0)
    WASI_RETURN(WASI_EINVAL);
  const uint8_t *in =
      wasi_ptr(m, ARG32(0), (uint64_t)n * WASI_SUBSCRIPTION_SIZE);
  uint8_t *out = wasi_ptr(m, ARG32(1), (uint64_t)n * WASI_EVENT_SIZE);
  if (!in || !out || !wasi_ptr(m, ARG32(3), 4))
    WASI_RETURN(WASI_EFAULT);
  subscription *subs = calloc(n, sizeof *subs);
  struct pollfd *pfds = calloc(n, sizeof *pfds);
  if (!subs || !pfds) {
    free(subs);
    free(pfds);
    WASI_RETURN(WASI_ENOMEM);
  }
  nfds_t npfds = 0;
  int32_t err = read_subscriptions(env, in, n, subs, pfds, &npfds);
  uint32_t count = 0;
  while (err == WASI_ESUCCESS && count == 0) {
    uint64_t wait = time_to_wait(subs, n);
    struct timespec t = {(time_t)(wait / 1000000000ull),
                         (long)(wait % 1000000000ull)};
    int r = ppoll(pfds, npfds, wait == UINT64_MAX ? NULL : &t, NULL);
    if (r < 0 && errno != EINTR)
      err = wasi_errno(errno);
    else
      count = collect_events(subs, n, pfds, out);
  }
  free(subs);
  free(pfds);
  if (err == WASI_ESUCCESS)
    wasi_store32(m, ARG32(3), count);
  WASI_RETURN(err);
}
