// Waiting for descriptors in the event loop (php-sockets/async). A wait is a list of (fd, events)
// watches with an optional timeout; it settles once, calling its JS callback with 1 (a watched
// descriptor is ready, or reported an error), 0 (timed out) or -EBADF (a watched descriptor was
// closed through this addon). The wait makes no syscall for the caller: lib/async retries the call
// the sync function makes. All waiting is libuv's: one uv_poll_t per descriptor, shared by every
// wait on it (libuv allows one poll handle per descriptor), and a uv_timer_t per wait with a
// timeout, so a pending wait costs no thread. Plus nonblocking variants of accept and connect.
// A descriptor's poll handle outlives its waits: it is made on the first wait and closed when the
// descriptor is closed through this addon (ForgetFd) or at teardown, and it stays armed after its
// last wait settles until an event finds no wait (then it is stopped). So a socket that waits
// again and again (an async read loop) costs no uv_poll_init, fcntl or epoll_ctl per wait, as a
// Node net socket keeps its descriptor in epoll.
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <unordered_map>

#include "addon.h"

// The libuv calls used here, declared rather than included: node-api-headers ships no uv.h, and
// these are libuv 1.x's stable ABI, exported by the node binary. Handles stay opaque: they are
// allocated with uv_handle_size() and reached only through these functions.
extern "C" {
typedef struct uv_handle_s uv_handle_t;
typedef struct uv_poll_s uv_poll_t;
typedef struct uv_timer_s uv_timer_t;
typedef void (*uv_close_cb)(uv_handle_t*);
typedef void (*uv_poll_cb)(uv_poll_t*, int status, int events);
typedef void (*uv_timer_cb)(uv_timer_t*);
enum { UV_POLL_HANDLE_TYPE = 8, UV_TIMER_HANDLE_TYPE = 13 };  // uv_handle_type's UV_POLL, UV_TIMER
enum { UV_READABLE = 1, UV_WRITABLE = 2, UV_PRIORITIZED = 8 };  // uv_poll_event
size_t uv_handle_size(int type);
void* uv_handle_get_data(const uv_handle_t* handle);
void uv_handle_set_data(uv_handle_t* handle, void* data);
void uv_close(uv_handle_t* handle, uv_close_cb close_cb);
int uv_poll_init(struct uv_loop_s* loop, uv_poll_t* handle, int fd);
int uv_poll_start(uv_poll_t* handle, int events, uv_poll_cb cb);
int uv_poll_stop(uv_poll_t* handle);
int uv_timer_init(struct uv_loop_s* loop, uv_timer_t* handle);
int uv_timer_start(uv_timer_t* handle, uv_timer_cb cb, uint64_t timeout, uint64_t repeat);
int uv_timer_stop(uv_timer_t* handle);
void uv_update_time(struct uv_loop_s* loop);
void uv_ref(uv_handle_t* handle);
void uv_unref(uv_handle_t* handle);
}

