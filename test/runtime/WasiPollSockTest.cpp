// WasiPollSockTest.cpp - WASI: poll_oneoff and the sock_* functions.

#include "WasiTestUtil.h"

#include <sys/socket.h>
#include <sys/un.h>

#include <chrono>

using namespace wasmaot::test;

namespace {

constexpr uint32_t SubsAt = 16384, EventsAt = 32768;

// Writes subscription i.
void clockSub(WasiTest &t, uint32_t i, uint64_t userdata, uint32_t clock,
              uint64_t timeout, uint16_t flags = 0) {
  uint8_t *s = t.mem() + SubsAt + i * WASI_SUBSCRIPTION_SIZE;
  memset(s, 0, WASI_SUBSCRIPTION_SIZE);
  wasi_put64(s, userdata);
  s[8] = WASI_EVENT_CLOCK;
  wasi_put32(s + 16, clock);
  wasi_put64(s + 24, timeout);
  wasi_put16(s + 40, flags);
}
void fdSub(WasiTest &t, uint32_t i, uint64_t userdata, uint8_t type,
           uint32_t fd) {
  uint8_t *s = t.mem() + SubsAt + i * WASI_SUBSCRIPTION_SIZE;
  memset(s, 0, WASI_SUBSCRIPTION_SIZE);
  wasi_put64(s, userdata);
  s[8] = type;
  wasi_put32(s + 16, fd);
}
struct Event {
  uint64_t userdata;
  uint16_t error;
  uint8_t type;
  uint64_t nbytes;
  uint16_t flags;
};
Event event(WasiTest &t, uint32_t i) {
  const uint8_t *e = t.mem() + EventsAt + i * WASI_EVENT_SIZE;
  return {wasi_get64(e), wasi_get16(e + 8), e[10], wasi_get64(e + 16),
          wasi_get16(e + 24)};
}

TEST_F(WasiTest, PollRelativeClockWaits) {
  clockSub(*this, 0, 7, WASI_CLOCK_MONOTONIC, 20000000); // 20 ms
  auto start = std::chrono::steady_clock::now();
  ASSERT_EQ(call("poll_oneoff", {SubsAt, EventsAt, 1, ResultAt}), 0);
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_GE(elapsed, std::chrono::milliseconds(20));
  ASSERT_EQ(get32(ResultAt), 1u);
  Event e = event(*this, 0);
  EXPECT_EQ(e.userdata, 7u);
  EXPECT_EQ(e.type, WASI_EVENT_CLOCK);
  EXPECT_EQ(e.error, 0);
}

TEST_F(WasiTest, PollAbsoluteClockInThePastIsDue) {
  clockSub(*this, 0, 1, WASI_CLOCK_REALTIME, 1000, 1);
  ASSERT_EQ(call("poll_oneoff", {SubsAt, EventsAt, 1, ResultAt}), 0);
  EXPECT_EQ(get32(ResultAt), 1u);
}

TEST_F(WasiTest, PollReadableDescriptorBeatsTheClock) {
  ASSERT_EQ(::write(In[1], "abc", 3), 3);
  clockSub(*this, 0, 1, WASI_CLOCK_MONOTONIC, 10000000000ull); // 10 s
  fdSub(*this, 1, 2, WASI_EVENT_FD_READ, 0);
  fdSub(*this, 2, 3, WASI_EVENT_FD_WRITE, 1);
  auto start = std::chrono::steady_clock::now();
  ASSERT_EQ(call("poll_oneoff", {SubsAt, EventsAt, 3, ResultAt}), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  ASSERT_EQ(get32(ResultAt), 2u);
  Event r = event(*this, 0), w = event(*this, 1);
  EXPECT_EQ(r.userdata, 2u);
  EXPECT_EQ(r.type, WASI_EVENT_FD_READ);
  EXPECT_EQ(r.nbytes, 3u);
  EXPECT_EQ(w.userdata, 3u);
  EXPECT_EQ(w.type, WASI_EVENT_FD_WRITE);
}

TEST_F(WasiTest, PollHangup) {
  ::close(In[1]);
  In[1] = -1;
  fdSub(*this, 0, 9, WASI_EVENT_FD_READ, 0);
  ASSERT_EQ(call("poll_oneoff", {SubsAt, EventsAt, 1, ResultAt}), 0);
  ASSERT_EQ(get32(ResultAt), 1u);
  EXPECT_EQ(event(*this, 0).flags, 1); // hangup
}

TEST_F(WasiTest, PollErrors) {
  EXPECT_EQ(call("poll_oneoff", {SubsAt, EventsAt, 0, ResultAt}), WASI_EINVAL);
  EXPECT_EQ(call("poll_oneoff", {BadPtr, EventsAt, 1, ResultAt}), WASI_EFAULT);
  EXPECT_EQ(call("poll_oneoff", {SubsAt, 65520, 1, ResultAt}), WASI_EFAULT);
  clockSub(*this, 0, 1, WASI_CLOCK_MONOTONIC, 0);
  EXPECT_EQ(call("poll_oneoff", {SubsAt, EventsAt, 1, BadPtr}), WASI_EFAULT);
  EXPECT_EQ(call("poll_oneoff", {SubsAt, EventsAt, 100000, ResultAt}),
            WASI_EFAULT);
  // Bad subscriptions become events with an error.
  fdSub(*this, 0, 5, WASI_EVENT_FD_READ, 99);
  clockSub(*this, 1, 6, 42, 0);
  ASSERT_EQ(call("poll_oneoff", {SubsAt, EventsAt, 2, ResultAt}), 0);
  ASSERT_EQ(get32(ResultAt), 2u);
  EXPECT_EQ(event(*this, 0).error, WASI_EBADF);
  EXPECT_EQ(event(*this, 1).error, WASI_EINVAL);
  ASSERT_EQ(call("fd_fdstat_set_rights", {0, 0, 0}), 0);
  fdSub(*this, 0, 5, WASI_EVENT_FD_READ, 0);
  ASSERT_EQ(call("poll_oneoff", {SubsAt, EventsAt, 1, ResultAt}), 0);
  EXPECT_EQ(event(*this, 0).error, WASI_ENOTCAPABLE);
  // An unknown event type.
  fdSub(*this, 0, 5, 3, 0);
  EXPECT_EQ(call("poll_oneoff", {SubsAt, EventsAt, 1, ResultAt}), WASI_EINVAL);
}

// A wasi object with one end of a socket pair as fd 4.
class WasiSocketTest : public WasiTest {
protected:
  void SetUp() override {
    WasiTest::SetUp();
    ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, Pair), 0);
    wasmaot_wasi_delete(Wasi);
    Wasi = create({}, {}, {Pair[0]});
    ::close(Pair[0]); // the object has its own
  }
  void TearDown() override {
    ::close(Pair[1]);
    WasiTest::TearDown();
  }
  int32_t send(uint32_t fd, const std::string &data, uint32_t flags = 0) {
    put(BufAt, data);
    wasi_put32(mem() + IovAt, BufAt);
    wasi_put32(mem() + IovAt + 4, (uint32_t)data.size());
    return call("sock_send", {fd, IovAt, 1, flags, ResultAt});
  }
  int32_t recv(uint32_t fd, uint32_t len, uint32_t flags = 0) {
    wasi_put32(mem() + IovAt, BufAt);
    wasi_put32(mem() + IovAt + 4, len);
    return call("sock_recv", {fd, IovAt, 1, flags, ResultAt, ResultAt + 8});
  }
  int Pair[2];
  static constexpr uint32_t Sock = 4;
};

