// Blocking calls in a Worker give way when the Worker is terminated (worker.terminate(),
// process.exit(), the end of the main script with an unref'd Worker).
//
// Node terminates a Worker by flagging its environment as stopping, terminating its isolate and
// waking its event loop (a write to the loop's eventfd); a thread blocked in a syscall sees none
// of that. So one watchdog thread per process watches the event-loop descriptor (libuv's epoll
// instance) of every Worker that loaded the addon, in an epoll set of its own. When a Worker's
// loop is woken while that Worker is inside a blocking call, the watchdog sends the thread a
// signal (a real-time signal nothing else uses, with a handler and no SA_RESTART), so the
// syscall fails with EINTR. The thread then asks Node-API whether its environment is stopping (a
// call that would run JS fails with napi_pending_exception or napi_cannot_run_js): if it is, the
// call returns -EINTR and the terminating isolate never runs the JS that would act on it; if
// not (a message or another event woke the loop), the call resumes for what is left of its
// timeout.
//
// Cost when nobody terminates: on the main thread, one load and a branch per blocking call (the
// main thread is never watched: nothing can terminate it while it blocks); in a Worker, two
// atomic operations on a word of its own per call; on both, a read of the coarse clock (vDSO)
// for the time left after a signal. No syscall is added to any call that returns without EINTR,
// except a close in a Worker (whether the socket lingers). The waits nothing interrupts (the
// resolver, a lingering close) run off a Worker's thread (RunOffThread).
//
// The watch is one-shot: after an event for a Worker the watchdog re-arms it after 20 ms when
// the thread was not blocked (its own loop handles what woke it) and after 100 ms when it was
// (poked and still blocked: the thread decided the wake-up was not a termination, and its loop
// stays readable until the call returns). A termination is therefore seen at once in the usual
// case and within about 100 ms when the loop already had an unhandled event, or when the signal
// landed just before the thread entered its syscall.
#include <dlfcn.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <unordered_map>

#include "addon.h"

// libuv, as linked into Node (the Node-API headers do not ship uv.h).
extern "C" {
struct uv_loop_s* uv_default_loop(void);
int uv_backend_fd(const struct uv_loop_s* loop);
}