namespace phpsock {

namespace {
constexpr int kReadable = 1, kWritable = 2, kPrioritized = 4;
}  // namespace

struct Wait;

// The poll handle of one descriptor and the waits on it, in the order they started. Also what the
// probes ask before each wait (WaitMode): the descriptor's file status flags and its
// SO_RCVTIMEO/SO_SNDTIMEO, read once and kept while the addon is the only one to change them
// (setNonblock, the setsockopt calls and an async streamConnect call ForgetFdModes: all of them,
// since a descriptor received from this process shares its socket with another).
struct FdWatch {
  AsyncState* st;
  int fd;
  uv_poll_t* poll;
  std::vector<Wait*> waits;
  int events = 0;                           // the uv events the handle is started for (0: stopped)
  int flags = -1;                           // fcntl(F_GETFL), -1 until read
  double rcvTimeout = -1, sndTimeout = -1;  // ms (0: none), -1 until read
  bool acceptWaited = false;                // a listener's last async accept had to wait
};

struct Wait {
  AsyncState* st;
  uint32_t id;
  std::vector<std::pair<int, int>> watches;  // (fd, events)
  uv_timer_t* timer = nullptr;
  napi_ref callback = nullptr;
  int result = 0;
};

struct AsyncState {
  AddonData* owner = nullptr;
  napi_env env = nullptr;
  struct uv_loop_s* loop = nullptr;
  napi_async_context context = nullptr;
  napi_async_cleanup_hook_handle hook = nullptr;
  std::unordered_map<int, FdWatch*> fds;
  std::unordered_map<uint32_t, Wait*> waits;
  uint32_t nextId = 0;
  size_t openHandles = 0;
  bool closing = false;
  // The poll handles of descriptors closed through the addon, by descriptor number: stopped, and
  // kept for the next descriptor with that number, since a new handle costs what the socket of an
  // async connect or accept should not pay: uv_poll_init's ioctl(FIONBIO) and its epoll_ctl ADD
  // and DEL (its check that the descriptor can be polled), and the fcntl that puts the mode back.
  // Only a descriptor known to be a socket takes one (libuv aborts when epoll refuses one it
  // starts): see knownFlags. Closed at teardown.
  std::vector<uv_poll_t*> spare;
  size_t spares = 0;
  // The file status flags of sockets the addon knows without fcntl(F_GETFL), by descriptor
  // number, -1 for none: a new socket's (socket(), KnowNewSocket), an accepted one's (acceptNb
  // made it), a connect's (connectNb read them); with kDefaultTimeouts when its SO_RCVTIMEO and
  // SO_SNDTIMEO are known to be none (a new socket's), so no getsockopt asks. Watch takes them
  // with the socket's first wait; closing the descriptor and the calls that change a mode or an
  // option (ForgetFdModes) drop them.
  // An entry counts while its `era` is the state's (ForgetFdModes starts a new one: O(1)).
  struct Known {
    int flags;
    uint32_t era;
  };
  std::vector<Known> knownFlags;
  uint32_t knownEra = 1;
  // gModeChanges when this state last dropped what it knows of modes (FollowModes).
  uint32_t modeChanges = 0;
};

namespace {

// ForgetFdModes calls of every environment of the process (the main thread and each Worker): the
// socket whose mode or timeout one thread's php-sockets call changed may be another's too (a
// descriptor received with SCM_RIGHTS is the same open file), so each state drops what it knows
// when this has moved (FollowModes, before it uses what it knows).
std::atomic<uint32_t> gModeChanges{0};

// Drops every descriptor's known flags and timeouts (knownFlags, each FdWatch's).
void DropModes(AsyncState* st) {
  if (++st->knownEra == 0) {  // wrapped: era 0 is "none"
    for (auto& k : st->knownFlags) k.era = 0;
    st->knownEra = 1;
  }
  for (auto& entry : st->fds) {
    entry.second->flags = -1;
    entry.second->rcvTimeout = entry.second->sndTimeout = -1;
  }
}

// Drops them when a php-sockets call of any thread may have changed a mode since the last time.
void FollowModes(AsyncState* st) {
  uint32_t now = gModeChanges.load(std::memory_order_acquire);
  if (now == st->modeChanges) return;
  st->modeChanges = now;
  DropModes(st);
}

int UvEvents(int events) {
  return ((events & kReadable) ? UV_READABLE : 0) | ((events & kWritable) ? UV_WRITABLE : 0) |
         ((events & kPrioritized) ? UV_PRIORITIZED : 0);
}

// A closing handle's data is its AsyncState; the state goes once teardown has closed the last.
void OnHandleClosed(uv_handle_t* handle) {
  auto* st = static_cast<AsyncState*>(uv_handle_get_data(handle));
  free(handle);
  st->openHandles--;
  if (st->closing && st->openHandles == 0) {
    napi_remove_async_cleanup_hook(st->hook);
    delete st;
  }
}

void CloseHandle(AsyncState* st, uv_handle_t* handle) {
  uv_handle_set_data(handle, st);
  uv_close(handle, OnHandleClosed);
}

void OnPoll(uv_poll_t* handle, int status, int events);

// Polls the descriptor for the union of its waits' events. With none left the handle stays as it
// is: the next wait usually wants the same events (no syscall then), and an event that finds no
// wait stops it (OnPoll). ForgetFd stops and closes it before the addon closes the descriptor.
// A handle with no wait is unreferenced: armed, it must not keep the event loop (the process)
// alive, as a socket nobody waits on does not.
int Update(FdWatch* w) {
  int events = 0;
  for (Wait* wt : w->waits) {
    for (auto& watch : wt->watches)
      if (watch.first == w->fd) events |= watch.second;
  }
  auto* handle = reinterpret_cast<uv_handle_t*>(w->poll);
  if (events == 0) {
    uv_unref(handle);
    return 0;
  }
  uv_ref(handle);
  events = UvEvents(events);
  if (events == w->events) return 0;
  // A spare handle (Watch) meets libuv's check that no other handle polls the number here.
  int rc = uv_poll_start(w->poll, events, OnPoll);
  w->events = rc < 0 ? 0 : events;
  return rc;
}

// Descriptor numbers up to this keep a spare poll handle (a bound on the table, not a limit).
constexpr size_t kMaxSpare = 1 << 20;

// Stops the descriptor's poll handle, which the descriptor is about to close (`keep`: kept as
// the number's spare when it has none) or at teardown (closed). uv_close stops an active handle
// itself, so either way one epoll_ctl DEL.
void Unwatch(FdWatch* w, bool keep) {
  AsyncState* st = w->st;
  auto* handle = reinterpret_cast<uv_handle_t*>(w->poll);
  auto at = static_cast<size_t>(w->fd);
  if (keep && at < kMaxSpare && (at >= st->spare.size() || st->spare[at] == nullptr)) {
    uv_poll_stop(w->poll);
    uv_handle_set_data(handle, nullptr);
    if (at >= st->spare.size()) st->spare.resize(std::max(at + 1, 2 * st->spare.size()), nullptr);
    st->spare[at] = w->poll;
    st->spares++;
  } else {
    CloseHandle(st, handle);
  }
  st->fds.erase(w->fd);
  delete w;
}

// knownFlags' mark of a socket whose SO_RCVTIMEO and SO_SNDTIMEO are none (no file status flag).
constexpr int kDefaultTimeouts = 1 << 30;

// What knownFlags has for fd (flags, maybe with kDefaultTimeouts), or -1.
int PeekKnownFlags(AsyncState* st, int fd) {
  auto at = static_cast<size_t>(fd);
  if (st == nullptr) return -1;
  FollowModes(st);
  if (at >= st->knownFlags.size()) return -1;
  const AsyncState::Known& k = st->knownFlags[at];
  return k.era == st->knownEra ? k.flags : -1;
}

// The same, then forgotten there.
int TakeKnownFlags(AsyncState* st, int fd) {
  auto at = static_cast<size_t>(fd);
  int fl = PeekKnownFlags(st, fd);
  if (fl >= 0) st->knownFlags[at].era = 0;
  return fl;
}

// Notes fd's flags as known (a socket's: see knownFlags).
void KnowFlags(AsyncState* st, int fd, int fl) {
  if (st == nullptr || fd < 0 || static_cast<size_t>(fd) >= kMaxSpare) return;
  auto at = static_cast<size_t>(fd);
  if (at >= st->knownFlags.size())
    st->knownFlags.resize(std::max(at + 1, 2 * st->knownFlags.size()), AsyncState::Known{-1, 0});
  st->knownFlags[at] = AsyncState::Known{fl, st->knownEra};
}

// Takes a wait off every descriptor it watches and stops its timer.
void Detach(Wait* wt) {
  AsyncState* st = wt->st;
  st->waits.erase(wt->id);
  std::vector<FdWatch*> touched;
  for (auto& watch : wt->watches) {
    auto it = st->fds.find(watch.first);
    if (it == st->fds.end()) continue;
    FdWatch* w = it->second;
    auto pos = std::find(w->waits.begin(), w->waits.end(), wt);
    if (pos == w->waits.end()) continue;
    w->waits.erase(pos);
    if (std::find(touched.begin(), touched.end(), w) == touched.end()) touched.push_back(w);
  }
  for (FdWatch* w : touched) Update(w);
  if (wt->timer != nullptr) uv_timer_stop(wt->timer);
}

// Frees a detached wait (its timer is closed, its callback reference deleted).
void Free(Wait* wt) {
  if (wt->callback != nullptr) napi_delete_reference(wt->st->env, wt->callback);
  if (wt->timer != nullptr) CloseHandle(wt->st, reinterpret_cast<uv_handle_t*>(wt->timer));
  delete wt;
}

// Frees the detached wait, then calls its callback with `result` (from the loop, so through
// napi_make_callback: microtasks run after it, and a throw is an uncaught exception).
void Settle(Wait* wt, int result) {
  AsyncState* st = wt->st;
  napi_env env = st->env;
  napi_ref ref = wt->callback;
  wt->callback = nullptr;
  Free(wt);
  napi_handle_scope scope;
  if (napi_open_handle_scope(env, &scope) != napi_ok) return;
  napi_value cb = nullptr, recv, arg, ret;
  napi_get_reference_value(env, ref, &cb);
  napi_delete_reference(env, ref);
  if (cb != nullptr) {
    napi_get_global(env, &recv);
    napi_create_int32(env, result, &arg);
    if (napi_make_callback(env, st->context, recv, cb, 1, &arg, &ret) != napi_ok) {
      bool pending = false;
      napi_is_exception_pending(env, &pending);
      if (pending) {
        napi_value error;
        napi_get_and_clear_last_exception(env, &error);
        napi_fatal_exception(env, error);
      }
    }
  }
  napi_close_handle_scope(env, scope);
}

// Readiness (or an error, which libuv reports as a negative status after stopping the handle)
// wakes every wait on the descriptor that asked for one of the events, oldest first. All are
// detached before any callback runs, since a callback may start, cancel or close anything.
void OnPoll(uv_poll_t* handle, int status, int events) {
  auto* w = static_cast<FdWatch*>(uv_handle_get_data(reinterpret_cast<uv_handle_t*>(handle)));
  int ready = status < 0 ? (kReadable | kWritable | kPrioritized)
                         : (((events & UV_READABLE) ? kReadable : 0) |
                            ((events & UV_WRITABLE) ? kWritable : 0) |
                            ((events & UV_PRIORITIZED) ? kPrioritized : 0));
  int fd = w->fd;
  if (status < 0) w->events = 0;  // libuv stopped the handle
  std::vector<Wait*> woken;
  for (Wait* wt : w->waits) {
    for (auto& watch : wt->watches) {
      if (watch.first == fd && (watch.second & ready)) {
        woken.push_back(wt);
        break;
      }
    }
  }
  if (woken.empty()) {
    // Armed from an earlier wait and nobody waits now: stop (level-triggered, it would fire again).
    if (w->waits.empty() && w->events != 0) {
      uv_poll_stop(w->poll);
      w->events = 0;
    }
    return;
  }
  for (Wait* wt : woken) Detach(wt);
  for (Wait* wt : woken) Settle(wt, 1);
}

void OnTimer(uv_timer_t* timer) {
  auto* wt = static_cast<Wait*>(uv_handle_get_data(reinterpret_cast<uv_handle_t*>(timer)));
  if (wt->st->waits.count(wt->id) != 0) Detach(wt);
  Settle(wt, wt->result);
}

// Starts the wait's timer (allocating it on first use): after `ms`, it settles with wt->result.
void StartTimer(Wait* wt, double ms) {
  AsyncState* st = wt->st;
  if (wt->timer == nullptr) {
    wt->timer = static_cast<uv_timer_t*>(malloc(uv_handle_size(UV_TIMER_HANDLE_TYPE)));
    uv_timer_init(st->loop, wt->timer);
    uv_handle_set_data(reinterpret_cast<uv_handle_t*>(wt->timer), wt);
    st->openHandles++;
  }
  uv_update_time(st->loop);
  // Converting a double beyond uint64_t's range is undefined: such a timeout never passes anyway.
  uint64_t timeout = ms < 1.8e19 ? static_cast<uint64_t>(ms > 0 ? ms : 0) : UINT64_MAX;
  uv_timer_start(wt->timer, OnTimer, timeout, 0);
}

// The descriptor's FdWatch, made on first use. A socket whose flags the addon knows (knownFlags)
// takes its number's spare poll handle when there is one: no syscall. Else uv_poll_init(), which
// sets O_NONBLOCK on the descriptor; the socket's own mode is put back, since the calls lib/async
// makes must see the mode the user set (libuv only polls the descriptor, in either mode).
FdWatch* Watch(AsyncState* st, int fd, int* err) {
  auto it = st->fds.find(fd);
  if (it != st->fds.end()) return it->second;
  auto at = static_cast<size_t>(fd);
  int fl = TakeKnownFlags(st, fd);
  bool defaultTimeouts = fl >= 0 && (fl & kDefaultTimeouts) != 0;
  if (fl >= 0) fl &= ~kDefaultTimeouts;
  uv_poll_t* poll = nullptr;
  if (fl >= 0 && at < st->spare.size() && st->spare[at] != nullptr) {
    poll = st->spare[at];
    st->spare[at] = nullptr;
    st->spares--;
  } else {
    if (fl < 0) fl = fcntl(fd, F_GETFL);
    if (fl < 0) {
      *err = -errno;
      return nullptr;
    }
    poll = static_cast<uv_poll_t*>(malloc(uv_handle_size(UV_POLL_HANDLE_TYPE)));
    int rc = uv_poll_init(st->loop, poll, fd);
    if (rc < 0) {
      free(poll);
      *err = rc;
      return nullptr;
    }
    if (!(fl & O_NONBLOCK)) fcntl(fd, F_SETFL, fl);
    st->openHandles++;
  }
  auto* w = new FdWatch{st, fd, poll, {}};
  w->flags = fl;
  if (defaultTimeouts) w->rcvTimeout = w->sndTimeout = 0;
  uv_handle_set_data(reinterpret_cast<uv_handle_t*>(poll), w);
  st->fds[fd] = w;
  return w;
}

// Starts a wait on `watches`: its id, or -errno (nothing is left registered then).
Napi::Value StartWait(const Napi::CallbackInfo& info, std::vector<std::pair<int, int>> watches,
                      double timeoutMs, Napi::Value callback) {
  Napi::Env env = info.Env();
  AsyncState* st = Data(env)->async;
  if (st == nullptr || st->closing) return Fail(env, ECANCELED);
  auto* wt = new Wait{st, ++st->nextId, std::move(watches)};
  if (wt->id == 0) wt->id = ++st->nextId;
  std::vector<FdWatch*> touched;
  for (auto& watch : wt->watches) {
    int err = 0;
    FdWatch* w = Watch(st, watch.first, &err);
    if (w == nullptr) {
      Detach(wt);
      delete wt;
      return Fail(env, -err);
    }
    if (std::find(w->waits.begin(), w->waits.end(), wt) == w->waits.end()) w->waits.push_back(wt);
    if (std::find(touched.begin(), touched.end(), w) == touched.end()) touched.push_back(w);
  }
  for (FdWatch* w : touched) {
    int rc = Update(w);
    if (rc < 0) {
      Detach(wt);
      delete wt;
      return Fail(env, -rc);
    }
  }
  napi_create_reference(env, callback, 1, &wt->callback);
  st->waits[wt->id] = wt;
  if (timeoutMs >= 0) StartTimer(wt, timeoutMs);
  return Napi::Number::New(env, wt->id);
}

// waitFd(fd, events, timeoutMs, callback) -> id | -errno. events: 1 readable, 2 writable,
// 4 urgent data (0, or fd < 0: the timer alone); timeoutMs < 0: no timeout.
Napi::Value WaitFd(const Napi::CallbackInfo& info) {
  int fd = ArgInt(info, 0), events = ArgInt(info, 1);
  std::vector<std::pair<int, int>> watches;
  if (fd >= 0 && events != 0) watches.emplace_back(fd, events);
  return StartWait(info, std::move(watches), ArgDouble(info, 2), info[3]);
}

// waitFds(fds: Int32Array, events: Int32Array, timeoutMs, callback) -> id | -errno: settles when
// any of the descriptors is ready for its events (socket_select, stream_select).
Napi::Value WaitFds(const Napi::CallbackInfo& info) {
  Napi::Int32Array fds = info[0].As<Napi::Int32Array>();
  Napi::Int32Array events = info[1].As<Napi::Int32Array>();
  std::vector<std::pair<int, int>> watches;
  size_t n = std::min(fds.ElementLength(), events.ElementLength());
  for (size_t i = 0; i < n; i++) {
    if (fds[i] < 0 || events[i] == 0) continue;
    auto same = std::find_if(watches.begin(), watches.end(),
                             [&](const std::pair<int, int>& w) { return w.first == fds[i]; });
    if (same != watches.end()) {
      same->second |= events[i];
    } else {
      watches.emplace_back(fds[i], events[i]);
    }
  }
  return StartWait(info, std::move(watches), ArgDouble(info, 2), info[3]);
}

// cancelWait(id) -> 1 (cancelled; its callback is never called) | 0 (no such pending wait)
Napi::Value CancelWait(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  AsyncState* st = Data(env)->async;
  if (st == nullptr) return Napi::Number::New(env, 0);
  auto it = st->waits.find(ArgUint32(info, 0));
  if (it == st->waits.end()) return Napi::Number::New(env, 0);
  Wait* wt = it->second;
  Detach(wt);
  Free(wt);
  return Napi::Number::New(env, 1);
}

// The poll handles kept for descriptors nobody waits on now (closed with their descriptor).
size_t IdleWatches(AsyncState* st) {
  size_t n = 0;
  for (auto& entry : st->fds) n += entry.second->waits.empty() ? 1 : 0;
  return n;
}

// pendingWaits() -> [waits, descriptors waited on, open handles other than the idle poll handles
// of idleWatches() and the spare ones of closed descriptors]: for tests and leak checks.
Napi::Value PendingWaits(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  AsyncState* st = Data(env)->async;
  size_t idle = st ? IdleWatches(st) : 0;
  Napi::Array out = Napi::Array::New(env, 3);
  out.Set(0u, Napi::Number::New(env, st ? static_cast<double>(st->waits.size()) : 0));
  out.Set(1u, Napi::Number::New(env, st ? static_cast<double>(st->fds.size() - idle) : 0));
  out.Set(2u, Napi::Number::New(env,
                                st ? static_cast<double>(st->openHandles - idle - st->spares) : 0));
  return out;
}

// idleWatches() -> how many descriptors keep a poll handle with no wait on them (for tests).
Napi::Value IdleWatchesJs(const Napi::CallbackInfo& info) {
  AsyncState* st = Data(info.Env())->async;
  return Napi::Number::New(info.Env(), st ? static_cast<double>(IdleWatches(st)) : 0);
}

// isNonblocking(fd) -> 1 | 0 | -errno (fcntl F_GETFL)
Napi::Value IsNonblocking(const Napi::CallbackInfo& info) {
  int fl = fcntl(ArgInt(info, 0), F_GETFL);
  if (fl < 0) return Fail(info.Env());
  return Napi::Number::New(info.Env(), (fl & O_NONBLOCK) ? 1 : 0);
}

// The descriptor's poll handle and cache, when it has waited before.
FdWatch* Known(AsyncState* st, int fd) {
  if (st == nullptr) return nullptr;
  auto it = st->fds.find(fd);
  return it == st->fds.end() ? nullptr : it->second;
}

// The file status flags (fcntl F_GETFL: -1 on failure), from the cache when it has them.
int Flags(FdWatch* w, int fd) {
  if (w != nullptr) FollowModes(w->st);
  if (w != nullptr && w->flags >= 0) return w->flags;
  int fl = fcntl(fd, F_GETFL);
  if (w != nullptr) w->flags = fl;
  return fl;
}

// waitMode(fd, option) -> -1 (nonblocking, or fcntl failed: the call does not wait) | the socket's
// timeout in ms for `option` (SO_RCVTIMEO or SO_SNDTIMEO; 0: none, or when option is 0 or
// getsockopt fails). What a probe asks before it waits; no syscall when the descriptor has waited
// before (its FdWatch keeps the answers).
Napi::Value WaitMode(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = ArgInt(info, 0), option = ArgInt(info, 1);
  // A wait follows: its FdWatch is made now (as StartWait would), so the answers are kept from
  // this first wait on, and the nonblocking connect or accept that follows finds the flags.
  AsyncState* st = Data(env)->async;
  FdWatch* w = Known(st, fd);
  int err = 0;
  if (w == nullptr && st != nullptr && !st->closing && fd >= 0) w = Watch(st, fd, &err);
  int fl = Flags(w, fd);
  if (fl < 0 || (fl & O_NONBLOCK)) return Napi::Number::New(env, -1);
  if (option != SO_RCVTIMEO && option != SO_SNDTIMEO) return Napi::Number::New(env, 0);
  double* kept = w == nullptr ? nullptr : option == SO_RCVTIMEO ? &w->rcvTimeout : &w->sndTimeout;
  if (kept != nullptr && *kept >= 0) return Napi::Number::New(env, *kept);
  timeval tv{};
  socklen_t len = sizeof tv;
  double ms = 0;
  if (getsockopt(fd, SOL_SOCKET, option, &tv, &len) == 0)
    ms = tv.tv_sec * 1000.0 + tv.tv_usec / 1000.0;
  if (kept != nullptr) *kept = ms;
  return Napi::Number::New(env, ms);
}

// pollNow(fd, events) -> revents | -errno: poll(2) with a zero timeout (events are poll's bits).
Napi::Value PollNow(const Napi::CallbackInfo& info) {
  pollfd p{ArgInt(info, 0), static_cast<short>(ArgInt(info, 1)), 0};
  int rc = poll(&p, 1, 0);
  if (rc < 0) return Fail(info.Env());
  return Napi::Number::New(info.Env(), rc == 0 ? 0 : p.revents);
}

// Runs `call` with O_NONBLOCK set on fd for its duration (restored after), keeping its errno.
template <typename F>
long Nonblocking(Napi::Env env, int fd, F call) {
  int fl = Flags(Known(Data(env)->async, fd), fd);
  if (fl < 0) return -1;
  bool toggle = !(fl & O_NONBLOCK);
  if (toggle && fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0) return -1;
  long rc = call();
  int err = errno;
  if (toggle) fcntl(fd, F_SETFL, fl);
  errno = err;
  return rc;
}

// acceptNb(fd[, owner[, first]]) -> new fd (blocking, close-on-exec) | -errno: accept4(2) that
// never waits, on a listener of either mode (accept has no per-call MSG_DONTWAIT, so the mode is
// set around it). The new descriptor is owned by `owner` (when given) in the same call, as the
// sync accept owns it; -EINVAL (the descriptor closed) when it cannot be. `first`: the call's
// first try (no wait before it). When this listener's last async accept had to wait, a first try
// asks poll(2) first and answers EAGAIN, as accept4 would, when no connection is there: one
// syscall where the mode toggles and accept4 are three (a server that waits for each connection
// makes that try every time; one that finds connections queued accepts at once, without it).
Napi::Value AcceptNb(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = ArgInt(info, 0);
  bool first = info.Length() > 2 && info[2].ToBoolean();
  FdWatch* w = Known(Data(env)->async, fd);
  if (first && w != nullptr && w->acceptWaited) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 0) == 0) return Fail(env, EAGAIN);
  }
  long rc = Nonblocking(env, fd, [fd] { return accept4(fd, nullptr, nullptr, SOCK_CLOEXEC); });
  if (w != nullptr && (first || rc < 0)) w->acceptWaited = rc < 0 && errno == EAGAIN;
  // A socket accept4 made without SOCK_NONBLOCK has just O_RDWR, whatever the listener's mode,
  // and the listener's SO_RCVTIMEO and SO_SNDTIMEO (Linux copies them): none when it has none.
  // Known before RawCreated, which forgets it again if the descriptor cannot be owned and closes.
  if (rc >= 0) {
    bool none = w != nullptr && w->rcvTimeout == 0 && w->sndTimeout == 0;
    KnowFlags(Data(env)->async, static_cast<int>(rc), O_RDWR | (none ? kDefaultTimeouts : 0));
  }
  return Napi::Value(env, RawCreated(env, Data(env), rc, info[1]));
}

