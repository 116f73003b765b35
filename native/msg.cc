// sendmsg(2) and recvmsg(2) over plain values: the name is sockaddr bytes, the data is strings
// or Uint8Arrays, each control message is [level, type, payload bytes]. The CMSG_* layout lives
// here; what a payload means (and every PHP rule) lives in lib/messages.
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "addon.h"

namespace phpsock {
namespace {

// sendmsg(fd, name: Buffer | null, iov: (string | Uint8Array)[], control: [level, type,
// Uint8Array][], flags) -> count | -errno. One iovec per part, as given; control messages are
// laid out back to back, each CMSG_SPACE(payload) long.
Napi::Value SendMsg(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = ArgInt(info, 0);
  msghdr msg{};
  if (info[1].IsBuffer()) {
    Napi::Buffer<char> name = info[1].As<Napi::Buffer<char>>();
    msg.msg_name = name.Data();
    msg.msg_namelen = static_cast<socklen_t>(name.Length());
  }

  Napi::Array parts = info[2].As<Napi::Array>();
  uint32_t count = parts.Length();
  std::vector<iovec> iov(count);
  // Strings are copied into one block (each with room for the NUL napi writes); Uint8Arrays are
  // used in place.
  std::vector<size_t> lengths(count, 0);
  size_t total = 0;
  for (uint32_t i = 0; i < count; i++) {
    Napi::Value part = parts.Get(i);
    if (part.IsTypedArray()) continue;
    napi_get_value_string_latin1(env, part, nullptr, 0, &lengths[i]);
    total += lengths[i] + 1;
  }
  std::vector<char> block(total);
  size_t offset = 0;
  for (uint32_t i = 0; i < count; i++) {
    Napi::Value part = parts.Get(i);
    if (part.IsTypedArray()) {
      Napi::Uint8Array bytes = part.As<Napi::Uint8Array>();
      iov[i].iov_base = bytes.Data();
      iov[i].iov_len = bytes.ByteLength();
      continue;
    }
    size_t copied = 0;
    napi_get_value_string_latin1(env, part, block.data() + offset, lengths[i] + 1, &copied);
    iov[i].iov_base = block.data() + offset;
    iov[i].iov_len = copied;
    offset += lengths[i] + 1;
  }
  msg.msg_iov = count ? iov.data() : nullptr;
  msg.msg_iovlen = count;

  Napi::Array items = info[3].As<Napi::Array>();
  uint32_t n = items.Length();
  size_t space = 0;
  for (uint32_t i = 0; i < n; i++) {
    Napi::Array item = items.Get(i).As<Napi::Array>();
    space += CMSG_SPACE(item.Get(2u).As<Napi::Uint8Array>().ByteLength());
  }
  // std::vector's storage comes from operator new, aligned for cmsghdr.
  std::vector<char> control(space, 0);
  size_t at = 0;
  for (uint32_t i = 0; i < n; i++) {
    Napi::Array item = items.Get(i).As<Napi::Array>();
    Napi::Uint8Array payload = item.Get(2u).As<Napi::Uint8Array>();
    auto* cmsg = reinterpret_cast<cmsghdr*>(control.data() + at);
    cmsg->cmsg_level = ArgInt(env, item.Get(0u));
    cmsg->cmsg_type = ArgInt(env, item.Get(1u));
    cmsg->cmsg_len = CMSG_LEN(payload.ByteLength());
    if (payload.ByteLength()) memcpy(CMSG_DATA(cmsg), payload.Data(), payload.ByteLength());
    at += CMSG_SPACE(payload.ByteLength());
  }
  msg.msg_control = space ? control.data() : nullptr;
  msg.msg_controllen = space;

  size_t length = 0;
  for (const iovec& v : iov) length += v.iov_len;
  int flags = ArgInt(info, 4);
  Blocking blocking(Data(env));
  // The rest of a send cut short goes without the control messages, which went with the first
  // byte.
  std::vector<iovec> rest;
  return Result(
      env, SendAll(env, blocking, fd, flags, length, [&](size_t done) {
        if (done > 0) {
          rest.clear();
          for (const iovec& v : iov) {
            if (done >= v.iov_len) {
              done -= v.iov_len;
              continue;
            }
            rest.push_back(iovec{static_cast<char*>(v.iov_base) + done, v.iov_len - done});
            done = 0;
          }
          msg.msg_iov = rest.data();
          msg.msg_iovlen = rest.size();
          msg.msg_control = nullptr;
          msg.msg_controllen = 0;
        }
        return sendmsg(fd, &msg, flags);
      }));
}

// recvmsg(fd, nameLen, bufferSize, controlLen, flags) -> [count, data, name | null, control,
// msgFlags] | -errno. `data` holds min(count, bufferSize) bytes; `name` is the whole zeroed
// nameLen-byte buffer the kernel filled (null when nameLen is 0); `control` lists each cmsghdr
// as [level, type, cmsg_len, payload]. Received descriptors are close-on-exec, like every
// descriptor this addon creates.
Napi::Value RecvMsg(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = ArgInt(info, 0);
  size_t name_len = ArgSize(info, 1, SIZE_MAX);
  size_t size = ArgSize(info, 2, SIZE_MAX);
  size_t control_len = ArgSize(info, 3, SIZE_MAX);
  int flags = ArgInt(info, 4);

  sockaddr_storage name{};
  if (name_len > sizeof name) name_len = sizeof name;
  std::vector<char>& scratch = Data(env)->scratch;
  std::vector<char> heap;
  char* buf = scratch.data();
  if (size > scratch.size()) {
    heap.resize(size);
    buf = heap.data();
  } else if (flags & MSG_TRUNC) {
    // With MSG_TRUNC a stream socket discards the data and reports its length: the buffer must
    // not show what an earlier call left in it.
    memset(buf, 0, size);
  }
  std::vector<char> control(control_len, 0);

  iovec iov{buf, size};
  msghdr msg{};
  msg.msg_name = name_len ? &name : nullptr;
  msg.msg_namelen = static_cast<socklen_t>(name_len);
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control_len ? control.data() : nullptr;
  msg.msg_controllen = control_len;
  Blocking blocking(Data(env));
  // The rest of a MSG_WAITALL receive cut short by a signal comes into the rest of the buffer,
  // with the control buffer when the first part brought no control message (else the count
  // stands: returning 0 ends RecvAll, and the rest comes with the next call).
  iovec rest{};
  ssize_t n = RecvAll(env, blocking, fd, flags, size, [&](size_t done) -> ssize_t {
    if (done == 0) return recvmsg(fd, &msg, flags | MSG_CMSG_CLOEXEC);
    if (msg.msg_controllen != 0) return 0;
    rest = iovec{buf + done, size - done};
    msghdr more{};
    more.msg_iov = &rest;
    more.msg_iovlen = 1;
    more.msg_control = msg.msg_control;
    more.msg_controllen = control_len;
    ssize_t m = recvmsg(fd, &more, flags | MSG_CMSG_CLOEXEC);
    if (m >= 0) {
      msg.msg_controllen = more.msg_controllen;
      msg.msg_flags |= more.msg_flags;
    }
    return m;
  });
  if (n < 0) return Fail(env);

  // Received descriptors are owned by `owner` (when given) before any JS runs: a Worker terminated
  // before lib adopts them into Sockets leaves none open. One that cannot be owned is closed.
  bool owning = info.Length() > 5 && info[5].IsObject();
  for (cmsghdr* c = CMSG_FIRSTHDR(&msg); owning && c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
    size_t start = reinterpret_cast<char*>(CMSG_DATA(c)) - control.data();
    size_t len = c->cmsg_len > CMSG_LEN(0) ? c->cmsg_len - CMSG_LEN(0) : 0;
    if (start > msg.msg_controllen) continue;
    if (len > msg.msg_controllen - start) len = msg.msg_controllen - start;
    for (size_t at = 0; at + sizeof(int) <= len; at += sizeof(int)) {
      int rfd;
      memcpy(&rfd, CMSG_DATA(c) + at, sizeof rfd);
      if (!OwnDescriptor(env, info[5], rfd)) close(rfd);
    }
  }

  Napi::Array items = Napi::Array::New(env);
  uint32_t i = 0;
  for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
    size_t start = reinterpret_cast<char*>(CMSG_DATA(c)) - control.data();
    size_t len = c->cmsg_len > CMSG_LEN(0) ? c->cmsg_len - CMSG_LEN(0) : 0;
    // Clamped to what the kernel filled (a truncated last message, MSG_CTRUNC).
    if (start > msg.msg_controllen) {
      len = 0;
    } else if (len > msg.msg_controllen - start) {
      len = msg.msg_controllen - start;
    }
    Napi::Array item = Napi::Array::New(env, 4);
    item.Set(0u, Napi::Number::New(env, c->cmsg_level));
    item.Set(1u, Napi::Number::New(env, c->cmsg_type));
    item.Set(2u, Napi::Number::New(env, static_cast<double>(c->cmsg_len)));
    item.Set(3u, Napi::Buffer<char>::Copy(env, reinterpret_cast<char*>(CMSG_DATA(c)), len));
    items.Set(i++, item);
  }

