// socket_select (and stream_select): select(2)'s answer for any number of descriptors, numbered
// anywhere (select stops at FD_SETSIZE, 1024). One call per socket_select; the descriptors come
// in bulk in an Int32Array and the answer is the list of the ready entries.
//
// Two ways to wait, same answers:
// - ppoll(2) over every descriptor of the call: the kernel looks up, polls and queues a wait on
//   each one every call. In a process with threads (Node has several) each of those look-ups is
//   an atomic operation, so a call's cost grows with the number of descriptors.
// - epoll, for calls with many descriptors: one epoll instance per environment whose interest
//   set is what the last epoll-served call asked for. A call compares its (descriptor, sets) list
//   with that set through a table indexed by descriptor, makes the epoll_ctl calls for what
//   differs (none when the list is unchanged, as in PHP's `$read = $clients;` loop), then waits
//   in one epoll_pwait2, whose cost follows the number of ready descriptors. ForgetFd removes a
//   descriptor from the set before the addon closes it, so a number reused by a new socket is
//   never mistaken for the old registration.
//
// A steady loop (PHP's `$read = $clients; socket_select($read, ...)`) passes the same descriptors
// call after call. lib/ recognises that itself (the same Socket objects in the same order, each
// still on its descriptor) and then passes back the token the previous call returned: if nothing
// happened in between (another call, a descriptor forgotten), the call skips building its slots
// and comparing them with the epoll set, which it already matches, and is one epoll_pwait2 plus
// work per ready descriptor. The answer is a list of the ready entries, so no call writes one
// per descriptor either.
#include <pthread.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <climits>

#include "addon.h"

namespace phpsock {
namespace {

// Set bits: which of socket_select's arrays a descriptor appears in. In a slot's byte the low
// three bits are the sets asked for and bits 4-6 the sets it turned out ready for.
constexpr uint8_t kRead = 1, kWrite = 2, kExcept = 4, kSets = 7;
// In SelectState::registered: epoll refused the descriptor (EPERM: a regular file, a directory),
// so calls including it use ppoll. Cleared with the rest when the descriptor is closed.
constexpr uint8_t kUnpollable = 0x80;

// What each set asks poll for, and the revents select counts as ready for it. These are the
// kernel's own select masks (POLLIN_SET, POLLOUT_SET, POLLEX_SET in fs/select.c): a hang-up or
// an error makes a descriptor readable, an error makes it writable, urgent data is the
// exceptional condition. epoll's EPOLL* bits have the same values as POLL*, and epoll, like poll,
// always reports a hang-up and an error, so one mapping serves both.
constexpr short kReadEvents = POLLIN | POLLRDNORM | POLLRDBAND;
constexpr short kWriteEvents = POLLOUT | POLLWRNORM | POLLWRBAND;
constexpr short kExceptEvents = POLLPRI;
constexpr short kReadReady = POLLIN | POLLRDNORM | POLLRDBAND | POLLHUP | POLLERR;
constexpr short kWriteReady = POLLOUT | POLLWRNORM | POLLWRBAND | POLLERR;
constexpr short kExceptReady = POLLPRI;
static_assert(EPOLLIN == POLLIN && EPOLLPRI == POLLPRI && EPOLLOUT == POLLOUT &&
                  EPOLLERR == POLLERR && EPOLLHUP == POLLHUP && EPOLLRDNORM == POLLRDNORM &&
                  EPOLLRDBAND == POLLRDBAND && EPOLLWRNORM == POLLWRNORM &&
                  EPOLLWRBAND == POLLWRBAND,
              "epoll and poll event bits differ");

// Descriptors below this number are found through tables indexed by descriptor (grown on
// demand). The kernel's default ceiling for a descriptor number (fs.nr_open) is 2^20; a number
// above it (a Socket whose stream was fclose()d carries 0x7fffffff, never open) goes through a
// short list instead, and its call uses ppoll, which answers EBADF for it as select does.
constexpr size_t kTableFds = size_t{1} << 20;

// When epoll serves a call. Measured on the benchmark machine (x86-64 VM, kernel 6.18, a process
// with a second thread as Node has): a ppoll(2) that finds one of m descriptors ready costs about
// 0.5 us + 0.09 us per descriptor (more when it sleeps, as each descriptor gets a wait-queue
// entry), an epoll_pwait2 about 0.65 us whatever the set's size, an epoll_ctl MOD about 0.5 us
// and an ADD or DEL about 1 us. So:
// - below kEpollMinFds distinct descriptors ppoll stays: it is one cheap syscall, as PHP's one
//   select() is, and programs with a handful of sockets often change their sets from call to
//   call, which epoll would turn into extra epoll_ctl calls;
// - from there a call whose list is the set's costs one epoll_pwait2 (PHP's loop shape: one
//   syscall per call, like PHP) and one whose list differs pays an epoll_ctl per difference,
//   each weighed as kCtlCost descriptors polled. When the differences cost more than ppoll of
//   this call would, plus what ppoll calls already cost since the set last matched, the call
//   uses ppoll and the set waits (ski rental: a program whose sets change wholesale every call
//   pays at most about twice ppoll's cost; one that settles on a new list switches to epoll
//   after a few calls).
constexpr size_t kEpollMinFds = 16;
constexpr uint32_t kCtlCost = 8;

}  // namespace

// The size of the kernel's sigset_t (_NSIG / 8), for the raw epoll_pwait2.
constexpr size_t kKernelSigsetSize = 8;

struct SelectState {
  // Per call: a pollfd and the set bits of each distinct descriptor (its slot), and which slot
  // each descriptor has (valid where fdStamp[fd] == stamp; so the cost follows the number of
  // entries, not the highest descriptor). bigFds: (descriptor, slot) for numbers >= kTableFds.
  std::vector<pollfd> pollfds;
  std::vector<uint8_t> slotSets;
  std::vector<uint32_t> fdStamp;
  std::vector<uint32_t> fdSlot;
  std::vector<std::pair<int, uint32_t>> bigFds;
  uint32_t stamp = 0;

