// Shared declarations of the native layer. Every exported function does one syscall (or one
// tight loop of them) over plain JS values and reports failure as -errno, captured right after
// the call; it never throws for an OS error and knows nothing of PHP's policy.
#pragma once

#include <errno.h>
#include <napi.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "glibc_compat.h"  // first: symbol versions the prebuilt addon may need

namespace phpsock {

// A Worker thread's state as the termination watchdog sees it (blocking.cc).
struct Blocker {
  enum { kRunning = 0, kBlocked = 1, kPoking = 2 };
  std::atomic<int> state{kRunning};
  // Signals the watchdog sent and the thread's handler took.
  std::atomic<uint32_t> sent{0};
  std::atomic<uint32_t> handled{0};
  pthread_t thread{};
  uint64_t id = 0;
};

struct AsyncState;
struct SelectState;
void FreeSelectState(SelectState* s);
// The epoll instance select keeps for this environment between calls (-1: none yet).
int SelectEpollFd(const SelectState* s);
struct TlsState;
void FreeTlsState(TlsState* s);

// Per-environment state (one per main thread or Worker): no mutable statics.
struct AddonData {
  std::vector<char> scratch = std::vector<char>(64 * 1024);
  // socket_select's tables and its epoll interest set, kept between calls (select.cc).
  SelectState* select = nullptr;
  // php-sockets/async's waits (async.cc); null once the environment is being torn down.
  AsyncState* async = nullptr;
  // TLS sessions by descriptor (tls.cc); null until the first one.
  TlsState* tls = nullptr;
  // Descriptor ownership (lifecycle.cc): owners[fd] holds the token of the Socket or Stream whose
  // finalizer closes fd (0 for none) and a weak reference to it (null while the Socket is held by
  // lib, not yet adopted); closedByFinalizers counts what finalizers, reclaim() and teardown
  // closed.
  struct Owner {
    uintptr_t token;
    napi_ref ref;
  };
  std::vector<Owner> owners;
  uintptr_t lastToken = 0;
  double closedByFinalizers = 0;
  // Set in a Worker: its blocking calls give way when it is terminated (blocking.cc).
  Blocker* blocker = nullptr;
  // From the environment's cleanup hook on: the finalizers that run now are its teardown's.
  bool tearingDown = false;

  ~AddonData();
};

inline AddonData* Data(Napi::Env env) {
  return env.GetInstanceData<AddonData>();
}

// lifecycle.cc: a new descriptor `fd` (or -1 with errno) as the call's result, owned by `owner`
// when that is not undefined: from the instant the syscall returns it, before any JS runs.
// -EINVAL (fd closed) when owner cannot take it.
napi_value RawCreated(napi_env env, AddonData* d, long fd, napi_value owner);
// lifecycle.cc: owner's finalizer closes fd from now on (false: owner is not an object).
bool OwnDescriptor(napi_env env, napi_value owner, int fd);
// lifecycle.cc: closes the descriptors still held for Sockets lib never adopted (~AddonData).
void CloseHeldAtTeardown(AddonData* d);

// blocking.cc: watching this thread (a Worker's) for termination, and forgetting it.
void WatchThread(napi_env env, AddonData* d);
void UnwatchThread(AddonData* d);
// The watchdog's epoll instance, open for the life of the process once a Worker has loaded the
// addon (-1: not started).
int WatchdogFd();
void LeaveBlockingSlow(Blocker* b);
bool Terminating(napi_env env);

// blocking.cc: starts a detached thread running main(arg) with every signal blocked (stack 0: the
// default size). False when no thread could be had.
bool StartDetached(void* (*main)(void*), void* arg, size_t stack);

// Work that may wait for long where nothing can interrupt it (the resolver, a lingering close),
// run off a Worker's thread so that a terminated Worker need not wait for it.
struct OffThreadJob {
  virtual ~OffThreadJob() = default;
  virtual void Run() = 0;
  // The job's two holders (the waiting thread, the job's thread) each let go once; the last frees.
  void Release();
  int efd = -1;
  std::atomic<int> holders{2};
};
enum class OffThread { kDone, kGaveWay, kNoThread };
// Runs job->Run() on a detached thread while this thread (a Worker's) waits for it in poll(2),
// which the termination watchdog interrupts. kDone: it ran; read its results, then Release().
// kGaveWay: the Worker is being terminated; the job is the job thread's now (do not touch it).
// kNoThread: nothing ran; run it here (and delete it).
OffThread RunOffThread(napi_env env, AddonData* d, OffThreadJob* job);

// Around every syscall that may block: a signal does not fail the call (PEP 475's rule), and when
// the thread is a Worker being terminated, the call gives way (fails with EINTR) instead of
// holding the Worker, and the process, until it returns.
//   Blocking blocking(data);
//   do rc = call(fd, ...); while (rc < 0 && blocking.Again(env, fd, SO_RCVTIMEO));
// No syscall of its own until a call fails with EINTR: a read of the coarse clock (vDSO) and, in
// a Worker, two atomic operations on the thread's own state.
class Blocking {
 public:
  explicit Blocking(AddonData* d) : b_(d->blocker) {
    clock_gettime(CLOCK_MONOTONIC_COARSE, &start_);
    if (b_ != nullptr) {
      b_->state.store(Blocker::kBlocked);
      seen_ = b_->handled.load(std::memory_order_relaxed);
    }
  }
  ~Blocking() {
    if (masked_) Unmask();
    if (fd_ >= 0) RestoreTimeout();
    if (b_ == nullptr) return;
    int expected = Blocker::kBlocked;
    if (!b_->state.compare_exchange_strong(expected, Blocker::kRunning)) LeaveBlockingSlow(b_);
  }
  Blocking(const Blocking&) = delete;
  Blocking& operator=(const Blocking&) = delete;

