// Address conversion in one place: host string + port -> sockaddr bytes (numeric first, then the
// resolver, with PHP's -10000 - h_errno codes), unix paths -> sockaddr_un, and socket names back
// to (family, address, port).
#include <arpa/inet.h>
#include <net/if.h>
#include <netdb.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <string>
#include <vector>

#include "addon.h"

namespace phpsock {
namespace {

constexpr size_t kMaxFqdnLen = 255;  // PHP's MAXFQDNLEN

// A lookup failure: PHP reports -10000 - h_errno, reading the thread's h_errno as left by the
// last resolver call (it is not reset, so a stale value shows through, as in PHP).
Napi::Value LookupFailure(Napi::Env env) {
  return Napi::Number::New(env, -10000 - h_errno);
}

// A sockaddr_in/in6 of `family` with `port`, and `host` as its address when inet_pton(3) takes it
// as a numeric one: whether it did (if not, the address is left as the any address).
bool Numeric(int family, const std::string& host, int port, sockaddr_storage& ss) {
  ss = {};
  ss.ss_family = static_cast<sa_family_t>(family);
  if (family == AF_INET6) {
    auto* sa = reinterpret_cast<sockaddr_in6*>(&ss);
    sa->sin6_port = htons(static_cast<uint16_t>(port));
    return inet_pton(AF_INET6, host.c_str(), &sa->sin6_addr) == 1;
  }
  auto* sa = reinterpret_cast<sockaddr_in*>(&ss);
  sa->sin_port = htons(static_cast<uint16_t>(port));
  return inet_pton(AF_INET, host.c_str(), &sa->sin_addr) == 1;
}

Napi::Value Copy(Napi::Env env, const sockaddr_storage& ss) {
  return Napi::Buffer<char>::Copy(
      env, reinterpret_cast<const char*>(&ss),
      ss.ss_family == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in));
}

Napi::Value Inet4(Napi::Env env, const std::string& host, int port) {
  sockaddr_storage ss;
  if (!Numeric(AF_INET, host, port, ss)) {
    if (host.size() > kMaxFqdnLen) return LookupFailure(env);
    hostent he{}, *res = nullptr;
    std::vector<char> buf(8192);
    int herr = 0;
    // ERANGE: the answer (many addresses or aliases) does not fit; PHP's gethostbyname() has no
    // such limit, so grow the buffer (bounded) rather than report a lookup failure.
    while (gethostbyname_r(host.c_str(), &he, buf.data(), buf.size(), &res, &herr) == ERANGE &&
           buf.size() < (size_t{1} << 20)) {
      buf.resize(buf.size() * 2);
    }
    if (res == nullptr) return LookupFailure(env);
    if (res->h_addrtype != AF_INET) return Napi::Number::New(env, 1);
    memcpy(&reinterpret_cast<sockaddr_in*>(&ss)->sin_addr, res->h_addr_list[0], sizeof(in_addr));
  }
  return Copy(env, ss);
}

Napi::Value Inet6(Napi::Env env, const std::string& host, int port) {
  sockaddr_storage ss;
  auto* sa = reinterpret_cast<sockaddr_in6*>(&ss);
  if (!Numeric(AF_INET6, host, port, ss)) {
    addrinfo hints{}, *ai = nullptr;
    hints.ai_family = AF_INET6;
    hints.ai_flags = AI_V4MAPPED | AI_ADDRCONFIG;
    getaddrinfo(host.c_str(), nullptr, &hints, &ai);
    if (ai == nullptr) return LookupFailure(env);
    if (ai->ai_family != AF_INET6 || ai->ai_addrlen != sizeof(sockaddr_in6)) {
      freeaddrinfo(ai);
      return Napi::Number::New(env, 1);
    }
    memcpy(&sa->sin6_addr, &reinterpret_cast<sockaddr_in6*>(ai->ai_addr)->sin6_addr,
           sizeof sa->sin6_addr);
    freeaddrinfo(ai);
  }
  size_t pct = host.find('%');
  if (pct != std::string::npos) {
    const char* scope = host.c_str() + pct + 1;
    char* end = nullptr;
    errno = 0;
    long long n = strtoll(scope, &end, 10);
    bool numeric = *scope != '\0' && *end == '\0' && errno == 0;
    if (numeric) {
      if (n > 0 && n <= 0xffffffffLL) sa->sin6_scope_id = static_cast<uint32_t>(n);
    } else {
      sa->sin6_scope_id = if_nametoindex(scope);
    }
  }
  return Copy(env, ss);
}

// inetAddr(family, host, port): Buffer (the sockaddr) | number (<= -10000: lookup failure code;
// 1: the resolver answered with another family).
Napi::Value InetAddr(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int family = ArgInt(info, 0);
  Bytes bytes;
  GetBytes(env, info[1], SIZE_MAX, bytes);
  std::string host(bytes.data, bytes.length);
  int port = ArgInt(info, 2);
  return family == AF_INET6 ? Inet6(env, host, port) : Inet4(env, host, port);
}

// numericAddr(host, port) -> sockaddr_in6 | sockaddr_in bytes | null: inet_pton(3) as AF_INET6,
// then as AF_INET, without the resolver (php_network_parse_network_address_with_port).
Napi::Value NumericAddr(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Bytes bytes;
  GetBytes(env, info[0], SIZE_MAX, bytes);
  std::string host(bytes.data, bytes.length);
  int port = ArgInt(info, 1);
  sockaddr_storage ss;
  if (Numeric(AF_INET6, host, port, ss) || Numeric(AF_INET, host, port, ss)) return Copy(env, ss);
  return env.Null();
}

// unixAddr(path bytes): sockaddr_un of exactly offsetof(sun_path) + length bytes, no terminator
// added (so abstract names keep their length, up to all 108 bytes), as PHP builds it. lib applies
// PHP's limits (a path < 108 bytes; the stream layer's 107, or 108 for an abstract name).
Napi::Value UnixAddr(const Napi::CallbackInfo& info) {
  Bytes path;
  GetBytes(info.Env(), info[0], sizeof(sockaddr_un::sun_path), path);
  sockaddr_un sa{};
  sa.sun_family = AF_UNIX;
  memcpy(sa.sun_path, path.data, path.length);
  return Napi::Buffer<char>::Copy(info.Env(), reinterpret_cast<char*>(&sa),
                                  offsetof(sockaddr_un, sun_path) + path.length);
}

// sockName(fd, peer, stream = false): [family, address, port] | -errno. AF_UNIX names are read as
// C strings (abstract and unnamed sockets give ""), as ext/sockets reads them; with `stream`, as
// the stream layer reads them (an abstract name by its length).
Napi::Value SockName(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = ArgInt(info, 0);
  bool peer = ArgBool(info, 1);
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  int rc = peer ? getpeername(fd, reinterpret_cast<sockaddr*>(&ss), &len)
                : getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len);
  if (rc < 0) return Fail(env);
  bool stream = info.Length() > 2 && info[2].ToBoolean().Value();
  Napi::Array out = Napi::Array::New(env, 3);
  out.Set(0u, Napi::Number::New(env, ss.ss_family));
  SetAddress(env, ss, ss.ss_family, out, 1, stream ? static_cast<int>(len) : -1);
  return out;
}

