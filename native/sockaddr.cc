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

#include "addon.h"

namespace phpsock {
namespace {

constexpr size_t kMaxFqdnLen = 255;  // PHP's MAXFQDNLEN

// A lookup failure: PHP reports -10000 - h_errno, reading the thread's h_errno as left by the
// last resolver call (it is not reset, so a stale value shows through, as in PHP).
Napi::Value LookupFailure(Napi::Env env) { return Napi::Number::New(env, -10000 - h_errno); }

Napi::Value Inet4(Napi::Env env, const std::string& host, int port) {
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(static_cast<uint16_t>(port));
  if (inet_pton(AF_INET, host.c_str(), &sa.sin_addr) != 1) {
    if (host.size() > kMaxFqdnLen) return LookupFailure(env);
    hostent he{}, *res = nullptr;
    char buf[8192];
    int herr = 0;
    gethostbyname_r(host.c_str(), &he, buf, sizeof buf, &res, &herr);
    if (res == nullptr) return LookupFailure(env);
    if (res->h_addrtype != AF_INET) return Napi::Number::New(env, 1);
    memcpy(&sa.sin_addr, res->h_addr_list[0], sizeof sa.sin_addr);
  }
  return Napi::Buffer<char>::Copy(env, reinterpret_cast<char*>(&sa), sizeof sa);
}

Napi::Value Inet6(Napi::Env env, const std::string& host, int port) {
  sockaddr_in6 sa{};
  sa.sin6_family = AF_INET6;
  sa.sin6_port = htons(static_cast<uint16_t>(port));
  if (inet_pton(AF_INET6, host.c_str(), &sa.sin6_addr) != 1) {
    addrinfo hints{}, *ai = nullptr;
    hints.ai_family = AF_INET6;
    hints.ai_flags = AI_V4MAPPED | AI_ADDRCONFIG;
    getaddrinfo(host.c_str(), nullptr, &hints, &ai);
    if (ai == nullptr) return LookupFailure(env);
    if (ai->ai_family != AF_INET6 || ai->ai_addrlen != sizeof(sockaddr_in6)) {
      freeaddrinfo(ai);
      return Napi::Number::New(env, 1);
    }
    memcpy(&sa.sin6_addr, &reinterpret_cast<sockaddr_in6*>(ai->ai_addr)->sin6_addr,
           sizeof sa.sin6_addr);
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
      if (n > 0 && n <= 0xffffffffLL) sa.sin6_scope_id = static_cast<uint32_t>(n);
    } else {
      sa.sin6_scope_id = if_nametoindex(scope);
    }
  }
  return Napi::Buffer<char>::Copy(env, reinterpret_cast<char*>(&sa), sizeof sa);
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

// unixAddr(path bytes): sockaddr_un of exactly offsetof(sun_path) + length bytes, no terminator
// added (so abstract names keep their length), as PHP builds it. lib checks length < 108.
Napi::Value UnixAddr(const Napi::CallbackInfo& info) {
  Bytes path;
  GetBytes(info.Env(), info[0], sizeof(sockaddr_un::sun_path) - 1, path);
  sockaddr_un sa{};
  sa.sun_family = AF_UNIX;
  memcpy(sa.sun_path, path.data, path.length);
  return Napi::Buffer<char>::Copy(info.Env(), reinterpret_cast<char*>(&sa),
                                  offsetof(sockaddr_un, sun_path) + path.length);
}

// sockName(fd, peer): [family, address, port] | -errno. AF_UNIX names are read as C strings
// (abstract and unnamed sockets give ""), as PHP reads them.
Napi::Value SockName(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = ArgInt(info, 0);
  bool peer = info[1].As<Napi::Boolean>().Value();
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  int rc = peer ? getpeername(fd, reinterpret_cast<sockaddr*>(&ss), &len)
                : getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len);
  if (rc < 0) return Fail(env);
  Napi::Array out = Napi::Array::New(env, 3);
  out.Set(0u, Napi::Number::New(env, ss.ss_family));
  char text[INET6_ADDRSTRLEN] = "";
  switch (ss.ss_family) {
    case AF_INET: {
      auto* sa = reinterpret_cast<sockaddr_in*>(&ss);
      inet_ntop(AF_INET, &sa->sin_addr, text, sizeof text);
      out.Set(1u, Napi::String::New(env, text));
      out.Set(2u, Napi::Number::New(env, ntohs(sa->sin_port)));
      break;
    }
    case AF_INET6: {
      auto* sa = reinterpret_cast<sockaddr_in6*>(&ss);
      inet_ntop(AF_INET6, &sa->sin6_addr, text, sizeof text);
      out.Set(1u, Napi::String::New(env, text));
      out.Set(2u, Napi::Number::New(env, ntohs(sa->sin6_port)));
      break;
    }
    case AF_UNIX: {
      // sockaddr_storage is larger than sockaddr_un and was zeroed, so the path is terminated.
      const char* path = reinterpret_cast<sockaddr_un*>(&ss)->sun_path;
      out.Set(1u, Latin1(env, path, strnlen(path, sizeof(sockaddr_un::sun_path))));
      out.Set(2u, Napi::Number::New(env, 0));
      break;
    }
    default:
      out.Set(1u, Napi::String::New(env, ""));
      out.Set(2u, Napi::Number::New(env, 0));
  }
  return out;
}

}  // namespace

void RegisterSockaddr(Napi::Env env, Napi::Object exports) {
  exports.Set("inetAddr", Napi::Function::New(env, InetAddr, "inetAddr"));
  exports.Set("unixAddr", Napi::Function::New(env, UnixAddr, "unixAddr"));
  exports.Set("sockName", Napi::Function::New(env, SockName, "sockName"));
}

}  // namespace phpsock