  // After a call failed: true when the caller repeats it. It failed with EINTR, from a signal
  // (one of the program's or Node's handlers, or the watchdog's wake-up) and not because the
  // environment is stopping. With fd and opt (SO_RCVTIMEO or SO_SNDTIMEO), the repeat waits only
  // for what is left of the socket's timeout, which the call shortens for its remaining waits and
  // restores when it ends; once none is left, the repeat waits the shortest time the kernel
  // knows, so the kernel's own timeout result (EAGAIN, EINPROGRESS) ends the call. False
  // otherwise, errno kept (EINTR for a termination).
  bool Again(napi_env env, int fd = -1, int opt = 0) {
    return errno == EINTR && AgainSlow(env, fd, opt);
  }
  // Between the syscalls of a call that makes one per step (PHP_NORMAL_READ's recv per byte, each
  // with the socket's whole timeout in PHP): the next one's time left counts from now, and a
  // timeout a repeat shortened is restored. A read of the coarse clock (vDSO).
  void Restart() {
    if (masked_) Unmask();
    if (fd_ >= 0) {
      RestoreTimeout();
      fd_ = -1;
    }
    clock_gettime(CLOCK_MONOTONIC_COARSE, &start_);
  }
  // For select and poll, which PHP reports interrupted ([4]) when a signal handler ran: true only
  // when the watchdog woke the thread and the environment is not stopping. errno kept.
  bool Woken(napi_env env) { return errno == EINTR && Poked() && !Terminating(env); }
  // After a call failed: true when it failed with EINTR because the watchdog woke the thread and
  // the environment is stopping (for calls that retry every EINTR). errno kept.
  bool Stopping(napi_env env) { return errno == EINTR && Poked() && Terminating(env); }
  // After a send on fd was cut short (some bytes went; opt SO_SNDTIMEO), or a MSG_WAITALL
  // receive (some bytes came; opt SO_RCVTIMEO): true when the rest should go or come. On a
  // blocking socket such a call ends early only for a signal, for its timeout passing, or (a
  // receive) for the end of the stream or an error, which the next call reports at once: the
  // call goes on, for what is left of that timeout, unless the environment is stopping. A
  // nonblocking one's ends because the buffer is full or empty, a datagram socket's receive
  // because the datagram ended: false; so for MSG_DONTWAIT, MSG_PEEK, MSG_TRUNC, MSG_OOB.
  bool Resume(napi_env env, int fd, int flags, int opt);

 private:
  bool AgainSlow(napi_env env, int fd, int opt);
  // Sets fd's timeout `opt` to what is left of it (at least the kernel's shortest); false when
  // it has passed (and min is false).
  bool ShortenTimeout(int fd, int opt, bool min);
  void RestoreTimeout();
  bool Poked() {
    if (b_ == nullptr) return false;
    uint32_t h = b_->handled.load();
    if (h == seen_) return false;
    seen_ = h;
    return true;
  }