// sockaddrParse(bytes) -> [family, address, port, flowinfo, scope_id]: a sockaddr held as bytes
// (a recvmsg name, an addrinfo result), zero-extended to a sockaddr_storage. flowinfo and
// scope_id are AF_INET6's, read as stored (0 for other families).
Napi::Value SockaddrParse(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Uint8Array bytes = info[0].As<Napi::Uint8Array>();
  sockaddr_storage ss{};
  memcpy(&ss, bytes.Data(), bytes.ByteLength() < sizeof ss ? bytes.ByteLength() : sizeof ss);
  uint32_t flowinfo = 0, scope_id = 0;
  if (ss.ss_family == AF_INET6) {
    const auto* sa = reinterpret_cast<const sockaddr_in6*>(&ss);
    flowinfo = sa->sin6_flowinfo;
    scope_id = sa->sin6_scope_id;
  }
  Napi::Array out = Napi::Array::New(env, 5);
  out.Set(0u, Napi::Number::New(env, ss.ss_family));
  SetAddress(env, ss, ss.ss_family, out, 1);
  out.Set(3u, Napi::Number::New(env, flowinfo));
  out.Set(4u, Napi::Number::New(env, scope_id));
  return out;
}

// inetSockaddr(family, base: sockaddr Buffer | null, port, flowinfo, scopeId) -> Buffer: a
// sockaddr_in/in6 with base's address (any when null) and the given fields; flowinfo and scope_id
// (AF_INET6 only) are stored as given.
Napi::Value InetSockaddr(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int family = ArgInt(info, 0);
  sockaddr_storage base{};
  if (info[1].IsTypedArray()) {
    Napi::Uint8Array b = info[1].As<Napi::Uint8Array>();
    memcpy(&base, b.Data(), b.ByteLength() < sizeof base ? b.ByteLength() : sizeof base);
  }
  uint16_t port = static_cast<uint16_t>(ArgUint32(info, 2));
  if (family == AF_INET6) {
    sockaddr_in6 sa{};
    sa.sin6_family = AF_INET6;
    sa.sin6_port = htons(port);
    sa.sin6_flowinfo = ArgUint32(info, 3);
    sa.sin6_addr = reinterpret_cast<const sockaddr_in6*>(&base)->sin6_addr;
    sa.sin6_scope_id = ArgUint32(info, 4);
    return Napi::Buffer<char>::Copy(env, reinterpret_cast<char*>(&sa), sizeof sa);
  }
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  sa.sin_addr = reinterpret_cast<const sockaddr_in*>(&base)->sin_addr;
  return Napi::Buffer<char>::Copy(env, reinterpret_cast<char*>(&sa), sizeof sa);
}

}  // namespace

