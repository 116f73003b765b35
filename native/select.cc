// socket_select over poll(2): select(2)'s answer for any number of descriptors, numbered
// anywhere (select stops at FD_SETSIZE, 1024). One call per socket_select; the descriptors come
// in bulk in an Int32Array and the answers go back in the same array.
#include <time.h>

#include <algorithm>
#include <climits>

#include "addon.h"

namespace phpsock {
namespace {

// Set bits: which of socket_select's arrays a descriptor appears in.
constexpr uint8_t kRead = 1, kWrite = 2, kExcept = 4;

// What each set asks poll for, and the revents select counts as ready for it. These are the
// kernel's own select masks (POLLIN_SET, POLLOUT_SET, POLLEX_SET in fs/select.c): a hang-up or
// an error makes a descriptor readable, an error makes it writable, urgent data is the
// exceptional condition.
constexpr short kReadEvents = POLLIN | POLLRDNORM | POLLRDBAND;
constexpr short kWriteEvents = POLLOUT | POLLWRNORM | POLLWRBAND;
constexpr short kExceptEvents = POLLPRI;
constexpr short kReadReady = POLLIN | POLLRDNORM | POLLRDBAND | POLLHUP | POLLERR;
constexpr short kWriteReady = POLLOUT | POLLWRNORM | POLLWRBAND | POLLERR;
constexpr short kExceptReady = POLLPRI;

uint8_t ReadyBits(short revents) {
  return static_cast<uint8_t>(((revents & kReadReady) ? kRead : 0) |
                              ((revents & kWriteReady) ? kWrite : 0) |
                              ((revents & kExceptReady) ? kExcept : 0));
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

// select(fds: Int32Array, nread, nwrite, nexcept, sec: number | null, usec) -> count | -errno
//
// fds[0, nread) are the read set, then nwrite write and nexcept except entries; a descriptor may
// repeat, within a set and across sets. Each descriptor gets one pollfd whatever its repeats
// (found through a per-environment table indexed by descriptor, stamped per call, so the cost
// follows the number of entries, not the highest descriptor). On success each entry becomes 1
// (ready for its set) or 0, and the result is select's count: ready (descriptor, set) pairs.
// sec null waits forever; a negative sec or usec outside [0, 1e6) is ppoll's EINVAL, as it is
// select's. A descriptor that is not open is EBADF for the whole call, as with select.
Napi::Value Select(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  AddonData* d = Data(env);
  Napi::Int32Array arr = info[0].As<Napi::Int32Array>();
  int32_t* fds = arr.Data();
  size_t nread = static_cast<size_t>(ArgInt(info, 1));
  size_t nwrite = static_cast<size_t>(ArgInt(info, 2));
  size_t nexcept = static_cast<size_t>(ArgInt(info, 3));
  size_t n = nread + nwrite + nexcept;
  if (n > arr.ElementLength()) return Fail(env, EINVAL);

  timespec timeout{0, 0};
  timespec* tsp = nullptr;
  if (!info[4].IsNull() && !info[4].IsUndefined()) {
    double sec = info[4].As<Napi::Number>().DoubleValue();
    double usec = info[5].As<Napi::Number>().DoubleValue();
    timeout.tv_sec = sec >= static_cast<double>(LLONG_MAX) ? LLONG_MAX
                     : sec <= -1.0                         ? -1
                                                           : static_cast<time_t>(sec);
    // Out of [0, 1e6) microseconds the call is invalid anyway; keep it invalid without overflow.
    timeout.tv_nsec = (usec < 0 || usec >= 1e6) ? -1 : static_cast<long>(usec) * 1000L;
    tsp = &timeout;
  }

  // One pollfd per distinct descriptor.
  if (++d->selectStamp == 0) {
    std::fill(d->fdStamp.begin(), d->fdStamp.end(), 0u);
    d->selectStamp = 1;
  }
  const uint32_t stamp = d->selectStamp;
  if (d->pollfds.size() < n) {
    d->pollfds.resize(n);
    d->slotSets.resize(n);
  }
  pollfd* pfds = d->pollfds.data();
  uint8_t* sets = d->slotSets.data();
  size_t m = 0;
  for (size_t i = 0; i < n; i++) {
    int fd = fds[i];
    if (fd < 0) return Fail(env, EBADF);
    uint8_t set = i < nread ? kRead : i < nread + nwrite ? kWrite : kExcept;
    size_t ufd = static_cast<size_t>(fd);
    if (ufd >= d->fdStamp.size()) {
      size_t size = d->fdStamp.size() * 2;
      if (size <= ufd) size = ufd + 1;
      d->fdStamp.resize(size, 0u);
      d->fdSlot.resize(size, 0u);
    }
    uint32_t slot;
    if (d->fdStamp[ufd] != stamp) {
      d->fdStamp[ufd] = stamp;
      d->fdSlot[ufd] = slot = static_cast<uint32_t>(m++);
      pfds[slot] = pollfd{fd, 0, 0};
      sets[slot] = 0;
    } else {
      slot = d->fdSlot[ufd];
    }
    pfds[slot].events |= set == kRead ? kReadEvents : set == kWrite ? kWriteEvents : kExceptEvents;
    sets[slot] |= set;
  }

  // The deadline, for waiting out the rest of the timeout after a wake-up select would not have.
  const bool zero = tsp != nullptr && timeout.tv_sec == 0 && timeout.tv_nsec == 0;
  timespec deadline{0, 0};
  if (tsp != nullptr && !zero && timeout.tv_sec >= 0 && timeout.tv_nsec >= 0) {
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
  for (;;) {
    timespec wait = timeout;  // ppoll may write the time left back; pass a copy
    int rc = ppoll(pfds, m, tsp != nullptr ? &wait : nullptr, nullptr);
    if (rc < 0) return Fail(env);
    bool spurious = false;
    for (size_t k = 0; k < m; k++) {
      short revents = pfds[k].revents;
      if (revents == 0) continue;
      if (revents & POLLNVAL) return Fail(env, EBADF);
      uint8_t ready = ReadyBits(revents) & (sets[k] & 7);
      if (ready == 0) {
        spurious = true;
        continue;
      }
      sets[k] = static_cast<uint8_t>((sets[k] & 7) | (ready << 4));
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

  for (size_t i = 0; i < n; i++) {
    uint8_t set = i < nread ? kRead : i < nread + nwrite ? kWrite : kExcept;
    uint32_t slot = d->fdSlot[static_cast<size_t>(fds[i])];
    fds[i] = (sets[slot] >> 4) & set ? 1 : 0;
  }
  return Napi::Number::New(env, count);
}

}  // namespace

void RegisterSelect(Napi::Env env, Napi::Object exports) {
  exports.Set("select", Napi::Function::New(env, Select, "select"));
}

}  // namespace phpsock
