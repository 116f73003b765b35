// Socket options: getsockopt/setsockopt over plain values, Buffers and the few C structs whose
// layout is the platform's business (linger, timeval, group_req, in6_pktinfo), plus the interface
// lookups multicast options need. One syscall (or one ioctl sequence) each; no PHP policy.
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <string>
#include <vector>

#include "addon.h"

namespace phpsock {
namespace {

// setsockoptInt(fd, level, option, value) -> 0 | -errno (value is a C int)
Napi::Value SetsockoptInt(const Napi::CallbackInfo& info) {
  int value = ArgInt(info, 3);
  int rc = setsockopt(ArgInt(info, 0), ArgInt(info, 1), ArgInt(info, 2), &value, sizeof value);
  ForgetFdModes(info.Env());  // after the change: another thread then reads the new one
  return Result(info.Env(), rc);
}

// setsockoptBytes(fd, level, option, data: byte string | Uint8Array) -> 0 | -errno; optlen is
// exactly the data's length (0 for an empty string).
Napi::Value SetsockoptBytes(const Napi::CallbackInfo& info) {
  Bytes data;
  if (!GetBytes(info.Env(), info[3], SIZE_MAX, data)) return Fail(info.Env(), EINVAL);
  static const char kEmpty = '\0';
  const void* ptr = data.length ? data.data : &kEmpty;
  int rc = setsockopt(ArgInt(info, 0), ArgInt(info, 1), ArgInt(info, 2), ptr,
                      static_cast<socklen_t>(data.length));
  ForgetFdModes(info.Env());
  return Result(info.Env(), rc);
}

// getsockoptBytes(fd, level, option, maxlen) -> Buffer of the optlen bytes the kernel wrote |
// -errno
Napi::Value GetsockoptBytes(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int maxlen = ArgInt(info, 3);
  std::vector<char> buf(maxlen > 0 ? static_cast<size_t>(maxlen) : 1, 0);
  socklen_t len = static_cast<socklen_t>(maxlen > 0 ? maxlen : 0);
  if (getsockopt(ArgInt(info, 0), ArgInt(info, 1), ArgInt(info, 2), buf.data(), &len) != 0) {
    return Fail(env);
  }
  if (len > buf.size()) len = static_cast<socklen_t>(buf.size());
  return Napi::Buffer<char>::Copy(env, buf.data(), len);
}

// setsockoptLinger(fd, level, option, onoff, linger) -> 0 | -errno
Napi::Value SetsockoptLinger(const Napi::CallbackInfo& info) {
  linger lv{};
  lv.l_onoff = ArgInt(info, 3);
  lv.l_linger = ArgInt(info, 4);
  return Result(info.Env(),
                setsockopt(ArgInt(info, 0), ArgInt(info, 1), ArgInt(info, 2), &lv, sizeof lv));
}

// getsockoptLinger(fd, level, option) -> [l_onoff, l_linger] | -errno
Napi::Value GetsockoptLinger(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  linger lv{};
  socklen_t len = sizeof lv;
  if (getsockopt(ArgInt(info, 0), ArgInt(info, 1), ArgInt(info, 2), &lv, &len) != 0) {
    return Fail(env);
  }
  Napi::Array out = Napi::Array::New(env, 2);
  out.Set(0u, Napi::Number::New(env, lv.l_onoff));
  out.Set(1u, Napi::Number::New(env, lv.l_linger));
  return out;
}

// setsockoptTimeval(fd, level, option, sec: bigint, usec: bigint) -> 0 | -errno
Napi::Value SetsockoptTimeval(const Napi::CallbackInfo& info) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(ArgInt64(info, 3));
  tv.tv_usec = static_cast<suseconds_t>(ArgInt64(info, 4));
  int rc = setsockopt(ArgInt(info, 0), ArgInt(info, 1), ArgInt(info, 2), &tv, sizeof tv);
  ForgetFdModes(info.Env());
  return Result(info.Env(), rc);
}

// getsockoptTimeval(fd, level, option) -> [sec, usec] | -errno
Napi::Value GetsockoptTimeval(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  timeval tv{};
  socklen_t len = sizeof tv;
  if (getsockopt(ArgInt(info, 0), ArgInt(info, 1), ArgInt(info, 2), &tv, &len) != 0) {
    return Fail(env);
  }
  Napi::Array out = Napi::Array::New(env, 2);
  out.Set(0u, Napi::Number::New(env, static_cast<double>(tv.tv_sec)));
  out.Set(1u, Napi::Number::New(env, static_cast<double>(tv.tv_usec)));
  return out;
}

bool CopySockaddr(Napi::Value v, sockaddr_storage* out) {
  if (!v.IsBuffer()) return false;
  Napi::Buffer<char> b = v.As<Napi::Buffer<char>>();
  size_t n = b.Length() < sizeof *out ? b.Length() : sizeof *out;
  memcpy(out, b.Data(), n);
  return true;
}

// setsockoptGroup(fd, level, option, ifindex, group: sockaddr Buffer, source: sockaddr Buffer |
// null) -> 0 | -errno. A struct group_req, or a group_source_req when a source is given (RFC 3678).
Napi::Value SetsockoptGroup(const Napi::CallbackInfo& info) {
  int fd = ArgInt(info, 0), level = ArgInt(info, 1), option = ArgInt(info, 2);
  uint32_t ifindex = ArgUint32(info, 3);
  if (info[5].IsBuffer()) {
    group_source_req req{};
    req.gsr_interface = ifindex;
    CopySockaddr(info[4], &req.gsr_group);
    CopySockaddr(info[5], &req.gsr_source);
    return Result(info.Env(), setsockopt(fd, level, option, &req, sizeof req));
  }
  group_req req{};
  req.gr_interface = ifindex;
  CopySockaddr(info[4], &req.gr_group);
  return Result(info.Env(), setsockopt(fd, level, option, &req, sizeof req));
}

// pktinfoBytes(addr: sockaddr_in6 Buffer, ifindex) -> Buffer: the struct in6_pktinfo holding
// addr's address (socket_set_option's and socket_sendmsg's IPV6_PKTINFO).
Napi::Value PktinfoBytes(const Napi::CallbackInfo& info) {
  in6_pktinfo pi{};
  sockaddr_storage ss{};
  CopySockaddr(info[0], &ss);
  pi.ipi6_addr = reinterpret_cast<sockaddr_in6*>(&ss)->sin6_addr;
  pi.ipi6_ifindex = ArgUint32(info, 1);
  return Napi::Buffer<char>::Copy(info.Env(), reinterpret_cast<char*>(&pi), sizeof pi);
}

Napi::Value PktinfoArray(Napi::Env env, const in6_pktinfo& pi) {
  char text[INET6_ADDRSTRLEN] = "";
  inet_ntop(AF_INET6, &pi.ipi6_addr, text, sizeof text);
  Napi::Array out = Napi::Array::New(env, 2);
  out.Set(0u, Napi::String::New(env, text));
  out.Set(1u, Napi::Number::New(env, pi.ipi6_ifindex));
  return out;
}

// pktinfoParse(bytes) -> [address text, ifindex]: an in6_pktinfo held as bytes (a received
// control message), zero-extended when short.
Napi::Value PktinfoParse(const Napi::CallbackInfo& info) {
  Napi::Uint8Array bytes = info[0].As<Napi::Uint8Array>();
  in6_pktinfo pi{};
  memcpy(&pi, bytes.Data(), bytes.ByteLength() < sizeof pi ? bytes.ByteLength() : sizeof pi);
  return PktinfoArray(info.Env(), pi);
}

// getsockoptPktinfo(fd, level, option) -> [address text, ifindex] | -errno
Napi::Value GetsockoptPktinfo(const Napi::CallbackInfo& info) {
  in6_pktinfo pi{};
  socklen_t len = sizeof pi;
  if (getsockopt(ArgInt(info, 0), ArgInt(info, 1), ArgInt(info, 2), &pi, &len) != 0) {
    return Fail(info.Env());
  }
  return PktinfoArray(info.Env(), pi);
}

// ifNameToIndex(name) -> index, 0 when there is no such interface
Napi::Value IfNameToIndex(const Napi::CallbackInfo& info) {
  Bytes name;
  GetBytes(info.Env(), info[0], SIZE_MAX, name);
  std::string s(name.data, name.length);
  return Napi::Number::New(info.Env(), if_nametoindex(s.c_str()));
}

// ifIndexToAddr4(fd, index) -> Buffer(4) (the interface's IPv4 address) | -errno. Asks through
// the socket itself (SIOCGIFNAME, then SIOCGIFADDR), so the socket's family decides what works.
Napi::Value IfIndexToAddr4(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = ArgInt(info, 0);
  ifreq req{};
  req.ifr_ifindex = static_cast<int>(ArgUint32(info, 1));
  if (ioctl(fd, SIOCGIFNAME, &req) == -1) return Fail(env);
  if (ioctl(fd, SIOCGIFADDR, &req) == -1) return Fail(env);
  const auto* sin = reinterpret_cast<const sockaddr_in*>(&req.ifr_addr);
  return Napi::Buffer<char>::Copy(env, reinterpret_cast<const char*>(&sin->sin_addr),
                                  sizeof sin->sin_addr);
}

// ifAddr4ToIndex(fd, addr: Buffer(4)) -> [0, index] found | [1, errno] listing the interfaces
// (SIOCGIFCONF) failed | [2, errno] SIOCGIFINDEX failed | [3, 0] no interface has that address.
Napi::Value IfAddr4ToIndex(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = ArgInt(info, 0);
  in_addr want{};
  Napi::Buffer<char> b = info[1].As<Napi::Buffer<char>>();
  memcpy(&want, b.Data(), b.Length() < sizeof want ? b.Length() : sizeof want);
  auto pair = [&](int status, double value) {
    Napi::Array out = Napi::Array::New(env, 2);
    out.Set(0u, Napi::Number::New(env, status));
    out.Set(1u, Napi::Number::New(env, value));
    return out;
  };
  // Grow the buffer until the kernel's answer stops growing (bounded: 64 rounds).
  std::vector<char> buf;
  ifconf conf{};
  int last = 0;
  for (int round = 0; round < 64; round++) {
    buf.assign((round + 1) * 8 * sizeof(ifreq), 0);
    conf.ifc_len = static_cast<int>(buf.size());
    conf.ifc_buf = buf.data();
    if (ioctl(fd, SIOCGIFCONF, &conf) == -1 && (errno != EINVAL || last != 0)) {
      return pair(1, errno);
    }
    if (conf.ifc_len == last) break;
    last = conf.ifc_len;
  }
  for (int off = 0; off + static_cast<int>(sizeof(ifreq)) <= conf.ifc_len; off += sizeof(ifreq)) {
    ifreq* req = reinterpret_cast<ifreq*>(buf.data() + off);
    const auto* sin = reinterpret_cast<const sockaddr_in*>(&req->ifr_addr);
    if (sin->sin_family != AF_INET || sin->sin_addr.s_addr != want.s_addr) continue;
    if (ioctl(fd, SIOCGIFINDEX, req) == -1) return pair(2, errno);
    return pair(0, req->ifr_ifindex);
  }
  return pair(3, 0);
}

}  // namespace

void RegisterOptions(Napi::Object exports) {
  Export<SetsockoptInt>(exports, "setsockoptInt");
  Export<SetsockoptBytes>(exports, "setsockoptBytes");
  Export<GetsockoptBytes>(exports, "getsockoptBytes");
  Export<SetsockoptLinger>(exports, "setsockoptLinger");
  Export<GetsockoptLinger>(exports, "getsockoptLinger");
  Export<SetsockoptTimeval>(exports, "setsockoptTimeval");
  Export<GetsockoptTimeval>(exports, "getsockoptTimeval");
  Export<SetsockoptGroup>(exports, "setsockoptGroup");
  Export<PktinfoBytes>(exports, "pktinfoBytes");
  Export<PktinfoParse>(exports, "pktinfoParse");
  Export<GetsockoptPktinfo>(exports, "getsockoptPktinfo");
  Export<IfNameToIndex>(exports, "ifNameToIndex");
  Export<IfIndexToAddr4>(exports, "ifIndexToAddr4");
  Export<IfAddr4ToIndex>(exports, "ifAddr4ToIndex");
}

}  // namespace phpsock