namespace phpsock {
namespace {

constexpr int kRearmIdleMs = 20;
constexpr int kRearmPokedMs = 100;

struct Entry {
  Blocker* blocker;
  int loopFd;
  bool armed;
  long long rearmAt;  // ms on CLOCK_MONOTONIC
};

// Process-wide, created once and never destroyed (the watchdog thread may outlive static
// destructors at exit).
struct Watchdog {
  std::mutex mu;
  int epfd = -1;
  int signal = 0;
  uint64_t nextId = 1;
  std::unordered_map<uint64_t, Entry> entries;
};
Watchdog* watchdog = nullptr;
std::once_flag watchdogOnce;
std::atomic<int> watchdogFd{-1};  // its epoll instance, for WatchdogFd()

long long NowMs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<long long>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

// Runs on the poked thread: counts the delivery, so the thread can tell its EINTR is a poke.
// Only signals this process queued itself carry a Blocker.
void OnPoke(int, siginfo_t* si, void*) {
  if (si->si_code != SI_QUEUE || si->si_pid != getpid()) return;
  auto* b = static_cast<Blocker*>(si->si_value.sival_ptr);
  if (b != nullptr) b->handled.fetch_add(1);
}

// Interrupts b's thread if it is inside a blocking call: true when a signal went out.
bool Poke(Blocker* b, int sig) {
  int expected = Blocker::kBlocked;
  if (!b->state.compare_exchange_strong(expected, Blocker::kPoking)) return false;
  b->sent.fetch_add(1);
  sigval v;
  v.sival_ptr = b;
  if (pthread_sigqueue(b->thread, sig, v) != 0) b->sent.fetch_sub(1);
  b->state.store(Blocker::kBlocked);
  return true;
}

void Rearm(Watchdog* w, uint64_t id, Entry& e) {
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLONESHOT;
  ev.data.u64 = id;
  if (epoll_ctl(w->epfd, EPOLL_CTL_MOD, e.loopFd, &ev) == 0) e.armed = true;
}

void* Run(void* arg) {
  auto* w = static_cast<Watchdog*>(arg);
  epoll_event events[16];
  int timeout = -1;
  for (;;) {
    int n = epoll_wait(w->epfd, events, 16, timeout);
    std::lock_guard<std::mutex> lock(w->mu);
    long long now = NowMs();
    for (int i = 0; i < n; i++) {
      auto it = w->entries.find(events[i].data.u64);
      if (it == w->entries.end()) continue;  // a registration wake-up, or a Worker gone since
      Entry& e = it->second;
      e.armed = false;
      e.rearmAt = now + (Poke(e.blocker, w->signal) ? kRearmPokedMs : kRearmIdleMs);
    }
    timeout = -1;
    for (auto& [id, e] : w->entries) {
      if (e.armed) continue;
      if (e.rearmAt <= now) {
        Rearm(w, id, e);
      } else {
        int left = static_cast<int>(e.rearmAt - now);
        if (timeout < 0 || left < timeout) timeout = left;
      }
    }
  }
  return nullptr;
}

// The signal: the highest real-time signal whose disposition is still the default.
int ClaimSignal() {
  for (int sig = SIGRTMAX; sig >= SIGRTMIN; sig--) {
    struct sigaction old {};
    if (sigaction(sig, nullptr, &old) != 0) continue;
    if ((old.sa_flags & SA_SIGINFO) != 0 || old.sa_handler != SIG_DFL) continue;
    struct sigaction sa {};
    sa.sa_sigaction = OnPoke;
    sa.sa_flags = SA_SIGINFO;  // no SA_RESTART: the blocked syscall must return
    sigemptyset(&sa.sa_mask);
    if (sigaction(sig, &sa, nullptr) == 0) return sig;
  }
  return 0;
}

// Node unloads an addon with the last environment that loaded it (a Worker ending); the
// watchdog's thread and signal handler live here, so the library stays loaded for good.
bool PinLibrary() {
  Dl_info info;
  if (dladdr(reinterpret_cast<void*>(&OnPoke), &info) == 0 || info.dli_fname == nullptr)
    return false;
  return dlopen(info.dli_fname, RTLD_NOW | RTLD_NODELETE) != nullptr;
}

void Start() {
  if (!PinLibrary()) return;
  auto* w = new Watchdog();
  w->signal = ClaimSignal();
  w->epfd = epoll_create1(EPOLL_CLOEXEC);
  if (w->signal == 0 || w->epfd < 0) return;
  if (StartDetached(Run, w, 64 * 1024)) {
    watchdog = w;
    watchdogFd.store(w->epfd);
  }
}

}  // namespace

bool StartDetached(void* (*main)(void*), void* arg, size_t stack) {
  // The thread takes no signal (a process-directed one goes to a thread that can run JS).
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  if (stack != 0) pthread_attr_setstacksize(&attr, stack);
  pthread_t thread;
  bool ok = pthread_create(&thread, &attr, main, arg) == 0;
  pthread_attr_destroy(&attr);
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  return ok;
}

void OffThreadJob::Release() {
  if (holders.fetch_sub(1) != 1) return;
  if (efd >= 0) close(efd);
  delete this;
}

namespace {
void* RunJob(void* arg) {
  auto* job = static_cast<OffThreadJob*>(arg);
  job->Run();
  uint64_t one = 1;
  while (write(job->efd, &one, sizeof one) < 0 && errno == EINTR) {
  }
  job->Release();
  return nullptr;
}
}  // namespace

int WatchdogFd() {
  return watchdogFd.load();
}

OffThread RunOffThread(napi_env env, AddonData* d, OffThreadJob* job) {
  job->efd = eventfd(0, EFD_CLOEXEC);
  if (job->efd < 0) return OffThread::kNoThread;
  if (!StartDetached(RunJob, job, 0)) {
    close(job->efd);
    job->efd = -1;
    return OffThread::kNoThread;
  }
  Blocking blocking(d);
  pollfd p{job->efd, POLLIN, 0};
  for (;;) {
    int rc = poll(&p, 1, -1);
    if (rc > 0) return OffThread::kDone;
    if (rc < 0 && errno == EINTR && blocking.Stopping(env)) {
      job->Release();
      return OffThread::kGaveWay;
    }
  }
}

// The environment is stopping: a Node-API call that may run JS refuses to. errno is kept.
bool Terminating(napi_env env) {
  int saved = errno;
  napi_value obj;
  bool has = false;
  bool stopping =
      napi_create_object(env, &obj) == napi_ok && napi_has_element(env, obj, 0, &has) != napi_ok;
  errno = saved;
  return stopping;
}

void LeaveBlockingSlow(Blocker* b) {
  // The watchdog is poking this thread: wait until the signal is out, then until it has been
  // handled, so it cannot interrupt a syscall that is not ours (each sched_yield returns through
  // the kernel, where a pending signal is delivered).
  for (;;) {
    int expected = Blocker::kBlocked;
    if (b->state.compare_exchange_strong(expected, Blocker::kRunning)) break;
    sched_yield();
  }
  while (b->handled.load() != b->sent.load()) sched_yield();
}

bool Blocking::AgainSlow(napi_env env, int fd, int opt) {
  if (Poked() && Terminating(env)) {
    errno = EINTR;
    return false;
  }
  if (fd >= 0 && opt != 0) ShortenTimeout(fd, opt, true);
  return true;
}

bool Blocking::ShortenTimeout(int fd, int opt, bool min) {
  int saved = errno;
  if (fetched_ == 0) {
    fetched_ = opt;
    socklen_t len = sizeof timeout_;
    if (getsockopt(fd, SOL_SOCKET, opt, &timeout_, &len) != 0) timeout_ = timeval{0, 0};
  }
  errno = saved;
  if (fetched_ != opt) return true;  // one timeout a call: a second kind waits on as it is
  if (timeout_.tv_sec == 0 && timeout_.tv_usec == 0) return true;  // no timeout: wait on
  timespec now;
  clock_gettime(CLOCK_MONOTONIC_COARSE, &now);
  long long elapsed = (static_cast<long long>(now.tv_sec) - start_.tv_sec) * 1000000 +
                      (now.tv_nsec - start_.tv_nsec) / 1000;
  long long left = static_cast<long long>(timeout_.tv_sec) * 1000000 + timeout_.tv_usec - elapsed;
  if (left <= 0) {
    if (!min) return false;
    left = 1;  // the kernel rounds it up to one tick
    // That last wait runs with signals blocked (delivered when the call ends): signals coming
    // faster than a tick (every 2 ms against a 4 ms tick, a profiler's SIGPROF) would otherwise
    // interrupt it again and again, and a 300 ms timeout took seconds to end.
    if (!masked_) {
      sigset_t all;
      sigfillset(&all);
      masked_ = pthread_sigmask(SIG_BLOCK, &all, &oldMask_) == 0;
    }
  }
  timeval tv{static_cast<time_t>(left / 1000000), static_cast<suseconds_t>(left % 1000000)};
  if (setsockopt(fd, SOL_SOCKET, opt, &tv, sizeof tv) == 0) {
    fd_ = fd;
    opt_ = opt;
  }
  errno = saved;
  return true;
}

void Blocking::RestoreTimeout() {
  int saved = errno;
  setsockopt(fd_, SOL_SOCKET, opt_, &timeout_, sizeof timeout_);
  errno = saved;
}

bool Blocking::Resume(napi_env env, int fd, int flags, int opt) {
  if (flags & (MSG_DONTWAIT | MSG_PEEK | MSG_TRUNC | MSG_OOB)) return false;
  if (Poked() && Terminating(env)) return false;
  int saved = errno;
  int fl = fcntl(fd, F_GETFL);
  int type = SOCK_STREAM;
  socklen_t len = sizeof type;
  // A receive: only a stream socket's MSG_WAITALL waits for more (a datagram is all there is).
  if (opt == SO_RCVTIMEO && getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) != 0) type = -1;
  errno = saved;
  if (fl < 0 || (fl & O_NONBLOCK) != 0 || type != SOCK_STREAM) return false;
  return ShortenTimeout(fd, opt, false);
}