// connectNb(fd, sockaddr[, finish]) -> 0 | -errno: connect(2) that never waits (-EINPROGRESS
// while a TCP handshake goes on; the socket's mode is restored at once, the connection continues).
// With `finish`, on a socket in blocking mode, an EINPROGRESS is followed at once by a second
// connect(2), which reports the handshake's outcome if it is already over (over loopback it is:
// the kernel has run it before the first call returns), as the blocking connect would; EALREADY
// from it is reported as the EINPROGRESS (still connecting). So such a connect needs no wait.
Napi::Value ConnectNb(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = ArgInt(info, 0);
  Napi::Buffer<char> sa = info[1].As<Napi::Buffer<char>>();
  bool finish = info.Length() > 2 && info[2].ToBoolean();
  auto* addr = reinterpret_cast<sockaddr*>(sa.Data());
  auto len = static_cast<socklen_t>(sa.Length());
  AsyncState* st = Data(env)->async;
  FdWatch* w = Known(st, fd);
  int known = w == nullptr ? PeekKnownFlags(st, fd) : -1;
  int fl = known >= 0 ? known & ~kDefaultTimeouts : Flags(w, fd);
  if (fl < 0) return Fail(env);
  bool toggle = !(fl & O_NONBLOCK);
  if (toggle && fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0) return Fail(env);
  int rc = connect(fd, addr, len);
  if (rc < 0 && errno == EINPROGRESS && toggle && finish) {
    rc = connect(fd, addr, len);
    if (rc < 0 && errno == EALREADY) errno = EINPROGRESS;
  }
  int err = errno;
  if (toggle) fcntl(fd, F_SETFL, fl);
  errno = err;
  // A socket connecting or connected: its first wait (the handshake's, or a read's after it)
  // needs no fcntl to know its flags.
  if (w == nullptr && (rc == 0 || err == EINPROGRESS))
    KnowFlags(st, fd, fl | (known >= 0 ? known & kDefaultTimeouts : 0));
  return Result(env, rc);
}