  Blocker* b_;
  uint32_t seen_ = 0;
  timespec start_;
  // The socket timeout a repeat shortened, to restore: fd -1 when none was.
  int fd_ = -1;
  int opt_ = 0;
  int fetched_ = 0;  // the option timeout_ was read from (0: none yet)
  // Signals are blocked for the repeat once the timeout has passed (ShortenTimeout); the mask
  // to restore.
  bool masked_ = false;
  sigset_t oldMask_;
  void Unmask() {
    int saved = errno;
    pthread_sigmask(SIG_SETMASK, &oldMask_, nullptr);
    masked_ = false;
    errno = saved;
  }
  timeval timeout_{0, 0};
};

// A send on a blocking socket returns a partial count when a signal lands after some bytes
// went: a signal must not cut the call short, so the rest goes too. call(done) sends from
// offset `done` and returns the syscall's result. Returns the bytes sent, or -1 with errno when
// nothing was.
template <typename Call>
ssize_t SendAll(napi_env env, Blocking& blocking, int fd, int flags, size_t len, Call&& call) {
  size_t done = 0;
  for (;;) {
    ssize_t n = call(done);
    if (n < 0) {
      if (blocking.Again(env, fd, SO_SNDTIMEO)) continue;
      return done > 0 ? static_cast<ssize_t>(done) : -1;
    }
    done += static_cast<size_t>(n);
    if (done >= len || !blocking.Resume(env, fd, flags, SO_SNDTIMEO)) {
      return static_cast<ssize_t>(done);
    }
  }
}

// A MSG_WAITALL receive on a blocking stream socket returns a short count when a signal lands
// after some bytes came: the rest is waited for too (the kernel's own short counts, at the end of
// the stream, an error or the timeout, end the next call at once). call(done) receives at offset
// `done`. Returns the count received (0 at the end of the stream), or -1 with errno when nothing
// came; the data wins over a later error, which the next call reports. Without MSG_WAITALL it is
// one call, repeated after a signal.
template <typename Call>
ssize_t RecvAll(napi_env env, Blocking& blocking, int fd, int flags, size_t len, Call&& call) {
  size_t done = 0;
  for (;;) {
    ssize_t n = call(done);
    if (n < 0) {
      if (blocking.Again(env, fd, SO_RCVTIMEO)) continue;
      return done > 0 ? static_cast<ssize_t>(done) : -1;
    }
    if (done == 0 && ((flags & MSG_WAITALL) == 0 || static_cast<size_t>(n) >= len)) return n;
    done += static_cast<size_t>(n);
    if (n == 0 || done >= len || !blocking.Resume(env, fd, flags, SO_RCVTIMEO)) {
      return static_cast<ssize_t>(done);
    }
  }
}

// The environment's scratch buffer, grown to at least len bytes: where reads land before their
// bytes become a JS string.
inline char* ScratchBuffer(AddonData* d, size_t len) {
  if (d->scratch.size() < len) d->scratch.resize(len);
  return d->scratch.data();
}

// The one failure path: errno right after the call, as a negative number.
inline Napi::Value Fail(Napi::Env env) {
  return Napi::Number::New(env, -errno);
}
inline Napi::Value Fail(Napi::Env env, int err) {
  return Napi::Number::New(env, -err);
}

// Returns `rc` (>= 0) or -errno when `rc` is -1.
inline Napi::Value Result(Napi::Env env, long rc) {
  return rc < 0 ? Fail(env) : Napi::Number::New(env, static_cast<double>(rc));
}

// Reads are capped at 16 MiB a call (io.cc, stream.cc), and the scratch grows to at most that:
// a stream socket returns what is queued anyway, and a larger buffer would only cost memory (PHP
// allocates the whole length up front).
constexpr size_t kMaxChunk = 16 * 1024 * 1024;

// The argument readers, one set for every native function: a node-addon-api callback calls
// ArgX(info, i), a raw Node-API one (raw.h) reaches the same readers through RawArgs. lib/ passes
// the types lib/native.ts declares; a missing or wrong-typed argument reads as the fallback
// (0, false, -1 for a descriptor so that it is never stdin) and never throws.
inline int ArgInt(napi_env env, napi_value v, int32_t fallback = 0) {
  int32_t out = fallback;
  napi_get_value_int32(env, v, &out);
  return out;
}
inline int ArgInt(const Napi::CallbackInfo& info, size_t i) {
  return ArgInt(info.Env(), info[i]);
}
inline int ArgFd(napi_env env, napi_value v) {
  return ArgInt(env, v, -1);
}
inline double ArgDouble(napi_env env, napi_value v) {
  double out = 0;
  napi_get_value_double(env, v, &out);
  return out;
}
inline double ArgDouble(const Napi::CallbackInfo& info, size_t i) {
  return ArgDouble(info.Env(), info[i]);
}
// An unsigned 32-bit field (an interface index, a flow label): the number modulo 2^32.
inline uint32_t ArgUint32(napi_env env, napi_value v) {
  uint32_t out = 0;
  napi_get_value_uint32(env, v, &out);
  return out;
}
inline uint32_t ArgUint32(const Napi::CallbackInfo& info, size_t i) {
  return ArgUint32(info.Env(), info[i]);
}
inline bool ArgBool(napi_env env, napi_value v) {
  bool out = false;
  napi_get_value_bool(env, v, &out);
  return out;
}
inline bool ArgBool(const Napi::CallbackInfo& info, size_t i) {
  return ArgBool(info.Env(), info[i]);
}
// A BigInt's low 64 bits, signed (an int64_t option field).
inline int64_t ArgInt64(const Napi::CallbackInfo& info, size_t i) {
  int64_t out = 0;
  bool lossless = false;
  napi_get_value_bigint_int64(info.Env(), info[i], &out, &lossless);
  return out;
}
// A length or count (a double from JS) as a size_t in [0, max]: negative or NaN is 0.
inline size_t ArgSize(napi_env env, napi_value v, size_t max) {
  double d = ArgDouble(env, v);
  if (!(d > 0)) return 0;
  return d >= static_cast<double>(max) ? max : static_cast<size_t>(d);
}
inline size_t ArgSize(const Napi::CallbackInfo& info, size_t i, size_t max) {
  return ArgSize(info.Env(), info[i], max);
}

// The one registration form: Export<F>(exports, "name") for a node-addon-api callback (the
// template form: no callback data to allocate or finalize), ExportRaw<F>(exports, "name") for a
// raw Node-API callback on the hot path (raw.h), which gets the environment's AddonData as its
// data.
template <Napi::Function::Callback F>
void Export(Napi::Object exports, const char* name) {
  exports.Set(name, Napi::Function::New<F>(exports.Env(), name));
}
template <napi_callback F>
void ExportRaw(Napi::Object exports, const char* name) {
  napi_value fn;
  napi_create_function(exports.Env(), name, NAPI_AUTO_LENGTH, F, Data(exports.Env()), &fn);
  exports.Set(name, Napi::Value(exports.Env(), fn));
}

// A byte view of a JS data argument: a Uint8Array is used in place; a string (one char per byte,
// already checked by lib/php/args.ts toData) is copied into the environment's scratch buffer, or
// into `heap` when it is longer than the scratch may grow.
struct Bytes {
  const char* data = nullptr;
  size_t length = 0;
  std::vector<char> heap;
};
// A JS string holding one char per byte.
inline Napi::Value Latin1(Napi::Env env, const char* data, size_t length) {
  napi_value out;
  napi_create_string_latin1(env, data, length, &out);
  return Napi::Value(env, out);
}

// `max` caps the length; data, when given, saves an instance-data lookup.
bool GetBytes(napi_env env, napi_value value, size_t max, Bytes& out, AddonData* data = nullptr);

// sockaddr.cc: out[at] = the address of a `family` sockaddr in ss as text (dotted quad, IPv6
// text, a unix path read as a C string, "" for other families), out[at + 1] = its port (0 for
// unix and other families). The one sockaddr reader; every name handed to JS goes through it.
// streamLen >= 0 (the length the kernel returned) reads a unix name as PHP's stream layer does:
// an abstract one by that length, not as a C string. ss must be zero-filled past that length.
void SetAddress(Napi::Env env, const sockaddr_storage& ss, int family, Napi::Array out, uint32_t at,
                int streamLen = -1);

void RegisterConstants(Napi::Object exports);
void RegisterSockaddr(Napi::Object exports);
void RegisterLifecycle(Napi::Object exports);
void RegisterIo(Napi::Object exports);
void RegisterSelect(Napi::Object exports);
void RegisterMsg(Napi::Object exports);
void RegisterAddrinfo(Napi::Object exports);
void RegisterOptions(Napi::Object exports);
void RegisterStream(Napi::Object exports);
void RegisterAsync(Napi::Object exports);
void RegisterTls(Napi::Object exports);

// Before a descriptor is closed: stops polling it and settles the async waits on it (async.cc).
// Also called by the descriptor finalizer and by reclaim() (lifecycle.cc), also at environment
// teardown, after the async cleanup hook has run; waits are settled later, from a libuv timer.
void ForgetFd(napi_env env, int fd);
void ForgetFd(napi_env env, AddonData* d, int fd);
// After socket(2) made fd (of `type`, SOCK_NONBLOCK included): php-sockets/async knows its file
// status flags and timeouts (none) without asking, until ForgetFd or ForgetFdModes (async.cc).
void KnowNewSocket(AddonData* d, int fd, int type);
// After a call that may change a descriptor's O_NONBLOCK or SO_RCVTIMEO/SO_SNDTIMEO:
// php-sockets/async's cache of them (async.cc, waitMode) reads them again, for every descriptor,
// in every thread (call it after the change: another thread may read them again at once).
void ForgetFdModes(napi_env env);
// ForgetFd's part for socket_select (select.cc): takes fd out of the epoll interest set.
void ForgetSelectFd(AddonData* d, int fd);
// ForgetFd's part for TLS (tls.cc): close_notify for an active session, then frees it.
void ForgetTlsFd(AddonData* d, int fd);

}  // namespace phpsock