  // The epoll instance (-1 until first needed) and its interest set: registered[fd] is the set
  // bits fd is registered for (0: not registered; or kUnpollable); regFds lists the registered
  // descriptors, regPos[fd] being fd's index there.
  int epfd = -1;
  std::vector<uint8_t> registered;
  std::vector<int> regFds;
  std::vector<uint32_t> regPos;
  std::vector<epoll_event> events;
  // Descriptors ppoll polled, in calls that could have used epoll, since the set last matched.
  uint64_t credit = 0;
  bool noPwait2 = false;  // the kernel has no epoll_pwait2 (before 5.11)

  // The kept call: a call whose entries were distinct descriptors, all served by the epoll set
  // and nothing else (slot k is then entry k), leaves its slots, the stamp table and the set as
  // they are, under a token. A later call presenting the token with the same entries reuses
  // them. 0: nothing kept (any other call, ForgetSelectFd, DropEpoll, selectConfig reset it).
  uint32_t keptToken = 0, lastToken = 0;
  size_t keptRead = 0, keptWrite = 0, keptN = 0;
  // The signal mask the waits run with (see WaitMask).
  sigset_t waitMask;
  bool haveWaitMask = false;

  // Tuning (selectConfig, for tests) and counters (selectStats).
  size_t minFds = kEpollMinFds;
  uint32_t ctlCost = kCtlCost;
  double ppolls = 0, epollWaits = 0, ctls = 0;