// Watches this thread's event loop when it is a Worker's (not the default loop).
void WatchThread(napi_env env, AddonData* d) {
  uv_loop_s* loop = nullptr;
  if (napi_get_uv_event_loop(env, &loop) != napi_ok || loop == nullptr) return;
  if (loop == uv_default_loop()) return;
  int loopFd = uv_backend_fd(loop);
  if (loopFd < 0) return;
  std::call_once(watchdogOnce, Start);
  Watchdog* w = watchdog;
  if (w == nullptr) return;
  // Node starts Workers with every signal blocked; this thread takes the watchdog's.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, w->signal);
  if (pthread_sigmask(SIG_UNBLOCK, &set, nullptr) != 0) return;
  auto* b = new Blocker();
  b->thread = pthread_self();
  std::lock_guard<std::mutex> lock(w->mu);
  uint64_t id = w->nextId++;
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLONESHOT;
  ev.data.u64 = id;
  if (epoll_ctl(w->epfd, EPOLL_CTL_ADD, loopFd, &ev) != 0) {
    delete b;
    return;
  }
  w->entries.emplace(id, Entry{b, loopFd, true, 0});
  b->id = id;
  d->blocker = b;
}

// At the environment's teardown: the watchdog forgets the thread before its loop closes.
void UnwatchThread(AddonData* d) {
  Blocker* b = d->blocker;
  if (b == nullptr) return;
  d->blocker = nullptr;
  Watchdog* w = watchdog;
  {
    std::lock_guard<std::mutex> lock(w->mu);
    auto it = w->entries.find(b->id);
    if (it != w->entries.end()) {
      epoll_ctl(w->epfd, EPOLL_CTL_DEL, it->second.loopFd, nullptr);
      w->entries.erase(it);
    }
  }
  delete b;
}

}  // namespace phpsock