TEST_F(WasiSocketTest, SendAndReceive) {
  ASSERT_EQ(call("fd_fdstat_get", {Sock, StatAt}), 0);
  EXPECT_EQ(mem()[StatAt], WASI_FILETYPE_SOCKET_STREAM);
  ASSERT_EQ(send(Sock, "ping"), 0);
  EXPECT_EQ(get32(ResultAt), 4u);
  char buf[8];
  ASSERT_EQ(::read(Pair[1], buf, sizeof buf), 4);
  ASSERT_EQ(::write(Pair[1], "pong!", 5), 5);
  ASSERT_EQ(recv(Sock, 2, 1), 0); // peek
  EXPECT_EQ(str(BufAt, get32(ResultAt)), "po");
  ASSERT_EQ(recv(Sock, 10), 0);
  EXPECT_EQ(str(BufAt, get32(ResultAt)), "pong!");
  EXPECT_EQ(wasi_get16(mem() + ResultAt + 8), 0);
}

TEST_F(WasiSocketTest, SendRecvErrors) {
  EXPECT_EQ(send(Sock, "x", 1), WASI_EINVAL);
  EXPECT_EQ(recv(Sock, 1, 4), WASI_EINVAL);
  EXPECT_EQ(send(1, "x"), WASI_ENOTSOCK);
  EXPECT_EQ(recv(0, 1), WASI_ENOTSOCK);
  EXPECT_EQ(send(50, "x"), WASI_EBADF);
  EXPECT_EQ(call("sock_send", {Sock, BadPtr, 1, 0, ResultAt}), WASI_EFAULT);
  EXPECT_EQ(call("sock_recv", {Sock, IovAt, 1, 0, BadPtr, ResultAt}),
            WASI_EFAULT);
  ASSERT_EQ(call("fd_fdstat_set_rights", {Sock, 0, 0}), 0);
  EXPECT_EQ(send(Sock, "x"), WASI_ENOTCAPABLE);
  EXPECT_EQ(recv(Sock, 1), WASI_ENOTCAPABLE);
}