  ~SelectState() {
    if (epfd >= 0) close(epfd);
  }
};

void FreeSelectState(SelectState* s) {
  delete s;
}

int SelectEpollFd(const SelectState* s) {
  return s == nullptr ? -1 : s->epfd;
}

namespace {

uint8_t ReadyBits(uint32_t revents) {
  return static_cast<uint8_t>(((revents & kReadReady) ? kRead : 0) |
                              ((revents & kWriteReady) ? kWrite : 0) |
                              ((revents & kExceptReady) ? kExcept : 0));
}

uint32_t EventsOf(uint8_t sets) {
  return ((sets & kRead) ? kReadEvents : 0) | ((sets & kWrite) ? kWriteEvents : 0) |
         ((sets & kExcept) ? kExceptEvents : 0);
}

int Popcount3(uint8_t bits) {
  return (bits & 1) + ((bits >> 1) & 1) + ((bits >> 2) & 1);
}

timespec Now() {
  timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t;
}

// a - b, or {0, 0} when b is later.
timespec Remaining(const timespec& deadline, const timespec& now) {
  timespec r{deadline.tv_sec - now.tv_sec, deadline.tv_nsec - now.tv_nsec};
  if (r.tv_nsec < 0) {
    r.tv_nsec += 1000000000L;
    r.tv_sec -= 1;
  }
  if (r.tv_sec < 0) return timespec{0, 0};
  return r;
}

void Grow(SelectState* s, size_t fd) {
  size_t size = std::max<size_t>(s->fdStamp.size() * 2, 64);
  if (size <= fd) size = fd + 1;
  size = std::min(size, kTableFds);
  s->fdStamp.resize(size, 0u);
  s->fdSlot.resize(size, 0u);
  s->registered.resize(size, 0);
  s->regPos.resize(size, 0u);
}

uint32_t SlotOf(const SelectState* s, int fd) {
  if (static_cast<size_t>(fd) < kTableFds) return s->fdSlot[static_cast<size_t>(fd)];
  for (const auto& big : s->bigFds)
    if (big.first == fd) return big.second;
  return 0;  // not reached: every descriptor of the call has a slot
}

void Register(SelectState* s, int fd, uint8_t sets) {
  size_t ufd = static_cast<size_t>(fd);
  if (s->registered[ufd] == 0) {
    s->regPos[ufd] = static_cast<uint32_t>(s->regFds.size());
    s->regFds.push_back(fd);
  }
  s->registered[ufd] = sets;
}

void Unregister(SelectState* s, int fd) {
  size_t ufd = static_cast<size_t>(fd);
  uint32_t pos = s->regPos[ufd];
  int last = s->regFds.back();
  s->regFds[pos] = last;
  s->regPos[static_cast<size_t>(last)] = pos;
  s->regFds.pop_back();
  s->registered[ufd] = 0;
}

int Ctl(SelectState* s, int op, int fd, uint8_t sets) {
  epoll_event ev{};
  ev.events = EventsOf(sets);
  ev.data.u64 = static_cast<uint64_t>(fd);
  s->ctls++;
  return epoll_ctl(s->epfd, op, fd, &ev);
}

// What Sync decided for the call.
enum SyncResult { kUseEpoll, kUsePoll, kBadFd };

// Makes the epoll set hold exactly this call's m descriptors with their sets, or says why the
// call should use ppoll instead. Every epoll_ctl that succeeds is recorded as it happens, so the
// table always describes what the kernel holds, whichever way the call goes on.
SyncResult Sync(SelectState* s, size_t m) {
  const pollfd* pfds = s->pollfds.data();
  const uint8_t* sets = s->slotSets.data();
  size_t changes = 0, kept = 0;
  for (size_t k = 0; k < m; k++) {
    uint8_t r = s->registered[static_cast<size_t>(pfds[k].fd)];
    if (r & kUnpollable) return kUsePoll;
    if (r != 0) kept++;
    if (r != (sets[k] & kSets)) changes++;
  }
  changes += s->regFds.size() - kept;  // registered but not asked for now: to delete
  if (changes == 0) {
    s->credit = 0;
    return kUseEpoll;
  }
  if (changes * s->ctlCost > m + s->credit) {
    s->credit += m;
    return kUsePoll;
  }
  s->credit = 0;
  if (s->epfd < 0) {
    s->epfd = epoll_create1(EPOLL_CLOEXEC);
    if (s->epfd < 0) return kUsePoll;
  }
  // Deletions first: they free the kernel's memory the additions may need.
  for (size_t i = 0; i < s->regFds.size();) {
    int fd = s->regFds[i];
    if (s->fdStamp[static_cast<size_t>(fd)] == s->stamp) {
      i++;
      continue;
    }
    Ctl(s, EPOLL_CTL_DEL, fd, 0);  // a failure means the kernel no longer has it either
    Unregister(s, fd);
  }
  for (size_t k = 0; k < m; k++) {
    int fd = pfds[k].fd;
    uint8_t want = sets[k] & kSets;
    uint8_t r = s->registered[static_cast<size_t>(fd)];
    if (r == want) continue;
    int rc = Ctl(s, r == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, fd, want);
    // The kernel's view differs from the table only for a descriptor closed behind the addon's
    // back (ForgetFd not called) whose number came back: repair rather than fail.
    if (rc < 0 && r == 0 && errno == EEXIST) rc = Ctl(s, EPOLL_CTL_MOD, fd, want);
    if (rc < 0 && r != 0 && errno == ENOENT) rc = Ctl(s, EPOLL_CTL_ADD, fd, want);
    if (rc < 0) {
      int err = errno;
      if (r != 0) {
        Ctl(s, EPOLL_CTL_DEL, fd, 0);  // whatever the kernel still holds goes with the entry
        Unregister(s, fd);
      }
      if (err == EBADF) return kBadFd;  // not open: select's EBADF (poll's POLLNVAL)
      if (err == EPERM) s->registered[static_cast<size_t>(fd)] = kUnpollable;
      return kUsePoll;  // ENOMEM, ENOSPC (fs.epoll.max_user_watches): ppoll still works
    }
    Register(s, fd, want);
  }
  return kUseEpoll;
}

// Whether an event names a descriptor this call did not ask for.
bool ForeignEvent(const SelectState* s, int count) {
  for (int e = 0; e < count; e++) {
    uint64_t fd = s->events[static_cast<size_t>(e)].data.u64;
    if (fd >= s->fdStamp.size() || s->fdStamp[fd] != s->stamp) return true;
  }
  return false;
}

// Closes the epoll instance, and with it every registration; the table starts empty again.
void DropEpoll(SelectState* s) {
  s->keptToken = 0;
  for (int fd : s->regFds) s->registered[static_cast<size_t>(fd)] = 0;
  s->regFds.clear();
  s->credit = 0;
  if (s->epfd >= 0) close(s->epfd);
  s->epfd = -1;
}

// The thread's signal mask plus SIGCHLD and SIGWINCH, for the waits. PHP leaves those two at
// their default disposition (ignored), so a child process ending or the terminal being resized
// never interrupts its select; Node handles both (libuv, for its child processes and TTYs), and a
// select interrupted by them would fail with [4] where PHP's goes on. Blocked during the wait, they
// are delivered when it returns (or to another thread). Signals a program listens to, and the
// watchdog's, still interrupt it. Read once per environment (one thread): Node does not change a
// thread's mask.
const sigset_t* WaitMask(SelectState* s) {
  if (!s->haveWaitMask) {
    sigemptyset(&s->waitMask);
    pthread_sigmask(SIG_BLOCK, nullptr, &s->waitMask);
    sigaddset(&s->waitMask, SIGCHLD);
    sigaddset(&s->waitMask, SIGWINCH);
    s->haveWaitMask = true;
  }
  return &s->waitMask;
}

// epoll_pwait2 (a timespec, as ppoll takes), or where the kernel lacks it epoll_pwait for a wait
// of whole milliseconds; with WaitMask. -1 with ENOSYS: neither can wait this long; use ppoll.
int EpollWait(SelectState* s, int maxEvents, const timespec* tsp) {
  epoll_event* ev = s->events.data();
  if (!s->noPwait2) {
// The raw syscall first: glibc's wrapper (2.35) would keep the prebuilt addon off glibc 2.28.
#if defined(SYS_epoll_pwait2) && defined(__LP64__)
    // The kernel's sigset is _NSIG / 8 bytes, the first bytes of glibc's sigset_t.
    int rc = static_cast<int>(
        syscall(SYS_epoll_pwait2, s->epfd, ev, maxEvents, tsp, WaitMask(s), kKernelSigsetSize));
#elif defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 35))
    int rc = epoll_pwait2(s->epfd, ev, maxEvents, tsp, WaitMask(s));
#else
    int rc = -1;
    errno = ENOSYS;
#endif
    if (rc >= 0 || errno != ENOSYS) return rc;
    s->noPwait2 = true;
  }
  if (tsp == nullptr) return epoll_pwait(s->epfd, ev, maxEvents, -1, WaitMask(s));
  if (tsp->tv_nsec % 1000000 != 0 || tsp->tv_sec > INT_MAX / 1000 - 1) {
    errno = ENOSYS;
    return -1;
  }
  return epoll_pwait(s->epfd, ev, maxEvents,
                     static_cast<int>(tsp->tv_sec * 1000 + tsp->tv_nsec / 1000000), WaitMask(s));
}

// select(fds: Int32Array, nread, nwrite, nexcept, sec: number | null, usec, out: Int32Array,
//        token) -> count | -errno
//
// fds[0, nread) are the read set, then nwrite write and nexcept except entries; a descriptor may
// repeat, within a set and across sets, and is polled once for the union of its sets. fds is
// left as it is. A negative entry has no descriptor (stream_select's stream without a socket):
// it is not polled and never ready. On success out[2, 2 + r) are the indices of the r entries ready for their set,
// ascending, out[1] is r, out[0] the token a call with the same entries may pass (0: none), and
// the result is select's count: ready (descriptor, set) pairs. out must have room for n + 2.
// token: the previous call's out[0] when its entries are the same (same descriptors, same order,
// same set sizes), else 0. sec null waits forever; a negative sec or usec outside [0, 1e6) is
// EINVAL, as it is select's. A descriptor that is not open is EBADF for the whole call, as with
// select. A signal is EINTR.
Napi::Value Select(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  SelectState* s = Data(env)->select;
  Napi::Int32Array arr = info[0].As<Napi::Int32Array>();
  int32_t* fds = arr.Data();
  size_t nread = static_cast<size_t>(ArgInt(info, 1));
  size_t nwrite = static_cast<size_t>(ArgInt(info, 2));
  size_t nexcept = static_cast<size_t>(ArgInt(info, 3));
  size_t n = nread + nwrite + nexcept;
  Napi::Int32Array outArr = info[6].As<Napi::Int32Array>();
  int32_t* out = outArr.Data();
  uint32_t token = static_cast<uint32_t>(ArgInt(info, 7));
  if (n > arr.ElementLength() || n + 2 > outArr.ElementLength()) return Fail(env, EINVAL);

  timespec timeout{0, 0};
  timespec* tsp = nullptr;
  if (!info[4].IsNull() && !info[4].IsUndefined()) {
    double sec = ArgDouble(info, 4);
    double usec = ArgDouble(info, 5);
    timeout.tv_sec = sec >= static_cast<double>(LLONG_MAX) ? LLONG_MAX
                     : sec <= -1.0                         ? -1
                                                           : static_cast<time_t>(sec);
    // Out of [0, 1e6) microseconds the call is invalid anyway; keep it invalid without overflow.
    timeout.tv_nsec = (usec < 0 || usec >= 1e6) ? -1 : static_cast<long>(usec) * 1000L;
    tsp = &timeout;
  }

  // The kept call's slots serve this one, or it builds its own (and the kept ones are gone).
  const bool kept = token != 0 && token == s->keptToken && n == s->keptN && nread == s->keptRead &&
                    nwrite == s->keptWrite;
  s->keptToken = 0;
  pollfd* pfds;
  uint8_t* sets;
  size_t m = 0;
  if (kept) {
    pfds = s->pollfds.data();
    sets = s->slotSets.data();
    m = n;
  } else {
    // One slot per distinct descriptor.
    if (++s->stamp == 0) {
      std::fill(s->fdStamp.begin(), s->fdStamp.end(), 0u);
      s->stamp = 1;
    }
    const uint32_t stamp = s->stamp;
    if (s->pollfds.size() < n) {
      s->pollfds.resize(n);
      s->slotSets.resize(n);
    }
    s->bigFds.clear();
    pfds = s->pollfds.data();
    sets = s->slotSets.data();
    for (size_t i = 0; i < n; i++) {
      int fd = fds[i];
      if (fd < 0) continue;  // no descriptor: not polled, never ready
      uint8_t set = i < nread ? kRead : i < nread + nwrite ? kWrite : kExcept;
      size_t ufd = static_cast<size_t>(fd);
      uint32_t slot;
      if (ufd < kTableFds) {
        if (ufd >= s->fdStamp.size()) Grow(s, ufd);
        if (s->fdStamp[ufd] != stamp) {
          s->fdStamp[ufd] = stamp;
          s->fdSlot[ufd] = slot = static_cast<uint32_t>(m++);
          pfds[slot] = pollfd{fd, 0, 0};
          sets[slot] = 0;
        } else {
          slot = s->fdSlot[ufd];
        }
      } else {
        auto big = std::find_if(s->bigFds.begin(), s->bigFds.end(),
                                [fd](const std::pair<int, uint32_t>& b) { return b.first == fd; });
        if (big == s->bigFds.end()) {
          slot = static_cast<uint32_t>(m++);
          s->bigFds.emplace_back(fd, slot);
          pfds[slot] = pollfd{fd, 0, 0};
          sets[slot] = 0;
        } else {
          slot = big->second;
        }
      }
      pfds[slot].events |= set == kRead    ? kReadEvents
                           : set == kWrite ? kWriteEvents
                                           : kExceptEvents;
      sets[slot] |= set;
    }
  }

  // An invalid timeout fails before any descriptor is looked at, as in select and ppoll.
  if (tsp != nullptr && (timeout.tv_sec < 0 || timeout.tv_nsec < 0)) return Fail(env, EINVAL);

  // The deadline, for waiting out the rest of the timeout after a wake-up select would not have.
  const bool zero = tsp != nullptr && timeout.tv_sec == 0 && timeout.tv_nsec == 0;
  timespec deadline{0, 0};
  if (tsp != nullptr && !zero) {
    timespec now = Now();
    if (timeout.tv_sec >= LLONG_MAX - now.tv_sec - 1) {
      deadline = timespec{LLONG_MAX, 0};  // saturate, as the kernel does
    } else {
      deadline.tv_sec = now.tv_sec + timeout.tv_sec;
      deadline.tv_nsec = now.tv_nsec + timeout.tv_nsec;
      if (deadline.tv_nsec >= 1000000000L) {
        deadline.tv_nsec -= 1000000000L;
        deadline.tv_sec += 1;
      }
    }
  }

  int count = 0;
  bool done = false;
  // Ready entries found from epoll's events (out + 2, unordered until the end), when the epoll
  // wait alone answered a call of distinct descriptors; -1: find them by scanning the slots.
  long fromEvents = -1;
  Blocking blocking(Data(env));
  if (kept || (m >= s->minFds && s->bigFds.empty())) {
    SyncResult how = kept ? kUseEpoll : Sync(s, m);
    if (kept) s->credit = 0;  // the set matches the list, as Sync would have found
    if (how == kBadFd) return Fail(env, EBADF);
    if (how == kUseEpoll) {
      if (s->events.size() < m) s->events.resize(m);
      s->epollWaits++;
      int rc;
      for (;;) {
        rc = EpollWait(s, static_cast<int>(std::min<size_t>(m, INT_MAX)), tsp);
        if (rc >= 0 || !blocking.Woken(env)) break;
        if (tsp != nullptr && !zero) timeout = Remaining(deadline, Now());
      }
      if (rc < 0 && errno != ENOSYS) return Fail(env);
      bool usePoll = rc < 0;  // ENOSYS: epoll cannot wait that long here
      if (rc > 0 && ForeignEvent(s, rc)) {
        // The kernel holds a registration the table does not know (a socket closed without
        // ForgetFd while a copy lived on): no epoll_ctl can reach it, so the instance goes and
        // ppoll answers this call; the next epoll-served call starts a new set.
        DropEpoll(s);
        usePoll = true;
        if (tsp != nullptr && !zero) timeout = Remaining(deadline, Now());
      }
      if (!usePoll) {
        bool spurious = false;
        long found = 0;
        for (int e = 0; e < rc; e++) {
          const epoll_event& ev = s->events[static_cast<size_t>(e)];
          size_t fd = static_cast<size_t>(ev.data.u64);
          uint32_t slot = s->fdSlot[fd];
          uint8_t ready = ReadyBits(ev.events) & (sets[slot] & kSets);
          if (ready == 0) {
            // Only a condition select ignores for this descriptor's sets (see below).
            spurious = true;
            pfds[slot].fd = -1;
            continue;
          }
          sets[slot] = static_cast<uint8_t>((sets[slot] & kSets) | (ready << 4));
          count += Popcount3(ready);
          out[2 + found++] = static_cast<int32_t>(slot);
        }
        done = count > 0 || rc == 0 || !spurious || zero;
        if (done && !spurious && m == n) fromEvents = found;
        // Otherwise ppoll waits out the rest without the descriptors that woke us for nothing.
        if (!done && tsp != nullptr) timeout = Remaining(deadline, Now());
        if (!done && tsp != nullptr && timeout.tv_sec == 0 && timeout.tv_nsec == 0) done = true;
      }
    }
  }

  while (!done) {
    timespec wait = timeout;  // ppoll may write the time left back; pass a copy
    s->ppolls++;
    int rc = ppoll(pfds, m, tsp != nullptr ? &wait : nullptr, WaitMask(s));
    if (rc < 0 && blocking.Woken(env)) {
      if (tsp != nullptr && !zero) timeout = Remaining(deadline, Now());
      continue;
    }
    if (rc < 0) return Fail(env);
    bool spurious = false;
    for (size_t k = 0; k < m; k++) {
      short revents = pfds[k].revents;
      if (revents == 0) continue;
      if (revents & POLLNVAL) return Fail(env, EBADF);
      uint8_t ready = ReadyBits(static_cast<uint16_t>(revents)) & (sets[k] & kSets);
      if (ready == 0) {
        spurious = true;
        continue;
      }
      sets[k] = static_cast<uint8_t>((sets[k] & kSets) | (ready << 4));
      count += Popcount3(ready);
    }
    if (count > 0 || rc == 0 || !spurious) break;
    // poll always reports a hang-up or an error, which select ignores for a descriptor that is
    // only in the write set (hang-up) or the except set (both). Such a condition does not go
    // away, so select would sleep on: stop watching those descriptors and wait out the rest.
    for (size_t k = 0; k < m; k++) {
      if (pfds[k].revents != 0) pfds[k].fd = -1;
    }
    if (zero) break;
    if (tsp != nullptr) {
      timeout = Remaining(deadline, Now());
      if (timeout.tv_sec == 0 && timeout.tv_nsec == 0) break;
    }
  }

  // The answer: the ready entries, in order.
  int32_t* ready = out + 2;
  size_t r = 0;
  if (fromEvents >= 0) {
    // Distinct descriptors: slot k is entry k. Only the ready slots are touched, and their
    // answers cleared again, so the slots stay as built for a call that reuses them.
    r = static_cast<size_t>(fromEvents);
    std::sort(ready, ready + r);
    for (size_t j = 0; j < r; j++) sets[ready[j]] &= kSets;
  } else if (m == n && s->bigFds.empty()) {
    for (size_t k = 0; k < m; k++) {
      uint8_t set = k < nread ? kRead : k < nread + nwrite ? kWrite : kExcept;
      if ((sets[k] >> 4) & set) ready[r++] = static_cast<int32_t>(k);
    }
  } else {
    for (size_t i = 0; i < n; i++) {
      if (fds[i] < 0) continue;
      uint8_t set = i < nread ? kRead : i < nread + nwrite ? kWrite : kExcept;
      if ((sets[SlotOf(s, fds[i])] >> 4) & set) ready[r++] = static_cast<int32_t>(i);
    }
  }
  out[1] = static_cast<int32_t>(r);
  // Kept for the next call when the epoll wait alone answered (the slots are intact and the set
  // matches them) and the descriptors were distinct.
  if (fromEvents >= 0) {
    if (!kept) {
      if (++s->lastToken > INT32_MAX) s->lastToken = 1;
      token = s->lastToken;
    }
    s->keptToken = token;
    s->keptN = n;
    s->keptRead = nread;
    s->keptWrite = nwrite;
  }
  out[0] = static_cast<int32_t>(s->keptToken);
  return Napi::Number::New(env, count);
}

// selectConfig(minFds, ctlCost): from how many distinct descriptors epoll serves a call, and the
// weight of an epoll_ctl in descriptors polled (0: always bring the set up to date). For tests:
// minFds 1 and ctlCost 0 put every call through epoll, minFds above any call's count none.
// Negative values restore the defaults.
Napi::Value SelectConfig(const Napi::CallbackInfo& info) {
  SelectState* s = Data(info.Env())->select;
  int minFds = ArgInt(info, 0), ctlCost = ArgInt(info, 1);
  s->minFds = minFds < 0 ? kEpollMinFds : static_cast<size_t>(minFds);
  s->ctlCost = ctlCost < 0 ? kCtlCost : static_cast<uint32_t>(ctlCost);
  s->keptToken = 0;
  return info.Env().Undefined();
}

// selectStats() -> [registered descriptors, epoll_ctl calls, epoll waits, ppoll calls]: counts
// since the environment started, for tests.
Napi::Value SelectStats(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  SelectState* s = Data(env)->select;
  Napi::Array out = Napi::Array::New(env, 4);
  out.Set(0u, Napi::Number::New(env, static_cast<double>(s->regFds.size())));
  out.Set(1u, Napi::Number::New(env, s->ctls));
  out.Set(2u, Napi::Number::New(env, s->epollWaits));
  out.Set(3u, Napi::Number::New(env, s->ppolls));
  return out;
}

}  // namespace

// Before the addon closes fd: out of the epoll set, so the set never holds a registration for a
// number the kernel may hand to a new socket (epoll drops a registration by itself only when
// the last reference to the socket goes, and never if a duplicate of it lives on elsewhere: a
// descriptor in flight in an SCM_RIGHTS message, a forked child's copy). Plain C++ state and at
// most one syscall, no JS (it runs in finalizers, also at environment teardown).
void ForgetSelectFd(AddonData* d, int fd) {
  SelectState* s = d->select;
  if (s == nullptr || fd < 0 || static_cast<size_t>(fd) >= s->registered.size()) return;
  uint8_t r = s->registered[static_cast<size_t>(fd)];
  if (r == 0) return;
  s->keptToken = 0;
  if (r & kUnpollable) {
    s->registered[static_cast<size_t>(fd)] = 0;
    return;
  }
  Ctl(s, EPOLL_CTL_DEL, fd, 0);
  Unregister(s, fd);
}

void RegisterSelect(Napi::Object exports) {
  Napi::Env env = exports.Env();
  Data(env)->select = new SelectState();
  Export<Select>(exports, "select");
  Export<SelectConfig>(exports, "selectConfig");
  Export<SelectStats>(exports, "selectStats");
}

}  // namespace phpsock
