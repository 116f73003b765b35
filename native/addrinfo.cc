// The resolver: getaddrinfo(3) over plain values (the addresses it gives are read by
// sockaddr.cc's sockaddrParse), gai_strerror(3), and the netdb look-ups behind gethostbyname,
// getservbyname, getprotobyname and their reverses.
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "addon.h"

namespace phpsock {
namespace {

// getaddrinfo(host, service | null, flags, family, socktype, protocol) -> the getaddrinfo()
// error (an EAI_* code, never 0) | [[ai_flags, ai_family, ai_socktype, ai_protocol,
// ai_canonname | null, ai_addr bytes], ...] in the resolver's order. Host and service are C
// strings: an embedded NUL ends them.
Napi::Value GetAddrInfo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Bytes host_bytes;
  GetBytes(env, info[0], SIZE_MAX, host_bytes);
  std::string host(host_bytes.data, host_bytes.length);
  std::string service;
  bool has_service = !info[1].IsNull() && !info[1].IsUndefined();
  if (has_service) {
    Bytes service_bytes;
    GetBytes(env, info[1], SIZE_MAX, service_bytes);
    service.assign(service_bytes.data, service_bytes.length);
  }
  addrinfo hints{};
  hints.ai_flags = ArgInt(info, 2);
  hints.ai_family = ArgInt(info, 3);
  hints.ai_socktype = ArgInt(info, 4);
  hints.ai_protocol = ArgInt(info, 5);
  addrinfo* result = nullptr;
  int rc = getaddrinfo(host.c_str(), has_service ? service.c_str() : nullptr, &hints, &result);
  if (rc != 0) return Napi::Number::New(env, rc);

  Napi::Array out = Napi::Array::New(env);
  uint32_t i = 0;
  for (addrinfo* rp = result; rp != nullptr; rp = rp->ai_next) {
    Napi::Array entry = Napi::Array::New(env, 6);
    entry.Set(0u, Napi::Number::New(env, rp->ai_flags));
    entry.Set(1u, Napi::Number::New(env, rp->ai_family));
    entry.Set(2u, Napi::Number::New(env, rp->ai_socktype));
    entry.Set(3u, Napi::Number::New(env, rp->ai_protocol));
    if (rp->ai_canonname != nullptr) {
      entry.Set(4u, Latin1(env, rp->ai_canonname, strlen(rp->ai_canonname)));
    } else {
      entry.Set(4u, env.Null());
    }
    entry.Set(5u, Napi::Buffer<char>::Copy(env, reinterpret_cast<char*>(rp->ai_addr),
                                           rp->ai_addr != nullptr ? rp->ai_addrlen : 0));
    out.Set(i++, entry);
  }
  freeaddrinfo(result);
  return out;
}

// gaiStrerror(code) -> gai_strerror(3)'s text for a getaddrinfo() error.
Napi::Value GaiStrerror(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), gai_strerror(ArgInt(info, 0)));
}

// ipv6Usable() -> whether socket(AF_INET6, SOCK_DGRAM) works (PHP's probe before resolving).
Napi::Value Ipv6Usable(const Napi::CallbackInfo& info) {
  int s = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (s >= 0) close(s);
  return Napi::Boolean::New(info.Env(), s >= 0);
}

std::string CString(Napi::Env env, Napi::Value v) {
  Bytes bytes;
  GetBytes(env, v, SIZE_MAX, bytes);
  std::string s(bytes.data, bytes.length);
  return std::string(s.c_str());  // a C string: an embedded NUL ends it
}

// hostByName(name) -> dotted quads (h_addr_list) | h_errno: gethostbyname_r(3), AF_INET.
Napi::Value HostByName(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string name = CString(env, info[0]);
  hostent he{}, *res = nullptr;
  std::vector<char> buf(16384);
  int herr = 0;
  int rc;
  while ((rc = gethostbyname_r(name.c_str(), &he, buf.data(), buf.size(), &res, &herr)) == ERANGE &&
         buf.size() < (1u << 22)) {
    buf.resize(buf.size() * 2);
  }
  if (rc != 0 || res == nullptr) return Napi::Number::New(env, herr);
  Napi::Array out = Napi::Array::New(env);
  char text[INET_ADDRSTRLEN];
  uint32_t n = 0;
  for (char** p = res->h_addr_list; p != nullptr && *p != nullptr; p++) {
    in_addr in;
    memcpy(&in, *p, sizeof in);
    inet_ntop(AF_INET, &in, text, sizeof text);
    out.Set(n++, Napi::String::New(env, text));
  }
  return out;
}

