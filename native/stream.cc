// The socket streams' syscalls (fsockopen, stream_socket_*, fread/fwrite): waiting with a timeout
// is ppoll(2) on the one descriptor, retried on EINTR for the time left, and folded into the call
// that waits (poll then recv, send then poll, connect then poll, poll then accept) so that one PHP
// call is one N-API call. A timeout is in microseconds, negative for none (wait forever). No PHP
// policy here: lib/streams decides what each result means. The resolver calls the streams use
// (getaddrinfo, the netdb look-ups) are in addrinfo.cc.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <string>

#include "addon.h"
#include "raw.h"

namespace phpsock {
namespace {

constexpr short kReadable = POLLIN | POLLERR | POLLHUP;  // PHP_POLLREADABLE

// ppoll on one descriptor: revents (> 0), 0 when the timeout passed, or -errno. A signal does not
// cut the wait short (PHP's processes have no handlers that would interrupt it; Node's do): the
// raw ppoll writes the time left back into ts (glibc's wrapper hides that), so the wait resumes
// with what remains, and no clock is read on the way.
// A timeout of 10^18 us (31,700 years) or more is no timeout: PHP's own conversion of such a
// timeout overflows into an endless wait, and a larger count would not convert to a time_t.
// In a Worker being terminated the wait gives way: -EINTR.
int WaitFd(napi_env env, Blocking& blocking, int fd, short events, double timeout_us) {
  pollfd p{fd, events, 0};
  timespec ts{0, 0}, *tsp = nullptr;
  if (timeout_us >= 0 && timeout_us < 1e18) {
    ts.tv_sec = static_cast<time_t>(timeout_us / 1e6);
    ts.tv_nsec = static_cast<long>((timeout_us - static_cast<double>(ts.tv_sec) * 1e6) * 1e3);
    if (ts.tv_nsec < 0) ts.tv_nsec = 0;
    if (ts.tv_nsec > 999999999) ts.tv_nsec = 999999999;
    tsp = &ts;
  }
  for (;;) {
#if defined(__LP64__)
    int rc = static_cast<int>(syscall(SYS_ppoll, &p, 1, tsp, nullptr, 0));
#else
    // 32-bit: the time64 ABI decides which ppoll fits this timespec; glibc's wrapper knows, and
    // it too writes the time left back (into its copy), so the wait there restarts in full.
    int rc = ppoll(&p, 1, tsp, nullptr);
#endif
    if (rc > 0) return p.revents;
    if (rc == 0) return 0;
    if (errno != EINTR || blocking.Stopping(env)) return -errno;
  }
}

// streamRecv(fd, length, flags, wait, timeoutUs, ready) -> string | null (the wait timed out) |
// -errno
// php_sockop_read: when `wait`, poll for readability first (a poll failure is ignored, as PHP
// ignores it), then one recv(2). "" is end of stream. `ready` (stream_select reported the stream
// readable since its last read) tries the recv first, without waiting, and polls only if that
// finds nothing (EAGAIN): the same answer, since a poll of a readable socket returns at once,
// without the poll's syscall.
napi_value StreamRecv(napi_env env, napi_callback_info info) {
  RawArgs<6> args(env, info);
  int fd = args.Fd(0);
  size_t len = args.Size(1, kMaxChunk);
  int flags = args.Int(2);
  bool wait = args.Bool(3);
  char* buf = ScratchBuffer(args.data, len);
  ssize_t n = -1;
  int err = EAGAIN;
  if (wait && args.Bool(5)) {
    n = SysRecv(fd, buf, len, flags | MSG_DONTWAIT);
    err = n < 0 ? errno : 0;
  }
  if (n < 0 && (err == EAGAIN || err == EWOULDBLOCK || err == EINTR)) {
    Blocking blocking(args.data);
    if (wait) {
      int rc = WaitFd(env, blocking, fd, kReadable, args.Double(4));
      if (rc == -EINTR) return RawNumber(env, -EINTR);
      if (rc == 0) {
        napi_value null;
        napi_get_null(env, &null);
        return null;
      }
    }
    do {
      n = SysRecv(fd, buf, len, flags);
    } while (n < 0 && blocking.Again(env, fd, SO_RCVTIMEO));
    if (n < 0) return RawNumber(env, -errno);
  }
  if (n < 0) return RawNumber(env, -err);
  napi_value out;
  napi_create_string_latin1(env, buf, static_cast<size_t>(n), &out);
  return out;
}

// streamWrite(fd, data, length, flags, wait, timeoutUs) -> count | [count, errno, waited]
// _php_stream_write_buffer over php_sockop_write: send(2) min(length, byte length) bytes until
// all are sent. EAGAIN with `wait` polls for writability (timeoutUs) and sends again. A count
// alone means everything was sent without waiting; otherwise [count, errno, waited (0/1)], where
// errno is 0 when all was sent or for EAGAIN without `wait` (a nonblocking stream), -1 when the
// wait timed out, else the errno of the send (or of the poll).
napi_value StreamWrite(napi_env env, napi_callback_info info) {
  RawArgs<6> args(env, info);
  int fd = args.Fd(0);
  Bytes bytes;
  if (!GetBytes(env, args.argv[1], args.Size(2, SIZE_MAX), bytes, args.data)) {
    return RawNumber(env, -EINVAL);
  }
  int flags = args.Int(3) | MSG_NOSIGNAL;
  bool wait = args.Bool(4);
  double timeout_us = args.Double(5);
  size_t done = 0;
  int err = 0;
  bool waited = false;
  Blocking blocking(args.data);
  while (done < bytes.length) {
    ssize_t n = SysSend(fd, bytes.data + done, bytes.length - done, flags);
    if (n < 0 && blocking.Again(env, fd, SO_SNDTIMEO)) continue;
    if (n > 0) {
      done += static_cast<size_t>(n);
      continue;
    }
    err = n == 0 ? 0 : errno;
    if (n < 0 && (err == EAGAIN || err == EWOULDBLOCK || err == EINTR)) {
      if (!wait) {
        err = 0;
        break;
      }
      waited = true;
      int rc = WaitFd(env, blocking, fd, POLLOUT, timeout_us);
      if (rc > 0) continue;
      err = rc == 0 ? -1 : -rc;
    }
    break;
  }
  if (done == bytes.length && !waited) return RawNumber(env, static_cast<long>(done));
  napi_value out;
  napi_create_array_with_length(env, 3, &out);
  napi_set_element(env, out, 0, RawNumber(env, static_cast<long>(done)));
  napi_set_element(env, out, 1, RawNumber(env, done == bytes.length ? 0 : err));
  napi_set_element(env, out, 2, RawNumber(env, waited ? 1 : 0));
  return out;
}

// streamConnect(fd, sockaddr, async, timeoutUs) -> 0 | -errno (php_network_connect_socket)
// connect(2) in nonblocking mode, then poll for completion up to the timeout (ETIMEDOUT) and read
// SO_ERROR. The blocking mode is restored unless `async`; an async connect in progress is
// -EINPROGRESS, its socket left nonblocking.
Napi::Value StreamConnect(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = ArgInt(info, 0);
  Napi::Buffer<char> sa = info[1].As<Napi::Buffer<char>>();
  bool async = ArgBool(info, 2);
  int orig = fcntl(fd, F_GETFL);
  if (orig < 0) return Fail(env);
  if (fcntl(fd, F_SETFL, orig | O_NONBLOCK) < 0) return Fail(env);
  ForgetFdModes(env);  // the mode stays nonblocking after an async or a failed connect
  int error = 0;
  if (connect(fd, reinterpret_cast<sockaddr*>(sa.Data()), static_cast<socklen_t>(sa.Length())) !=
      0) {
    error = errno;
    if (error != EINPROGRESS && error != EWOULDBLOCK) return Fail(env, error);
    if (async && error == EINPROGRESS) return Fail(env, EINPROGRESS);
    Blocking blocking(Data(env));
    int rc = WaitFd(env, blocking, fd, POLLOUT | POLLPRI, ArgDouble(info, 3));
    if (rc < 0) return Fail(env, -rc);
    if (rc == 0) {
      error = ETIMEDOUT;
    } else {
      socklen_t len = sizeof error;
      if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len) != 0) return Fail(env);
    }
  }
  if (!async) fcntl(fd, F_SETFL, orig);
  return Napi::Number::New(env, -error);
}