// Environment teardown (a Worker ending, the process exiting): every handle is closed, callbacks
// are dropped uncalled, and Node keeps the loop running until the last close callback.
void Teardown(napi_async_cleanup_hook_handle hook, void* arg) {
  auto* st = static_cast<AsyncState*>(arg);
  st->hook = hook;
  st->closing = true;
  if (st->owner != nullptr) st->owner->async = nullptr;
  for (auto& entry : st->waits) {
    Wait* wt = entry.second;
    if (wt->timer != nullptr) uv_timer_stop(wt->timer);
    Free(wt);
  }
  st->waits.clear();
  while (!st->fds.empty()) Unwatch(st->fds.begin()->second, false);
  for (uv_poll_t*& poll : st->spare) {
    if (poll != nullptr) CloseHandle(st, reinterpret_cast<uv_handle_t*>(poll));
    poll = nullptr;
  }
  st->spares = 0;
  napi_async_destroy(st->env, st->context);
  if (st->openHandles == 0) {
    napi_remove_async_cleanup_hook(hook);
    delete st;
  }
}

}  // namespace

void ForgetFdModes(napi_env env) {
  int saved = errno;
  uint32_t now = gModeChanges.fetch_add(1, std::memory_order_acq_rel) + 1;
  AddonData* d = nullptr;
  if (napi_get_instance_data(env, reinterpret_cast<void**>(&d)) == napi_ok && d != nullptr &&
      d->async != nullptr) {
    d->async->modeChanges = now;
    DropModes(d->async);
  }
  errno = saved;
}