// hostByAddr(ip) -> the host's name ("" when it has none) | -1 when ip is neither an IPv6 nor an
// IPv4 address: inet_pton(3) (IPv6 first), then gethostbyaddr_r(3), as PHP's php_gethostbyaddr.
Napi::Value HostByAddr(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string ip = CString(env, info[0]);
  unsigned char addr[sizeof(in6_addr)];
  int family = AF_INET6;
  socklen_t len = sizeof(in6_addr);
  if (inet_pton(AF_INET6, ip.c_str(), addr) != 1) {
    family = AF_INET;
    len = sizeof(in_addr);
    if (inet_pton(AF_INET, ip.c_str(), addr) != 1) return Napi::Number::New(env, -1);
  }
  hostent he{}, *res = nullptr;
  std::vector<char> buf(16384);
  int herr = 0;
  int rc;
  while ((rc = gethostbyaddr_r(addr, len, family, &he, buf.data(), buf.size(), &res, &herr)) == ERANGE &&
         buf.size() < (1u << 22)) {
    buf.resize(buf.size() * 2);
  }
  if (rc != 0 || res == nullptr || res->h_name == nullptr) return Napi::String::New(env, "");
  return Latin1(env, res->h_name, strlen(res->h_name));
}

// servByName(name, proto) -> port (host order) | -1: getservbyname_r(3).
Napi::Value ServByName(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string name = CString(env, info[0]), proto = CString(env, info[1]);
  servent se{}, *res = nullptr;
  char buf[4096];
  if (getservbyname_r(name.c_str(), proto.c_str(), &se, buf, sizeof buf, &res) != 0 || !res) {
    return Napi::Number::New(env, -1);
  }
  return Napi::Number::New(env, ntohs(static_cast<uint16_t>(res->s_port)));
}

// servByPort(port, proto) -> service name | null: getservbyport_r(3); port is cast to 16 bits.
Napi::Value ServByPort(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string proto = CString(env, info[1]);
  servent se{}, *res = nullptr;
  char buf[4096];
  int port = htons(static_cast<uint16_t>(ArgDouble(info, 0)));
  if (getservbyport_r(port, proto.c_str(), &se, buf, sizeof buf, &res) != 0 || !res) {
    return env.Null();
  }
  return Latin1(env, res->s_name, strlen(res->s_name));
}

// protoByName(name) -> protocol number | -1: getprotobyname_r(3).
Napi::Value ProtoByName(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string name = CString(env, info[0]);
  protoent pe{}, *res = nullptr;
  char buf[4096];
  if (getprotobyname_r(name.c_str(), &pe, buf, sizeof buf, &res) != 0 || !res) {
    return Napi::Number::New(env, -1);
  }
  return Napi::Number::New(env, res->p_proto);
}

// protoByNumber(n) -> protocol name | null: getprotobynumber_r(3).
Napi::Value ProtoByNumber(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  protoent pe{}, *res = nullptr;
  char buf[4096];
  if (getprotobynumber_r(ArgInt(info, 0), &pe, buf, sizeof buf, &res) != 0 || !res) {
    return env.Null();
  }
  return Latin1(env, res->p_name, strlen(res->p_name));
}

}  // namespace

void RegisterAddrinfo(Napi::Object exports) {
  Export<GetAddrInfo>(exports, "getaddrinfo");
  Export<GaiStrerror>(exports, "gaiStrerror");
  Export<Ipv6Usable>(exports, "ipv6Usable");
  Export<HostByName>(exports, "hostByName");
  Export<HostByAddr>(exports, "hostByAddr");
  Export<ServByName>(exports, "servByName");
  Export<ServByPort>(exports, "servByPort");
  Export<ProtoByName>(exports, "protoByName");
  Export<ProtoByNumber>(exports, "protoByNumber");
}

}  // namespace phpsock
