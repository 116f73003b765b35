// The resolver: getaddrinfo(3) over plain values (the addresses it gives are read by
// sockaddr.cc's sockaddrParse), gai_strerror(3), and the netdb look-ups behind gethostbyname,
// getservbyname, getprotobyname and their reverses.
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <vector>

#include "addon.h"

namespace phpsock {
namespace {

// An IPv4 or IPv6 address in text: a look-up of it needs no resolver.
bool Numeric(const std::string& host) {
  unsigned char addr[sizeof(in6_addr)];
  return inet_pton(AF_INET, host.c_str(), addr) == 1 ||
         inet_pton(AF_INET6, host.c_str(), addr) == 1;
}

// For tests: each look-up run off a Worker's thread sleeps this long first (ms), standing in
// for a resolver that does not answer. Process-wide.
std::atomic<int> lookupTestDelayMs{0};

// One getaddrinfo() call: its arguments, read on the JS thread, and its outcome, so that it can run
// there (getaddrinfo) or on libuv's thread pool (getaddrinfoAsync) with the same answer.
struct AddrinfoQuery {
  std::string host;
  std::string service;
  bool has_service = false;
  addrinfo hints{};
  int rc = 0;
  addrinfo* result = nullptr;

  AddrinfoQuery() = default;
  AddrinfoQuery(const AddrinfoQuery&) = delete;
  AddrinfoQuery& operator=(const AddrinfoQuery&) = delete;
  ~AddrinfoQuery() {
    if (result != nullptr) freeaddrinfo(result);
  }

  // Host and service are C strings: an embedded NUL ends them.
  void Read(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Bytes host_bytes;
    GetBytes(env, info[0], SIZE_MAX, host_bytes);
    host.assign(host_bytes.data, host_bytes.length);
    has_service = !info[1].IsNull() && !info[1].IsUndefined();
    if (has_service) {
      Bytes service_bytes;
      GetBytes(env, info[1], SIZE_MAX, service_bytes);
      service.assign(service_bytes.data, service_bytes.length);
    }
    hints.ai_flags = ArgInt(info, 2);
    hints.ai_family = ArgInt(info, 3);
    hints.ai_socktype = ArgInt(info, 4);
    hints.ai_protocol = ArgInt(info, 5);
  }

  void Run() {
    rc = getaddrinfo(host.c_str(), has_service ? service.c_str() : nullptr, &hints, &result);
  }

  // A numeric host with a numeric service (or none) never waits for the network.
  bool Immediate() const {
    if (has_service && service.find_first_not_of("0123456789") != std::string::npos) return false;
    return (hints.ai_flags & AI_NUMERICHOST) != 0 || Numeric(host);
  }
  static Napi::Value GaveWay(Napi::Env env) { return Napi::Number::New(env, EAI_AGAIN); }