  size_t got = static_cast<size_t>(n) < size ? static_cast<size_t>(n) : size;
  Napi::Array out = Napi::Array::New(env, 5);
  out.Set(0u, Napi::Number::New(env, static_cast<double>(n)));
  out.Set(1u, Latin1(env, buf, got));
  if (name_len) {
    out.Set(2u, Napi::Buffer<char>::Copy(env, reinterpret_cast<char*>(&name), name_len));
  } else {
    out.Set(2u, env.Null());
  }
  out.Set(3u, items);
  // The kernel echoes MSG_CMSG_CLOEXEC in msg_flags; report it only when the caller asked.
  int msg_flags = (flags & MSG_CMSG_CLOEXEC) ? msg.msg_flags : msg.msg_flags & ~MSG_CMSG_CLOEXEC;
  out.Set(4u, Napi::Number::New(env, msg_flags));
  return out;
}

// cmsgSpace(length) -> CMSG_SPACE(length); cmsgLen(length) -> CMSG_LEN(length).
Napi::Value CmsgSpace(const Napi::CallbackInfo& info) {
  size_t len = ArgSize(info, 0, SIZE_MAX);
  return Napi::Number::New(info.Env(), static_cast<double>(CMSG_SPACE(len)));
}

Napi::Value CmsgLen(const Napi::CallbackInfo& info) {
  size_t len = ArgSize(info, 0, SIZE_MAX);
  return Napi::Number::New(info.Env(), static_cast<double>(CMSG_LEN(len)));
}

// fdInfo(fd) -> [st_mode & S_IFMT, nonblocking 0/1, family] | -errno (fstat, fcntl F_GETFL,
// and getsockname for sockets; family is -errno when getsockname fails, 0 for non-sockets).
Napi::Value FdInfo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = ArgInt(info, 0);
  struct stat st;
#if defined(SYS_fstat) && defined(__LP64__)
  // Raw: glibc 2.33+ binds fstat() to a symbol version glibc 2.28 lacks (the prebuilt addon
  // loads there); on 64-bit Linux the kernel's struct stat is glibc's.
  if (syscall(SYS_fstat, fd, &st) < 0) return Fail(env);
#else
  if (fstat(fd, &st) < 0) return Fail(env);
#endif
  int fl = fcntl(fd, F_GETFL);
  if (fl < 0) return Fail(env);
  int family = 0;
  if (S_ISSOCK(st.st_mode)) {
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    family = getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) < 0 ? -errno : ss.ss_family;
  }
  Napi::Array out = Napi::Array::New(env, 3);
  out.Set(0u, Napi::Number::New(env, st.st_mode & S_IFMT));
  out.Set(1u, Napi::Number::New(env, (fl & O_NONBLOCK) ? 1 : 0));
  out.Set(2u, Napi::Number::New(env, family));
  return out;
}

}  // namespace

void RegisterMsg(Napi::Object exports) {
  Export<SendMsg>(exports, "sendmsg");
  Export<RecvMsg>(exports, "recvmsg");
  Export<CmsgSpace>(exports, "cmsgSpace");
  Export<CmsgLen>(exports, "cmsgLen");
  Export<FdInfo>(exports, "fdInfo");
}

}  // namespace phpsock
