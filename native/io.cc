// Data transfer: recv/recvTrunc/recvfrom/readLine return JS strings with one char per byte
// (latin1) or -errno; recvInto reads into a caller-owned Uint8Array without a copy;
// write/send/sendto take a string or a Uint8Array. recv/recvTrunc/recvInto/write/send, the calls
// behind socket_read/socket_write/socket_recv/socket_send/socket_read_into, are raw Node-API
// callbacks (raw.h); the rest use node-addon-api.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "addon.h"
#include "raw.h"

namespace phpsock {
namespace {

// V8's longest string (String::kMaxLength on 64-bit): the most one call can return.
constexpr size_t kMaxString = (size_t{1} << 29) - 24;

// The byte count to ask recv(2) for: `want` (a positive number from lib), capped at 16 MiB,
// except that MSG_WAITALL must wait for every byte asked for, so it gets its whole length (up to
// the longest string a call can return).
size_t RecvLength(double want, int flags) {
  size_t cap = (flags & MSG_WAITALL) ? kMaxString : kMaxChunk;
  if (!(want > 0)) return 0;
  return want >= static_cast<double>(cap) ? cap : static_cast<size_t>(want);
}

// A receive buffer: the environment's scratch up to 16 MiB, a heap block beyond (MSG_WAITALL),
// freed when the call returns. With MSG_TRUNC the kernel may copy fewer bytes than it reports
// (a stream socket copies none), so the buffer is zeroed first: no byte handed to JS is ever
// uninitialised or left over from an earlier call.
class RecvBuffer {
 public:
  RecvBuffer(AddonData* data, size_t len, int flags) : len_(len) {
    if (len <= kMaxChunk) {
      data_ = ScratchBuffer(data, len == 0 ? 1 : len);
      if (flags & MSG_TRUNC) memset(data_, 0, len);
    } else {
      // calloc of a large block maps fresh zeroed pages: nothing is touched until recv(2) writes.
      heap_ = static_cast<char*>((flags & MSG_TRUNC) ? calloc(len, 1) : malloc(len));
      data_ = heap_;
    }
  }
  ~RecvBuffer() {
    if (heap_ != nullptr) free(heap_);  // a call through the PLT saved on every small read
  }
  RecvBuffer(const RecvBuffer&) = delete;
  RecvBuffer& operator=(const RecvBuffer&) = delete;

  char* data() const { return data_; }
  size_t size() const { return len_; }
  // The bytes received, as a string: at most the buffer's size even when recv(2) reports more.
  napi_value String(napi_env env, ssize_t n) const {
    size_t used = static_cast<size_t>(n) < len_ ? static_cast<size_t>(n) : len_;
    napi_value out;
    napi_create_string_latin1(env, data_, used, &out);
    return out;
  }