// streamAccept(fd, timeoutUs[, owner]) -> new fd (blocking, close-on-exec; owned by `owner` when
// given) | -errno
// php_network_accept_incoming: poll for readability (ETIMEDOUT when the timeout passes), then
// accept4(2).
Napi::Value StreamAccept(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = ArgInt(info, 0);
  Blocking blocking(Data(env));
  int rc = WaitFd(env, blocking, fd, kReadable, ArgDouble(info, 1));
  if (rc == 0) return Fail(env, ETIMEDOUT);
  if (rc < 0) return Fail(env, -rc);
  int c;
  do {
    c = accept4(fd, nullptr, nullptr, SOCK_CLOEXEC);
  } while (c < 0 && blocking.Again(env, fd, SO_RCVTIMEO));
  return Napi::Value(env, RawCreated(env, Data(env), c, info[2]));
}

// streamPeek(fd) -> 1 (data waiting) | 0 (end of stream) | -errno (EAGAIN: nothing yet)
// The liveness check of feof(): recv(2) of one byte with MSG_PEEK | MSG_DONTWAIT.
Napi::Value StreamPeek(const Napi::CallbackInfo& info) {
  char c;
  return Result(info.Env(), recv(ArgInt(info, 0), &c, 1, MSG_PEEK | MSG_DONTWAIT));
}

// streamRecvFrom(fd, length, flags) -> [data] (no sender address) | [data, family, address, port]
// | -errno: one recvfrom(2), with no wait.
Napi::Value StreamRecvFrom(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  size_t len = ArgSize(info, 1, kMaxChunk);
  char* buf = ScratchBuffer(Data(env), len);
  sockaddr_storage ss{};
  socklen_t slen = sizeof ss;
  Blocking blocking(Data(env));
  ssize_t n;
  do {
    n = recvfrom(ArgInt(info, 0), buf, len, ArgInt(info, 2), reinterpret_cast<sockaddr*>(&ss),
                 &slen);
  } while (n < 0 && blocking.Again(env, ArgInt(info, 0), SO_RCVTIMEO));
  if (n < 0) return Fail(env);
  Napi::Array out = Napi::Array::New(env, slen > 0 ? 4 : 1);
  out.Set(0u, Latin1(env, buf, static_cast<size_t>(n)));
  if (slen > 0) {
    out.Set(1u, Napi::Number::New(env, ss.ss_family));
    SetAddress(env, ss, ss.ss_family, out, 2, static_cast<int>(slen));
  }
  return out;
}

}  // namespace

void RegisterStream(Napi::Object exports) {
  ExportRaw<StreamRecv>(exports, "streamRecv");
  ExportRaw<StreamWrite>(exports, "streamWrite");
  Export<StreamConnect>(exports, "streamConnect");
  Export<StreamAccept>(exports, "streamAccept");
  Export<StreamPeek>(exports, "streamPeek");
  Export<StreamRecvFrom>(exports, "streamRecvFrom");
}

}  // namespace phpsock
