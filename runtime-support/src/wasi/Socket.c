/*===- Socket.c - sock_* on preopened sockets ---------------------*- C -*-===*/

#define _GNU_SOURCE
#include "WasiInternal.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

enum {
  WASI_RIFLAG_PEEK = 1,
  WASI_RIFLAG_WAITALL = 2,
  WASI_ROFLAG_TRUNCATED = 1,
  WASI_SDFLAG_RD = 1,
  WASI_SDFLAG_WR = 2
};

/* The socket behind args[0] with rights: NULL with *err for a bad fd, a
 * missing right, or a descriptor that is no socket (ENOTSOCK). */
static wasi_fd *get_socket(wasmaot_wasi *w, uint32_t fdnum, uint64_t rights,
                           int32_t *err) {
  wasi_fd *fd = wasi_fd_get(w, fdnum, 0, err);
  if (!fd)
    return NULL;
  if (fd->filetype != WASI_FILETYPE_SOCKET_STREAM &&
      fd->filetype != WASI_FILETYPE_SOCKET_DGRAM) {
    *err = WASI_ENOTSOCK;
    return NULL;
  }
  return wasi_fd_get(w, fdnum, rights, err);
}

WASI_FUNC(sock_accept) {
  /* args: fd, fdflags, fd out. */
  int32_t err;
  wasi_fd *fd = get_socket(env, ARG32(0), WASI_RIGHT(WASI_SOCK_ACCEPT), &err);
  if (!fd)
    WASI_RETURN(err);
  uint32_t flags = ARG32(1);
  if (flags & ~(uint32_t)WASI_FDFLAG_NONBLOCK)
    WASI_RETURN(WASI_EINVAL);
  wasi_mem m = wasi_memory(caller);
  if (!wasi_ptr(m, ARG32(2), 4))
    WASI_RETURN(WASI_EFAULT);
  int host = accept4(fd->host, NULL, NULL,
                     SOCK_CLOEXEC |
                         (flags & WASI_FDFLAG_NONBLOCK ? SOCK_NONBLOCK : 0));
  if (host < 0)
    WASI_RETURN(wasi_errno(errno));
  uint64_t base, inheriting;
  wasi_rights_for(WASI_FILETYPE_SOCKET_STREAM, host, &base, &inheriting);
  base &= ~WASI_RIGHT(WASI_SOCK_ACCEPT); /* a connection accepts nothing */
  uint32_t out;
  err = wasi_fd_add(env, host, WASI_FILETYPE_SOCKET_STREAM, WASI_KIND_SOCKET,
                    base, inheriting, &out);
  if (!err)
    wasi_store32(m, ARG32(2), out);
  WASI_RETURN(err);
}

/* recvmsg or sendmsg over the guest's iovecs; the byte count goes to
 * count_ptr, the message flags the host returned to *msg_flags. */
static int32_t transfer(wasi_fd *fd, wasi_mem m, uint32_t iovs, uint32_t n,
                        int sending, int flags, uint32_t count_ptr,
                        int *msg_flags) {
  if (!wasi_ptr(m, count_ptr, 4))
    return WASI_EFAULT;
  struct iovec *iov;
  int32_t err = wasi_gather_iovs(m, iovs, n, &iov);
  if (err)
    return err;
  struct msghdr msg;
  memset(&msg, 0, sizeof msg);
  msg.msg_iov = iov;
  msg.msg_iovlen = n;
  ssize_t done;
  do
    done = sending ? sendmsg(fd->host, &msg, flags | MSG_NOSIGNAL)
                   : recvmsg(fd->host, &msg, flags);
  while (done < 0 && errno == EINTR);
  int saved = errno;
  free(iov);
  if (done < 0)
    return wasi_errno(saved);
  *msg_flags = msg.msg_flags;
  return wasi_store32(m, count_ptr, (uint32_t)done);
}

WASI_FUNC(sock_recv) {
  /* args: fd, ri_data, ri_data_len, ri_flags, ro_datalen out, ro_flags
   * out. */
  int32_t err;
  wasi_fd *fd = get_socket(env, ARG32(0), WASI_RIGHT(WASI_FD_READ), &err);
  if (!fd)
    WASI_RETURN(err);
  if (ARG32(3) & ~(uint32_t)(WASI_RIFLAG_PEEK | WASI_RIFLAG_WAITALL))
    WASI_RETURN(WASI_EINVAL);
  wasi_mem m = wasi_memory(caller);
  uint8_t *flags_out = wasi_ptr(m, ARG32(5), 2);
  if (!flags_out)
    WASI_RETURN(WASI_EFAULT);
  int flags = ((ARG32(3) & WASI_RIFLAG_PEEK) ? MSG_PEEK : 0) |
              ((ARG32(3) & WASI_RIFLAG_WAITALL) ? MSG_WAITALL : 0);
  int msg_flags = 0;
  err = transfer(fd, m, ARG32(1), ARG32(2), 0, flags, ARG32(4), &msg_flags);
  if (!err)
    wasi_put16(flags_out, (msg_flags & MSG_TRUNC) ? WASI_ROFLAG_TRUNCATED : 0);
  WASI_RETURN(err);
}

WASI_FUNC(sock_send) {
  /* args: fd, si_data, si_data_len, si_flags, so_datalen out. */
  int32_t err;
  wasi_fd *fd = get_socket(env, ARG32(0), WASI_RIGHT(WASI_FD_WRITE), &err);
  if (!fd)
    WASI_RETURN(err);
  if (ARG32(3) != 0) /* no send flags are defined */
    WASI_RETURN(WASI_EINVAL);
  int msg_flags;
  WASI_RETURN(transfer(fd, wasi_memory(caller), ARG32(1), ARG32(2), 1, 0,
                       ARG32(4), &msg_flags));
}

WASI_FUNC(sock_shutdown) {
  (void)caller;
  int32_t err;
  wasi_fd *fd = get_socket(env, ARG32(0), WASI_RIGHT(WASI_SOCK_SHUTDOWN), &err);
  if (!fd)
    WASI_RETURN(err);
  int how;
  switch (ARG32(1)) {
  case WASI_SDFLAG_RD:
    how = SHUT_RD;
    break;
  case WASI_SDFLAG_WR:
    how = SHUT_WR;
    break;
  case WASI_SDFLAG_RD | WASI_SDFLAG_WR:
    how = SHUT_RDWR;
    break;
  default:
    WASI_RETURN(WASI_EINVAL);
  }
  WASI_RETURN(shutdown(fd->host, how) == 0 ? WASI_ESUCCESS : wasi_errno(errno));
}