  Napi::Value ToJs(Napi::Env env) const {
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
    return out;
  }
};

// A look-up run off a Worker's thread (RunOffThread).
template <typename Query>
struct LookupJob : OffThreadJob {
  Query query;
  void Run() override {
    int delay = lookupTestDelayMs.load();
    if (delay > 0) usleep(static_cast<useconds_t>(delay) * 1000);
    query.Run();
  }
};

// A query (AddrinfoQuery, HostQuery, AddrQuery) for the sync functions. On the main thread it
// runs on the calling thread. In a Worker (a thread the termination watchdog watches, see
// blocking.cc) a look-up that may wait for the network runs on a thread of its own while the
// Worker waits for it: a Worker being terminated gives way at once (the terminating isolate never
// sees the answer), and the look-up's thread finishes on its own and frees the query. Nothing
// interrupts the resolver itself.
template <typename Query>
Napi::Value RunNow(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  AddonData* d = Data(env);
  auto* job = new LookupJob<Query>();
  job->query.Read(info);
  OffThread how = d->blocker == nullptr || job->query.Immediate() ? OffThread::kNoThread
                                                                  : RunOffThread(env, d, job);
  if (how == OffThread::kGaveWay) return Query::GaveWay(env);
  if (how == OffThread::kNoThread) job->query.Run();
  Napi::Value out = job->query.ToJs(env);
  if (how == OffThread::kDone) {
    job->Release();
  } else {
    delete job;
  }
  return out;
}

// lookupTestDelay(ms): for tests, see lookupTestDelayMs.
Napi::Value LookupTestDelay(const Napi::CallbackInfo& info) {
  lookupTestDelayMs.store(ArgInt(info, 0));
  return info.Env().Undefined();
}

// getaddrinfo(host, service | null, flags, family, socktype, protocol) -> the getaddrinfo()
// error (an EAI_* code, never 0) | [[ai_flags, ai_family, ai_socktype, ai_protocol,
// ai_canonname | null, ai_addr bytes], ...] in the resolver's order.
Napi::Value GetAddrInfo(const Napi::CallbackInfo& info) {
  return RunNow<AddrinfoQuery>(info);
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

// One gethostbyname_r(3) call (AF_INET), runnable on either thread as AddrinfoQuery is.
struct HostQuery {
  std::string name;
  int herr = 0;
  bool found = false;
  std::vector<std::string> addrs;

  void Read(const Napi::CallbackInfo& info) { name = CString(info.Env(), info[0]); }
  bool Immediate() const { return Numeric(name); }
  static Napi::Value GaveWay(Napi::Env env) { return Napi::Number::New(env, TRY_AGAIN); }

  void Run() {
    hostent he{}, *res = nullptr;
    std::vector<char> buf(16384);
    int rc;
    while ((rc = gethostbyname_r(name.c_str(), &he, buf.data(), buf.size(), &res, &herr)) ==
               ERANGE &&
           buf.size() < (1u << 22)) {
      buf.resize(buf.size() * 2);
    }
    found = rc == 0 && res != nullptr;
    if (!found) return;
    char text[INET_ADDRSTRLEN];
    for (char** p = res->h_addr_list; p != nullptr && *p != nullptr; p++) {
      in_addr in;
      memcpy(&in, *p, sizeof in);
      inet_ntop(AF_INET, &in, text, sizeof text);
      addrs.emplace_back(text);
    }
  }

  Napi::Value ToJs(Napi::Env env) const {
    if (!found) return Napi::Number::New(env, herr);
    Napi::Array out = Napi::Array::New(env, addrs.size());
    for (uint32_t i = 0; i < addrs.size(); i++) out.Set(i, Napi::String::New(env, addrs[i]));
    return out;
  }
};

// hostByName(name) -> dotted quads (h_addr_list) | h_errno: gethostbyname_r(3), AF_INET.
Napi::Value HostByName(const Napi::CallbackInfo& info) {
  return RunNow<HostQuery>(info);
}

// A look-up on libuv's thread pool (Node-API async work): the query runs there, and its answer
// (what the sync function returns) goes to the callback on the JS thread. The event loop never
// waits for the resolver.
template <typename Query>
struct Lookup {
  Query query;
  napi_async_work work = nullptr;
  napi_ref callback = nullptr;
};

template <typename Query>
void RunLookup(napi_env /*env*/, void* data) {
  static_cast<Lookup<Query>*>(data)->query.Run();
}

// Whether JS can run now: not while the environment is torn down (a Worker ending with look-ups
// in flight completes them from its cleanup, where any call into JS fails, and node-addon-api
// turns a failed call into a fatal error). napi_set_named_property fails exactly then.
bool CanRunJs(napi_env env) {
  napi_value probe, value;
  return napi_create_object(env, &probe) == napi_ok && napi_get_null(env, &value) == napi_ok &&
         napi_set_named_property(env, probe, "x", value) == napi_ok;
}

template <typename Query>
void FinishLookup(napi_env env, napi_status status, void* data) {
  auto* lookup = static_cast<Lookup<Query>*>(data);
  napi_handle_scope scope;
  if (napi_open_handle_scope(env, &scope) == napi_ok) {
    napi_value cb, global;
    if (status == napi_ok && CanRunJs(env) &&
        napi_get_reference_value(env, lookup->callback, &cb) == napi_ok && cb != nullptr &&
        napi_get_global(env, &global) == napi_ok) {
      napi_value answer = lookup->query.ToJs(Napi::Env(env));
      napi_value ignored;
      napi_call_function(env, global, cb, 1, &answer, &ignored);
    }
    napi_close_handle_scope(env, scope);
  }
  napi_delete_reference(env, lookup->callback);
  napi_delete_async_work(env, lookup->work);
  delete lookup;
}

// Reads the query's arguments (all but the last, the callback) and queues it.
template <typename Query>
Napi::Value QueueLookup(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Value cb = info.Length() > 0 ? info[info.Length() - 1] : env.Undefined();
  if (!cb.IsFunction()) {
    Napi::TypeError::New(env, "callback expected").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  auto* lookup = new Lookup<Query>();
  lookup->query.Read(info);
  napi_value name = Napi::String::New(env, "php-sockets:lookup");
  if (napi_create_reference(env, cb, 1, &lookup->callback) != napi_ok ||
      napi_create_async_work(env, nullptr, name, RunLookup<Query>, FinishLookup<Query>, lookup,
                             &lookup->work) != napi_ok ||
      napi_queue_async_work(env, lookup->work) != napi_ok) {
    if (lookup->work != nullptr) napi_delete_async_work(env, lookup->work);
    if (lookup->callback != nullptr) napi_delete_reference(env, lookup->callback);
    delete lookup;
    Napi::Error::New(env, "could not queue the look-up").ThrowAsJavaScriptException();
  }
  return env.Undefined();
}

// getaddrinfoAsync(host, service | null, flags, family, socktype, protocol, callback):
// getaddrinfo() on the thread pool; callback(what getaddrinfo() returns).
Napi::Value GetAddrInfoAsync(const Napi::CallbackInfo& info) {
  return QueueLookup<AddrinfoQuery>(info);
}

// hostByNameAsync(name, callback): hostByName() on the thread pool; callback(what it returns).
Napi::Value HostByNameAsync(const Napi::CallbackInfo& info) {
  return QueueLookup<HostQuery>(info);
}

// One reverse look-up as PHP's php_gethostbyaddr makes it: inet_pton(3) (IPv6 first, then IPv4),
// then gethostbyaddr_r(3); runnable on either thread as the other queries are.
struct AddrQuery {
  std::string ip;
  bool valid = false;
  std::string name;

  void Read(const Napi::CallbackInfo& info) { ip = CString(info.Env(), info[0]); }
  // A reverse look-up asks the resolver whatever the address.
  bool Immediate() const { return false; }
  static Napi::Value GaveWay(Napi::Env env) { return Latin1(env, "", 0); }

  void Run() {
    unsigned char addr[sizeof(in6_addr)];
    int family = AF_INET6;
    socklen_t len = sizeof(in6_addr);
    if (inet_pton(AF_INET6, ip.c_str(), addr) != 1) {
      family = AF_INET;
      len = sizeof(in_addr);
      if (inet_pton(AF_INET, ip.c_str(), addr) != 1) return;
    }
    valid = true;
    hostent he{}, *res = nullptr;
    std::vector<char> buf(16384);
    int herr = 0;
    int rc;
    while ((rc = gethostbyaddr_r(addr, len, family, &he, buf.data(), buf.size(), &res, &herr)) ==
               ERANGE &&
           buf.size() < (1u << 22)) {
      buf.resize(buf.size() * 2);
    }
    if (rc == 0 && res != nullptr && res->h_name != nullptr) name = res->h_name;
  }

  Napi::Value ToJs(Napi::Env env) const {
    if (!valid) return Napi::Number::New(env, -1);
    return Latin1(env, name.data(), name.size());
  }
};

// hostByAddr(ip) -> the host's name ("" when it has none) | -1 when ip is no IPv6 or IPv4 address.
Napi::Value HostByAddr(const Napi::CallbackInfo& info) {
  return RunNow<AddrQuery>(info);
}

// hostByAddrAsync(ip, callback): hostByAddr() on the thread pool; callback(what it returns).
Napi::Value HostByAddrAsync(const Napi::CallbackInfo& info) {
  return QueueLookup<AddrQuery>(info);
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
  Export<LookupTestDelay>(exports, "lookupTestDelay");
  Export<GetAddrInfoAsync>(exports, "getaddrinfoAsync");
  Export<GaiStrerror>(exports, "gaiStrerror");
  Export<Ipv6Usable>(exports, "ipv6Usable");
  Export<HostByName>(exports, "hostByName");
  Export<HostByNameAsync>(exports, "hostByNameAsync");
  Export<HostByAddr>(exports, "hostByAddr");
  Export<HostByAddrAsync>(exports, "hostByAddrAsync");
  Export<ServByName>(exports, "servByName");
  Export<ServByPort>(exports, "servByPort");
  Export<ProtoByName>(exports, "protoByName");
  Export<ProtoByNumber>(exports, "protoByNumber");
}

}  // namespace phpsock