void KnowNewSocket(AddonData* d, int fd, int type) {
  KnowFlags(d->async, fd, O_RDWR | ((type & SOCK_NONBLOCK) ? O_NONBLOCK : 0) | kDefaultTimeouts);
}

void ForgetFd(napi_env env, int fd) {
  AddonData* d = nullptr;
  if (napi_get_instance_data(env, reinterpret_cast<void**>(&d)) != napi_ok || d == nullptr) return;
  ForgetFd(env, d, fd);
}

// The same with the environment's AddonData at hand (close(): the raw callback's data).
void ForgetFd(napi_env, AddonData* d, int fd) {
  ForgetSelectFd(d, fd);
  ForgetTlsFd(d, fd);
  AsyncState* st = d->async;
  if (st == nullptr || st->closing) return;
  if (fd >= 0 && static_cast<size_t>(fd) < st->knownFlags.size()) st->knownFlags[fd].era = 0;
  auto it = st->fds.find(fd);
  if (it == st->fds.end()) return;
  FdWatch* w = it->second;
  std::vector<Wait*> waits = w->waits;
  for (Wait* wt : waits) {
    Detach(wt);
    // Still pending (settled by its timer): teardown must find it to close the timer and drop the
    // callback, or the timer would fire after the environment's async context is destroyed.
    st->waits[wt->id] = wt;
    wt->result = -EBADF;
    StartTimer(wt, 0);
  }
  Unwatch(w, true);
}

void RegisterAsync(Napi::Object exports) {
  Napi::Env env = exports.Env();
  auto* st = new AsyncState();
  st->owner = Data(env);
  st->env = env;
  napi_get_uv_event_loop(env, &st->loop);
  napi_value resource, name;
  napi_create_object(env, &resource);
  napi_create_string_utf8(env, "php-sockets:wait", NAPI_AUTO_LENGTH, &name);
  napi_async_init(env, resource, name, &st->context);
  napi_add_async_cleanup_hook(env, Teardown, st, &st->hook);
  st->owner->async = st;
  Export<WaitFd>(exports, "waitFd");
  Export<WaitFds>(exports, "waitFds");
  Export<CancelWait>(exports, "cancelWait");
  Export<PendingWaits>(exports, "pendingWaits");
  Export<IdleWatchesJs>(exports, "idleWatches");
  Export<IsNonblocking>(exports, "isNonblocking");
  Export<WaitMode>(exports, "waitMode");
  Export<PollNow>(exports, "pollNow");
  Export<AcceptNb>(exports, "acceptNb");
  Export<ConnectNb>(exports, "connectNb");
}

}  // namespace phpsock