 private:
  size_t len_;
  char* data_ = nullptr;
  char* heap_ = nullptr;
};

// recv(fd, length, flags) -> string | -errno, or with `count`, [string, count] | -errno where
// `count` is what the kernel returned: with MSG_TRUNC a datagram's full size (or, on a stream
// socket, the bytes discarded). The string never holds more than `length` bytes.
napi_value RecvCall(napi_env env, napi_callback_info info, bool count) {
  RawArgs<3> args(env, info);
  int flags = args.Int(2);
  RecvBuffer buf(args.data, RecvLength(args.Double(1), flags), flags);
  if (buf.data() == nullptr) return RawNumber(env, -ENOMEM);
  Blocking blocking(args.data);
  int fd = args.Fd(0);
  ssize_t n = RecvAll(env, blocking, fd, flags, buf.size(), [&](size_t done) {
    return SysRecv(fd, buf.data() + done, buf.size() - done, flags);
  });
  if (n < 0) return RawNumber(env, -errno);
  if (!count) return buf.String(env, n);
  napi_value out;
  napi_create_array_with_length(env, 2, &out);
  napi_set_element(env, out, 0, buf.String(env, n));
  napi_set_element(env, out, 1, RawNumber(env, n));
  return out;
}

napi_value Recv(napi_env env, napi_callback_info info) {
  return RecvCall(env, info, false);
}
napi_value RecvTrunc(napi_env env, napi_callback_info info) {
  return RecvCall(env, info, true);
}

// recvfrom(fd, family, length, flags) -> [string, count, address, port] | -errno. The sender's
// address is read as a `family` address (the socket's; lib passes only AF_INET, AF_INET6 and
// AF_UNIX), from a zeroed sockaddr, as PHP reads it: "0.0.0.0" / "::" / "" when the kernel gives
// none (a stream socket); a unix path as a C string.
Napi::Value Recvfrom(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int family = ArgInt(info, 1);
  int flags = ArgInt(info, 3);
  RecvBuffer buf(Data(env), RecvLength(ArgDouble(info, 2), flags), flags);
  if (buf.data() == nullptr) return Fail(env, ENOMEM);
  sockaddr_storage ss{};
  socklen_t slen = family == AF_INET    ? sizeof(sockaddr_in)
                   : family == AF_INET6 ? sizeof(sockaddr_in6)
                                        : sizeof(sockaddr_un);
  ss.ss_family = static_cast<sa_family_t>(family);
  Blocking blocking(Data(env));
  int fd = ArgInt(info, 0);
  ssize_t n = RecvAll(env, blocking, fd, flags, buf.size(), [&](size_t done) {
    return recvfrom(fd, buf.data() + done, buf.size() - done, flags,
                    reinterpret_cast<sockaddr*>(&ss), &slen);
  });
  if (n < 0) return Fail(env);
  Napi::Array out = Napi::Array::New(env, 4);
  out.Set(0u, Napi::Value(env, buf.String(env, n)));
  out.Set(1u, Napi::Number::New(env, static_cast<double>(n)));
  SetAddress(env, ss, family, out, 2);
  return out;
}

// recvInto(fd, target: Uint8Array, offset, length, flags) -> count | -errno
napi_value RecvInto(napi_env env, napi_callback_info info) {
  RawArgs<5> args(env, info);
  void* target = nullptr;
  size_t size = 0;
  if (napi_get_buffer_info(env, args.argv[1], &target, &size) != napi_ok) {
    return RawNumber(env, -EINVAL);
  }
  size_t offset = args.Size(2, SIZE_MAX);
  size_t len = args.Size(3, SIZE_MAX);
  if (offset > size) offset = size;
  if (len > size - offset) len = size - offset;
  Blocking blocking(args.data);
  int fd = args.Fd(0), flags = args.Int(4);
  char* at = static_cast<char*>(target) + offset;
  return RawResult(env, RecvAll(env, blocking, fd, flags, len, [&](size_t done) {
                     return SysRecv(fd, at + done, len - done, flags);
                   }));
}

// readLine(fd, length, flags) -> string | -errno: PHP_NORMAL_READ, PHP's php_read() loop. One
// byte per recv() (with `flags`: php-sockets/async passes MSG_DONTWAIT) until '\n' or '\r'
// (included) or `length` bytes. An orderly EOF on a blocking socket
// ends, after 200 empty reads, as ECONNRESET with the partial line dropped; on a nonblocking one
// it returns what was read. Where PHP spins forever on EAGAIN (a nonblocking socket without a
// full line, or SO_RCVTIMEO expiring), this returns the bytes read so far, or EAGAIN if none.
Napi::Value ReadLine(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = ArgInt(info, 0);
  size_t maxlen = ArgSize(info, 1, SIZE_MAX);
  int flags = ArgInt(info, 2);
  if (maxlen > kMaxChunk) maxlen = kMaxChunk;
  int fl = fcntl(fd, F_GETFL);
  if (fl < 0) return Fail(env);
  bool nonblock = (fl & O_NONBLOCK) != 0;
  AddonData* data = Data(env);
  char* buf = ScratchBuffer(data, maxlen + 1);
  size_t n = 0;
  int empty_reads = 0;
  buf[0] = '\0';
  Blocking blocking(data);
  for (;;) {
    ssize_t m = recv(fd, buf + n, 1, flags);
    if (m < 0 && blocking.Again(env, fd, SO_RCVTIMEO)) continue;
    if (m > 0) {
      blocking.Restart();  // each byte's recv waits up to the whole timeout, as PHP's php_read
      char c = buf[n++];
      if (c == '\n' || c == '\r' || n >= maxlen) break;
      continue;
    }
    if (m < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        if (n == 0) return Fail(env, EAGAIN);
        break;
      }
      if (errno != ESPIPE) return Fail(env);
      continue;
    }
    // m == 0: PHP counts a first pass that reads nothing plus one per empty recv().
    empty_reads++;
    if (nonblock) break;
    if (empty_reads + 1 > 200) return Fail(env, ECONNRESET);
  }
  return Latin1(env, buf, n);
}

// write(fd, data, length) -> count | -errno: write(2) of min(length, byte length of data).
napi_value Write(napi_env env, napi_callback_info info) {
  RawArgs<3> args(env, info);
  Bytes bytes;
  if (!GetBytes(env, args.argv[1], args.Size(2, SIZE_MAX), bytes, args.data)) {
    return RawNumber(env, -EINVAL);
  }
  Blocking blocking(args.data);
  int fd = args.Fd(0);
  return RawResult(env, SendAll(env, blocking, fd, 0, bytes.length, [&](size_t done) {
                     return SysWrite(fd, bytes.data + done, bytes.length - done);
                   }));
}

// send(fd, data, length, flags) -> count | -errno
napi_value Send(napi_env env, napi_callback_info info) {
  RawArgs<4> args(env, info);
  Bytes bytes;
  if (!GetBytes(env, args.argv[1], args.Size(2, SIZE_MAX), bytes, args.data)) {
    return RawNumber(env, -EINVAL);
  }
  Blocking blocking(args.data);
  int fd = args.Fd(0), flags = args.Int(3);
  return RawResult(env, SendAll(env, blocking, fd, flags, bytes.length, [&](size_t done) {
                     return SysSend(fd, bytes.data + done, bytes.length - done, flags);
                   }));
}

// sendto(fd, data, length, flags, sockaddr: Buffer) -> count | -errno
Napi::Value Sendto(const Napi::CallbackInfo& info) {
  Bytes bytes;
  size_t max = ArgSize(info, 2, SIZE_MAX);
  GetBytes(info.Env(), info[1], max, bytes);
  Napi::Buffer<char> sa = info[4].As<Napi::Buffer<char>>();
  Blocking blocking(Data(info.Env()));
  int fd = ArgInt(info, 0), flags = ArgInt(info, 3);
  return Result(
      info.Env(), SendAll(info.Env(), blocking, fd, flags, bytes.length, [&](size_t done) {
        return sendto(fd, bytes.data + done, bytes.length - done, flags,
                      reinterpret_cast<sockaddr*>(sa.Data()), static_cast<socklen_t>(sa.Length()));
      }));
}

// sockatmark(fd) -> 1 (at the out-of-band mark) | 0 | -errno
Napi::Value Sockatmark(const Napi::CallbackInfo& info) {
  return Result(info.Env(), sockatmark(ArgInt(info, 0)));
}

}  // namespace

void RegisterIo(Napi::Object exports) {
  ExportRaw<Recv>(exports, "recv");
  ExportRaw<RecvTrunc>(exports, "recvTrunc");
  Export<Recvfrom>(exports, "recvfrom");
  Export<Sendto>(exports, "sendto");
  Export<Sockatmark>(exports, "sockatmark");
  ExportRaw<RecvInto>(exports, "recvInto");
  Export<ReadLine>(exports, "readLine");
  ExportRaw<Write>(exports, "write");
  ExportRaw<Send>(exports, "send");
}

}  // namespace phpsock