TEST_F(WasiSocketTest, Shutdown) {
  EXPECT_EQ(call("sock_shutdown", {Sock, 0}), WASI_EINVAL);
  EXPECT_EQ(call("sock_shutdown", {Sock, 4}), WASI_EINVAL);
  EXPECT_EQ(call("sock_shutdown", {1, 2}), WASI_ENOTSOCK);
  EXPECT_EQ(call("sock_shutdown", {50, 2}), WASI_EBADF);
  ASSERT_EQ(call("sock_shutdown", {Sock, 2}), 0); // wr
  char c;
  EXPECT_EQ(::read(Pair[1], &c, 1), 0); // the peer sees the end
  EXPECT_EQ(send(Sock, "x"), WASI_EPIPE);
  ASSERT_EQ(call("sock_shutdown", {Sock, 3}), 0);
}

TEST_F(WasiTest, DatagramTruncationIsReported) {
  int pair[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_DGRAM, 0, pair), 0);
  wasmaot_wasi *w = create({}, {}, {pair[0]});
  ::close(pair[0]);
  ASSERT_EQ(call("fd_fdstat_get", {4, StatAt}, w), 0);
  EXPECT_EQ(mem()[StatAt], WASI_FILETYPE_SOCKET_DGRAM);
  ASSERT_EQ(::write(pair[1], "0123456789", 10), 10);
  wasi_put32(mem() + IovAt, BufAt);
  wasi_put32(mem() + IovAt + 4, 4);
  ASSERT_EQ(call("sock_recv", {4, IovAt, 1, 0, ResultAt, ResultAt + 8}, w), 0);
  EXPECT_EQ(get32(ResultAt), 4u);
  EXPECT_EQ(wasi_get16(mem() + ResultAt + 8), 1); // truncated
  EXPECT_EQ(str(BufAt, 4), "0123");
  ::close(pair[1]);
  wasmaot_wasi_delete(w);
}

TEST_F(WasiTest, AcceptOnAListeningSocket) {
  int listener = socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::string path = Dir + "/sock";
  strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
  ASSERT_EQ(bind(listener, (sockaddr *)&addr, sizeof addr), 0);
  ASSERT_EQ(listen(listener, 4), 0);
  wasmaot_wasi *w = create({}, {}, {listener});
  ::close(listener);
  const uint32_t sock = 4;
  // Nothing pending: a non-blocking accept says so.
  ASSERT_EQ(call("fd_fdstat_set_flags", {sock, WASI_FDFLAG_NONBLOCK}, w), 0);
  EXPECT_EQ(call("sock_accept", {sock, 0, ResultAt}, w), WASI_EAGAIN);
  int client = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_EQ(connect(client, (sockaddr *)&addr, sizeof addr), 0);
  ASSERT_EQ(call("sock_accept", {sock, WASI_FDFLAG_NONBLOCK, ResultAt}, w), 0);
  uint32_t conn = get32(ResultAt);
  EXPECT_EQ(conn, 5u);
  ASSERT_EQ(::write(client, "hi", 2), 2);
  ASSERT_EQ(call("fd_fdstat_get", {conn, StatAt}, w), 0);
  EXPECT_EQ(wasi_get16(mem() + StatAt + 2), WASI_FDFLAG_NONBLOCK);
  EXPECT_EQ(call("sock_accept", {conn, 0, ResultAt}, w), WASI_ENOTCAPABLE);
  EXPECT_EQ(call("sock_accept", {sock, 2, ResultAt}, w), WASI_EINVAL);
  EXPECT_EQ(call("sock_accept", {sock, 0, BadPtr}, w), WASI_EFAULT);
  EXPECT_EQ(call("sock_accept", {Preopen, 0, ResultAt}, w), WASI_ENOTSOCK);
  EXPECT_EQ(call("sock_accept", {60, 0, ResultAt}, w), WASI_EBADF);
  ::close(client);
  wasmaot_wasi_delete(w);
}

} // namespace
