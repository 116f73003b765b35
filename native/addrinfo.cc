// getaddrinfo(3) over plain values. The addresses it gives are read by sockaddr.cc's
// sockaddrParse.
#include <netdb.h>
#include <string.h>
#include <sys/socket.h>

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

}  // namespace

void RegisterAddrinfo(Napi::Env env, Napi::Object exports) {
  exports.Set("getaddrinfo", Napi::Function::New(env, GetAddrInfo, "getaddrinfo"));
}

}  // namespace phpsock
