// Data transfer: recv/readLine return JS strings with one char per byte (latin1) or -errno;
// recvInto reads into a caller-owned Uint8Array without a copy; write/send take a string or a
// Uint8Array.
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "addon.h"

namespace phpsock {
namespace {

// Reads are capped at 16 MiB a call: a stream socket returns what is queued anyway, and a larger
// buffer would only cost memory (PHP allocates the whole length up front).
constexpr size_t kMaxChunk = 16 * 1024 * 1024;

char* ReadBuffer(Napi::Env env, size_t len) {
  std::vector<char>& scratch = Data(env)->scratch;
  if (scratch.size() < len) scratch.resize(len);
  return scratch.data();
}

// recv(fd, length, flags) -> string | -errno
Napi::Value Recv(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  size_t len = static_cast<size_t>(info[1].As<Napi::Number>().DoubleValue());
  if (len > kMaxChunk) len = kMaxChunk;
  char* buf = ReadBuffer(env, len);
  ssize_t n = recv(ArgInt(info, 0), buf, len, ArgInt(info, 2));
  if (n < 0) return Fail(env);
  return Latin1(env, buf, static_cast<size_t>(n));
}

// recvInto(fd, target: Uint8Array, offset, length, flags) -> count | -errno
Napi::Value RecvInto(const Napi::CallbackInfo& info) {
  Napi::Uint8Array target = info[1].As<Napi::Uint8Array>();
  size_t offset = static_cast<size_t>(info[2].As<Napi::Number>().DoubleValue());
  size_t len = static_cast<size_t>(info[3].As<Napi::Number>().DoubleValue());
  if (offset > target.ByteLength()) offset = target.ByteLength();
  if (len > target.ByteLength() - offset) len = target.ByteLength() - offset;
  return Result(info.Env(), recv(ArgInt(info, 0), target.Data() + offset, len, ArgInt(info, 4)));
}

// readLine(fd, length) -> string | -errno: PHP_NORMAL_READ, PHP's php_read() loop. One byte per
// recv() until '\n' or '\r' (included) or `length` bytes. An orderly EOF on a blocking socket
// ends, after 200 empty reads, as ECONNRESET with the partial line dropped; on a nonblocking one
// it returns what was read. Where PHP spins forever on EAGAIN (a nonblocking socket without a
// full line, or SO_RCVTIMEO expiring), this returns the bytes read so far, or EAGAIN if none.
Napi::Value ReadLine(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = ArgInt(info, 0);
  size_t maxlen = static_cast<size_t>(info[1].As<Napi::Number>().DoubleValue());
  if (maxlen > kMaxChunk) maxlen = kMaxChunk;
  int fl = fcntl(fd, F_GETFL);
  if (fl < 0) return Fail(env);
  bool nonblock = (fl & O_NONBLOCK) != 0;
  char* buf = ReadBuffer(env, maxlen + 1);
  size_t n = 0;
  int empty_reads = 0;
  buf[0] = '\0';
  for (;;) {
    ssize_t m = recv(fd, buf + n, 1, 0);
    if (m > 0) {
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
Napi::Value Write(const Napi::CallbackInfo& info) {
  Bytes bytes;
  size_t max = static_cast<size_t>(info[2].As<Napi::Number>().DoubleValue());
  GetBytes(info.Env(), info[1], max, bytes);
  return Result(info.Env(), write(ArgInt(info, 0), bytes.data, bytes.length));
}

// send(fd, data, length, flags) -> count | -errno
Napi::Value Send(const Napi::CallbackInfo& info) {
  Bytes bytes;
  size_t max = static_cast<size_t>(info[2].As<Napi::Number>().DoubleValue());
  GetBytes(info.Env(), info[1], max, bytes);
  return Result(info.Env(), send(ArgInt(info, 0), bytes.data, bytes.length, ArgInt(info, 3)));
}

}  // namespace

void RegisterIo(Napi::Env env, Napi::Object exports) {
  exports.Set("recv", Napi::Function::New(env, Recv, "recv"));
  exports.Set("recvInto", Napi::Function::New(env, RecvInto, "recvInto"));
  exports.Set("readLine", Napi::Function::New(env, ReadLine, "readLine"));
  exports.Set("write", Napi::Function::New(env, Write, "write"));
  exports.Set("send", Napi::Function::New(env, Send, "send"));
}

}  // namespace phpsock
