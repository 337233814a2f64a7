// Overlay for Boost 1.74 on wasm32-wasi (build.sh puts overlay/ first on the
// include path). libc++ for wasm32-wasi is built without threads, so
// <mutex> declares no std::mutex, and there is no pthread.h: the original
// header has no branch for that. The module is single-threaded, so a no-op
// mutex is exact.
#ifndef BOOST_SMART_PTR_DETAIL_LIGHTWEIGHT_MUTEX_HPP_INCLUDED
#define BOOST_SMART_PTR_DETAIL_LIGHTWEIGHT_MUTEX_HPP_INCLUDED

namespace boost {
namespace detail {

class lightweight_mutex {
public:
  lightweight_mutex() = default;
  lightweight_mutex(const lightweight_mutex &) = delete;
  lightweight_mutex &operator=(const lightweight_mutex &) = delete;

  class scoped_lock {
  public:
    explicit scoped_lock(lightweight_mutex &) {}
    scoped_lock(const scoped_lock &) = delete;
    scoped_lock &operator=(const scoped_lock &) = delete;
  };
};

} // namespace detail
} // namespace boost

#endif