void SetAddress(Napi::Env env, const sockaddr_storage& ss, int family, Napi::Array out, uint32_t at,
                int streamLen) {
  char text[INET6_ADDRSTRLEN] = "";
  int port = 0;
  switch (family) {
    case AF_INET: {
      const auto* sa = reinterpret_cast<const sockaddr_in*>(&ss);
      inet_ntop(AF_INET, &sa->sin_addr, text, sizeof text);
      out.Set(at, Napi::String::New(env, text));
      port = ntohs(sa->sin_port);
      break;
    }
    case AF_INET6: {
      const auto* sa = reinterpret_cast<const sockaddr_in6*>(&ss);
      inet_ntop(AF_INET6, &sa->sin6_addr, text, sizeof text);
      out.Set(at, Napi::String::New(env, text));
      port = ntohs(sa->sin6_port);
      break;
    }
    case AF_UNIX: {
      // sockaddr_storage is larger than sockaddr_un: a path of the whole sun_path (no NUL) still
      // ends inside it, and strnlen stops there.
      const char* path = reinterpret_cast<const sockaddr_un*>(&ss)->sun_path;
      size_t max = sizeof(sockaddr_un::sun_path);
      if (streamLen >= 0) {
        // php_network_populate_name_from_sockaddr: an abstract name (leading NUL) is read by the
        // length the kernel returned. (PHP reads an unnamed peer's uninitialised bytes; "" here.)
        size_t named = static_cast<size_t>(streamLen);
        max = named > offsetof(sockaddr_un, sun_path) ? named - offsetof(sockaddr_un, sun_path) : 0;
        if (max > sizeof(sockaddr_un::sun_path)) max = sizeof(sockaddr_un::sun_path);
        if (max > 0 && path[0] == '\0') {
          out.Set(at, Latin1(env, path, max));
          break;
        }
      }
      out.Set(at, Latin1(env, path, strnlen(path, max)));
      break;
    }
    default:
      out.Set(at, Napi::String::New(env, ""));
  }
  out.Set(at + 1, Napi::Number::New(env, port));
}

void RegisterSockaddr(Napi::Object exports) {
  Export<InetAddr>(exports, "inetAddr");
  Export<NumericAddr>(exports, "numericAddr");
  Export<UnixAddr>(exports, "unixAddr");
  Export<SockName>(exports, "sockName");
  Export<SockaddrParse>(exports, "sockaddrParse");
  Export<InetSockaddr>(exports, "inetSockaddr");
}

}  // namespace phpsock
