// TLS on a stream's own descriptor (ssl://, tls://, stream_socket_enable_crypto), with the OpenSSL
// that is already inside the Node process: every function is looked up with dlsym(RTLD_DEFAULT)
// on first use, so the addon needs no OpenSSL headers or libraries to build, never links a second
// OpenSSL (-lssl would load the system's beside Node's and bind part of it), and still loads where
// the process has none (tlsAvailable() then names what is missing). The types are opaque, the
// constants are OpenSSL 3's ABI values and the header macros are re-expressed over SSL_ctrl.
//
// One SSL (and its SSL_CTX) per descriptor, in the environment's table (AddonData::tls). No PHP
// policy here: lib/streams/crypto.ts decides what each result means and prints PHP's texts. Every
// failure comes back as a detail array [SSL_get_error code, errno, first reason, error-queue
// lines (newline-separated, ERR_error_string_n), return value of the SSL call].
#include <dlfcn.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "addon.h"
#include "raw.h"

namespace phpsock {
namespace {

extern "C" {
typedef struct ssl_st SSL;
typedef struct ssl_ctx_st SSL_CTX;
typedef struct ssl_method_st SSL_METHOD;
typedef struct ssl_cipher_st SSL_CIPHER;
typedef struct x509_st X509;
typedef struct x509_store_ctx_st X509_STORE_CTX;
typedef struct X509_name_st X509_NAME;
typedef struct stack_st OPENSSL_STACK;
typedef struct evp_md_st EVP_MD;
typedef struct asn1_string_st ASN1_STRING;
typedef struct GENERAL_NAME_st GENERAL_NAME;
typedef int (*VerifyCallback)(int, X509_STORE_CTX*);
typedef int (*PasswordCallback)(char*, int, int, void*);
typedef int (*AlpnSelectCallback)(SSL*, const unsigned char**, unsigned char*, const unsigned char*,
                                  unsigned int, void*);
}

// OpenSSL 3's ABI constants (ssl.h, x509v3.h, obj_mac.h, prov_ssl.h).
constexpr int kErrorNone = 0, kErrorWantRead = 2, kErrorWantWrite = 3, kErrorSyscall = 5;
constexpr int kVerifyNone = 0, kVerifyPeer = 1;
constexpr int kFiletypePem = 1;
constexpr int kCtrlMode = 33, kCtrlSetTlsextHostname = 55, kCtrlSetMinProto = 123,
              kCtrlSetMaxProto = 124;
constexpr long kModePartialWrite = 0x1, kModeMovingBuffer = 0x2, kModeReleaseBuffers = 0x10;
constexpr uint64_t kOpAll = (1ULL << 31) | (1ULL << 11) | (1ULL << 4) | (1ULL << 6);
constexpr uint64_t kOpDontInsertEmptyFragments = 1ULL << 11;
constexpr uint64_t kOpIgnoreUnexpectedEof = 1ULL << 7;
constexpr uint64_t kOpNoTicket = 1ULL << 14;
constexpr uint64_t kOpNoCompression = 1ULL << 17;
constexpr uint64_t kOpCipherServerPreference = 1ULL << 22;
constexpr int kNidCommonName = 13, kNidSubjectAltName = 85;
constexpr int kGenDns = 2, kGenIpAdd = 7;
constexpr int kVerrDepthZeroSelfSigned = 18, kVerrCertChainTooLong = 22;
constexpr int kTlsextErrOk = 0, kTlsextErrNoAck = 3, kNpnNegotiated = 1;
constexpr unsigned long kErrSystemFlag = 0x80000000UL, kErrReasonMask = 0x7FFFFF,
                        kErrSystemMask = 0x7FFFFFFF;

// X(name, return type, parameters)
#define PHPSOCK_OPENSSL_FUNCS(X)                                                                \
  X(TLS_client_method, const SSL_METHOD*, (void))                                               \
  X(TLS_server_method, const SSL_METHOD*, (void))                                               \
  X(SSL_CTX_new, SSL_CTX*, (const SSL_METHOD*))                                                 \
  X(SSL_CTX_free, void, (SSL_CTX*))                                                             \
  X(SSL_CTX_ctrl, long, (SSL_CTX*, int, long, void*))                                           \
  X(SSL_CTX_set_options, uint64_t, (SSL_CTX*, uint64_t))                                        \
  X(SSL_CTX_set_verify, void, (SSL_CTX*, int, VerifyCallback))                                  \
  X(SSL_CTX_load_verify_locations, int, (SSL_CTX*, const char*, const char*))                   \
  X(SSL_CTX_set_default_verify_paths, int, (SSL_CTX*))                                          \
  X(SSL_load_client_CA_file, OPENSSL_STACK*, (const char*))                                     \
  X(SSL_CTX_set_client_CA_list, void, (SSL_CTX*, OPENSSL_STACK*))                               \
  X(SSL_CTX_use_certificate_chain_file, int, (SSL_CTX*, const char*))                           \
  X(SSL_CTX_use_PrivateKey_file, int, (SSL_CTX*, const char*, int))                             \
  X(SSL_CTX_check_private_key, int, (const SSL_CTX*))                                           \
  X(SSL_CTX_set_cipher_list, int, (SSL_CTX*, const char*))                                      \
  X(SSL_CTX_set_security_level, void, (SSL_CTX*, int))                                          \
  X(SSL_CTX_set_default_passwd_cb, void, (SSL_CTX*, PasswordCallback))                          \
  X(SSL_CTX_set_default_passwd_cb_userdata, void, (SSL_CTX*, void*))                            \
  X(SSL_CTX_set_alpn_protos, int, (SSL_CTX*, const unsigned char*, unsigned int))               \
  X(SSL_CTX_set_alpn_select_cb, void, (SSL_CTX*, AlpnSelectCallback, void*))                    \
  X(SSL_select_next_proto, int,                                                                 \
    (unsigned char**, unsigned char*, const unsigned char*, unsigned int, const unsigned char*, \
     unsigned int))                                                                             \
  X(SSL_new, SSL*, (SSL_CTX*))                                                                  \
  X(SSL_free, void, (SSL*))                                                                     \
  X(SSL_set_fd, int, (SSL*, int))                                                               \
  X(SSL_ctrl, long, (SSL*, int, long, void*))                                                   \
  X(SSL_set_ex_data, int, (SSL*, int, void*))                                                   \
  X(SSL_get_ex_data, void*, (const SSL*, int))                                                  \
  X(SSL_get_ex_data_X509_STORE_CTX_idx, int, (void))                                            \
  X(SSL_copy_session_id, int, (SSL*, const SSL*))                                               \
  X(SSL_set_connect_state, void, (SSL*))                                                        \
  X(SSL_set_accept_state, void, (SSL*))                                                         \
  X(SSL_do_handshake, int, (SSL*))                                                              \
  X(SSL_read, int, (SSL*, void*, int))                                                          \
  X(SSL_peek, int, (SSL*, void*, int))                                                          \
  X(SSL_write, int, (SSL*, const void*, int))                                                   \
  X(SSL_pending, int, (const SSL*))                                                             \
  X(SSL_shutdown, int, (SSL*))                                                                  \
  X(SSL_get_error, int, (const SSL*, int))                                                      \
  X(SSL_version, int, (const SSL*))                                                             \
  X(SSL_get_current_cipher, const SSL_CIPHER*, (const SSL*))                                    \
  X(SSL_CIPHER_get_name, const char*, (const SSL_CIPHER*))                                      \
  X(SSL_CIPHER_get_bits, int, (const SSL_CIPHER*, int*))                                        \
  X(SSL_CIPHER_get_version, const char*, (const SSL_CIPHER*))                                   \
  X(SSL_get0_alpn_selected, void, (const SSL*, const unsigned char**, unsigned int*))           \
  X(SSL_get_verify_result, long, (const SSL*))                                                  \
  X(SSL_get1_peer_certificate, X509*, (const SSL*))                                             \
  X(SSL_get_peer_cert_chain, OPENSSL_STACK*, (const SSL*))                                      \
  X(X509_STORE_CTX_get_ex_data, void*, (const X509_STORE_CTX*, int))                            \
  X(X509_STORE_CTX_get_error, int, (const X509_STORE_CTX*))                                     \
  X(X509_STORE_CTX_get_error_depth, int, (const X509_STORE_CTX*))                               \
  X(X509_STORE_CTX_set_error, void, (X509_STORE_CTX*, int))                                     \
  X(X509_free, void, (X509*))                                                                   \
  X(X509_get_ext_d2i, void*, (const X509*, int, int*, int*))                                    \
  X(X509_get_subject_name, X509_NAME*, (const X509*))                                           \
  X(X509_NAME_get_text_by_NID, int, (const X509_NAME*, int, char*, int))                        \
  X(X509_digest, int, (const X509*, const EVP_MD*, unsigned char*, unsigned int*))              \
  X(X509_verify_cert_error_string, const char*, (long))                                         \
  X(X509_get_default_cert_file, const char*, (void))                                            \
  X(X509_get_default_cert_file_env, const char*, (void))                                        \
  X(i2d_X509, int, (const X509*, unsigned char**))                                              \
  X(EVP_get_digestbyname, const EVP_MD*, (const char*))                                         \
  X(OPENSSL_sk_num, int, (const OPENSSL_STACK*))                                                \
  X(OPENSSL_sk_value, void*, (const OPENSSL_STACK*, int))                                       \
  X(GENERAL_NAMES_free, void, (OPENSSL_STACK*))                                                 \
  X(GENERAL_NAME_get0_value, void*, (const GENERAL_NAME*, int*))                                \
  X(ASN1_STRING_to_UTF8, int, (unsigned char**, const ASN1_STRING*))                            \
  X(ASN1_STRING_length, int, (const ASN1_STRING*))                                              \
  X(ASN1_STRING_get0_data, const unsigned char*, (const ASN1_STRING*))                          \
  X(CRYPTO_free, void, (void*, const char*, int))                                               \
  X(ERR_get_error, unsigned long, (void))                                                       \
  X(ERR_peek_error, unsigned long, (void))                                                      \
  X(ERR_clear_error, void, (void))                                                              \
  X(ERR_error_string_n, void, (unsigned long, char*, size_t))

// The table is process-wide (there is one OpenSSL per process) and written once, by the first use,
// before any use: immutable afterwards, so sharing it between environments is safe.
struct OpenSSL {
#define PHPSOCK_DECLARE(name, ret, args) ret(*name) args = nullptr;
  PHPSOCK_OPENSSL_FUNCS(PHPSOCK_DECLARE)
#undef PHPSOCK_DECLARE
  const char* missing = nullptr;
};

OpenSSL Load() {
  OpenSSL lib;
  // PHP_SOCKETS_NO_OPENSSL hides the process's OpenSSL (tests; or to keep TLS off): TLS then
  // reports itself unavailable exactly as in a Node without OpenSSL.
  if (getenv("PHP_SOCKETS_NO_OPENSSL") != nullptr) {
    lib.missing = "(PHP_SOCKETS_NO_OPENSSL is set)";
    return lib;
  }
#define PHPSOCK_LOOKUP(name, ret, args)                                   \
  if (lib.missing == nullptr) {                                           \
    lib.name = reinterpret_cast<ret(*) args>(dlsym(RTLD_DEFAULT, #name)); \
    if (lib.name == nullptr) lib.missing = #name;                         \
  }
  PHPSOCK_OPENSSL_FUNCS(PHPSOCK_LOOKUP)
#undef PHPSOCK_LOOKUP
  return lib;
}

// Looked up once, by the first thread that needs it (a function-local static).
const OpenSSL* Lib() {
  static const OpenSSL lib = Load();
  return &lib;
}

}  // namespace

// One descriptor's TLS session.
struct TlsConn {
  SSL_CTX* ctx = nullptr;
  SSL* ssl = nullptr;
  bool active = false;  // handshake done, verified, not shut down (PHP's ssl_active)
  bool allowSelfSigned = false;
  long verifyDepth = 9;  // OPENSSL_DEFAULT_STREAM_VERIFY_DEPTH
  bool hasPassphrase = false;
  std::string passphrase;
  std::vector<unsigned char> alpn;  // a server's protocols, wire format
};

struct TlsState {
  std::vector<TlsConn*> byFd;
};

namespace {

TlsConn* ConnOf(AddonData* d, int fd) {
  if (d->tls == nullptr || fd < 0 || static_cast<size_t>(fd) >= d->tls->byFd.size()) return nullptr;
  return d->tls->byFd[fd];
}

void FreeConn(const OpenSSL* L, TlsConn* c) {
  if (c->ssl != nullptr) L->SSL_free(c->ssl);
  if (c->ctx != nullptr) L->SSL_CTX_free(c->ctx);
  delete c;
}

// PHP's verify_callback: allow_self_signed accepts a self-signed peer, and a chain deeper than
// verify_depth fails as CERT_CHAIN_TOO_LONG.
int VerifyCb(int ok, X509_STORE_CTX* store) {
  const OpenSSL* L = Lib();
  int err = L->X509_STORE_CTX_get_error(store);
  int depth = L->X509_STORE_CTX_get_error_depth(store);
  SSL* ssl = static_cast<SSL*>(
      L->X509_STORE_CTX_get_ex_data(store, L->SSL_get_ex_data_X509_STORE_CTX_idx()));
  TlsConn* c = ssl ? static_cast<TlsConn*>(L->SSL_get_ex_data(ssl, 0)) : nullptr;
  if (c == nullptr) return ok;
  if (err == kVerrDepthZeroSelfSigned && c->allowSelfSigned) ok = 1;
  if (c->verifyDepth >= 0 && depth > c->verifyDepth) {
    ok = 0;
    L->X509_STORE_CTX_set_error(store, kVerrCertChainTooLong);
  }
  return ok;
}

// The passphrase of an encrypted local_pk. Without the option OpenSSL would prompt on the
// terminal (PHP lets it); here a missing passphrase fails at once (docs/differences.md).
int PasswordCb(char* buf, int size, int, void* user) {
  TlsConn* c = static_cast<TlsConn*>(user);
  if (c == nullptr || !c->hasPassphrase) return 0;
  if (c->passphrase.size() < static_cast<size_t>(size) - 1) {
    memcpy(buf, c->passphrase.c_str(), c->passphrase.size() + 1);
    return static_cast<int>(c->passphrase.size());
  }
  return 0;
}

int AlpnSelectCb(SSL*, const unsigned char** out, unsigned char* outlen, const unsigned char* in,
                 unsigned int inlen, void* arg) {
  TlsConn* c = static_cast<TlsConn*>(arg);
  unsigned char* chosen = nullptr;
  if (Lib()->SSL_select_next_proto(&chosen, outlen, c->alpn.data(),
                                   static_cast<unsigned int>(c->alpn.size()), in,
                                   inlen) != kNpnNegotiated) {
    return kTlsextErrNoAck;
  }
  *out = chosen;
  return kTlsextErrOk;
}

unsigned long ErrReason(unsigned long e) {
  return (e & kErrSystemFlag) ? (e & kErrSystemMask) : (e & kErrReasonMask);
}

// [SSL_get_error code, errno, reason of the first queued error, the queue's lines, rc]: what
// php_openssl_handle_ssl_error() looks at. Drains the error queue.
napi_value Detail(napi_env env, const OpenSSL* L, int code, int err, int rc) {
  unsigned long first = L->ERR_get_error();
  std::string text;
  char buf[512];
  for (unsigned long e = first; e != 0; e = L->ERR_get_error()) {
    L->ERR_error_string_n(e, buf, sizeof buf);
    if (!text.empty()) text += '\n';
    text += buf;
  }
  napi_value out;
  napi_create_array_with_length(env, 5, &out);
  napi_set_element(env, out, 0, RawNumber(env, code));
  napi_set_element(env, out, 1, RawNumber(env, err));
  napi_set_element(env, out, 2, RawNumber(env, static_cast<long>(first ? ErrReason(first) : 0)));
  napi_value t;
  napi_create_string_latin1(env, text.data(), text.size(), &t);
  napi_set_element(env, out, 3, t);
  napi_set_element(env, out, 4, RawNumber(env, rc));
  return out;
}

double NowUs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

// php_pollfd_for(): one poll of fd for what SSL_get_error asked, up to timeout_us (< 0: none).
// False when the thread is a Worker being terminated (blocking.cc): the caller then reports the
// wait as timed out, which the terminating isolate never acts on.
bool PollFor(napi_env env, int fd, int sslErr, double timeout_us) {
  Blocking blocking(Data(env));
  pollfd p{fd, static_cast<short>(sslErr == kErrorWantWrite ? POLLOUT : (POLLIN | POLLPRI)), 0};
  int ms = timeout_us < 0 ? -1 : static_cast<int>(timeout_us / 1000);
  if (timeout_us >= 0 && ms == 0 && timeout_us > 0) ms = 1;
  double end = timeout_us < 0 ? 0 : NowUs() + timeout_us;
  for (;;) {
    int rc = poll(&p, 1, ms);
    if (rc >= 0 || errno != EINTR) return true;
    if (blocking.Stopping(env)) return false;
    if (timeout_us >= 0) {
      double left = end - NowUs();
      if (left <= 0) return true;
      ms = static_cast<int>(left / 1000) + 1;
    }
  }
}

// Switches fd to nonblocking for one operation; restores the flags it found when it ends.
struct NonblockingScope {
  int fd, flags;
  explicit NonblockingScope(int f) : fd(f), flags(fcntl(f, F_GETFL)) {
    if (flags >= 0 && !(flags & O_NONBLOCK)) fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  }
  ~NonblockingScope() {
    if (flags >= 0 && !(flags & O_NONBLOCK)) fcntl(fd, F_SETFL, flags);
  }
};

std::string StringOpt(Napi::Object o, const char* key) {
  Napi::Value v = o.Get(key);
  if (!v.IsString()) return std::string();
  Bytes b;
  GetBytes(o.Env(), v, SIZE_MAX, b);
  return std::string(b.data, b.length);
}
bool HasString(Napi::Object o, const char* key) {
  return o.Get(key).IsString();
}
bool BoolOpt(Napi::Object o, const char* key) {
  return ArgBool(o.Env(), o.Get(key));
}
int IntOpt(Napi::Object o, const char* key, int def) {
  return ArgInt(o.Env(), o.Get(key), def);
}
bool FileExists(const char* path) {
  // faccessat rather than stat(), which glibc 2.33+ binds to a version glibc 2.28 lacks.
  return path != nullptr && faccessat(AT_FDCWD, path, F_OK, AT_EACCESS) == 0;
}

// tlsAvailable() -> null | the name of the first OpenSSL function this process lacks
Napi::Value TlsAvailable(const Napi::CallbackInfo& info) {
  const char* missing = Lib()->missing;
  return missing ? Napi::String::New(info.Env(), missing) : info.Env().Null();
}

// tlsSetup(fd, isClient, opts) -> 0 | 1 (set up; the key does not match the certificate) | the
// failing step ("ctx", "ca-names", "cafile", "default-paths", "ciphers", "cert", "key", "ssl")
// php_openssl_setup_crypto(): a context with PHP's settings (lib passes every value, defaults
// included), an SSL on fd in connect or accept state. opts: verifyPeer, allowSelfSigned,
// verifyDepth, cafile, capath, passphrase, ciphers, securityLevel, alpn (wire format), localCert,
// localPk (resolved paths), noCompression, noTicket, honorCipherOrder, minProto, maxProto,
// serverName (SNI), defaultBundles (files tried when the default CA file is absent).
Napi::Value TlsSetup(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const OpenSSL* L = Lib();
  if (L->missing) return Napi::String::New(env, "ctx");
  AddonData* d = Data(env);
  int fd = ArgInt(info, 0);
  bool client = ArgBool(info, 1);
  Napi::Object o = info[2].As<Napi::Object>();
  if (fd < 0) return Napi::String::New(env, "ssl");
  if (d->tls == nullptr) d->tls = new TlsState();
  L->ERR_clear_error();
  TlsConn* c = new TlsConn();
  c->ctx = L->SSL_CTX_new(client ? L->TLS_client_method() : L->TLS_server_method());
  auto fail = [&](const char* step) {
    L->ERR_clear_error();
    FreeConn(L, c);
    return Napi::String::New(env, step);
  };
  if (c->ctx == nullptr) return fail("ctx");
  uint64_t options = (kOpAll & ~kOpDontInsertEmptyFragments) | kOpIgnoreUnexpectedEof;
  if (BoolOpt(o, "noTicket")) options |= kOpNoTicket;
  if (BoolOpt(o, "noCompression")) options |= kOpNoCompression;
  if (BoolOpt(o, "verifyPeer")) {
    c->allowSelfSigned = BoolOpt(o, "allowSelfSigned");
    c->verifyDepth = IntOpt(o, "verifyDepth", 9);
    std::string cafile = StringOpt(o, "cafile"), capath = StringOpt(o, "capath");
    bool hasCafile = HasString(o, "cafile"), hasCapath = HasString(o, "capath");
    if (hasCafile && !client && !BoolOpt(o, "cafileFromIni")) {
      OPENSSL_STACK* names = L->SSL_load_client_CA_file(cafile.c_str());
      if (names == nullptr) return fail("ca-names");
      L->SSL_CTX_set_client_CA_list(c->ctx, names);
    }
    if (hasCafile || hasCapath) {
      if (!L->SSL_CTX_load_verify_locations(c->ctx, hasCafile ? cafile.c_str() : nullptr,
                                            hasCapath ? capath.c_str() : nullptr)) {
        if (hasCafile) return fail("cafile");
        L->ERR_clear_error();
      }
    } else if (client) {
      if (!L->SSL_CTX_set_default_verify_paths(c->ctx)) return fail("default-paths");
      // PHP's libssl looks in the distribution's bundle; Node's OpenSSL may look elsewhere. When
      // its default file is absent (and SSL_CERT_FILE does not name one), load the bundle too.
      const char* envName = L->X509_get_default_cert_file_env();
      if (getenv(envName) == nullptr && !FileExists(L->X509_get_default_cert_file())) {
        Napi::Value bundles = o.Get("defaultBundles");
        if (bundles.IsArray()) {
          Napi::Array a = bundles.As<Napi::Array>();
          for (uint32_t i = 0; i < a.Length(); i++) {
            std::string path = a.Get(i).As<Napi::String>().Utf8Value();
            if (FileExists(path.c_str())) {
              L->SSL_CTX_load_verify_locations(c->ctx, path.c_str(), nullptr);
              break;
            }
          }
        }
        L->ERR_clear_error();
      }
    }
    L->SSL_CTX_set_verify(c->ctx, kVerifyPeer, VerifyCb);
  } else {
    L->SSL_CTX_set_verify(c->ctx, kVerifyNone, nullptr);
  }
  c->hasPassphrase = HasString(o, "passphrase");
  c->passphrase = StringOpt(o, "passphrase");
  L->SSL_CTX_set_default_passwd_cb_userdata(c->ctx, c);
  L->SSL_CTX_set_default_passwd_cb(c->ctx, PasswordCb);
  std::string ciphers = StringOpt(o, "ciphers");
  if (L->SSL_CTX_set_cipher_list(c->ctx, ciphers.c_str()) != 1) return fail("ciphers");
  L->SSL_CTX_set_security_level(c->ctx, IntOpt(o, "securityLevel", 2));
  Napi::Value alpn = o.Get("alpn");
  if (alpn.IsBuffer()) {
    Napi::Buffer<unsigned char> b = alpn.As<Napi::Buffer<unsigned char>>();
    if (client) {
      L->SSL_CTX_set_alpn_protos(c->ctx, b.Data(), static_cast<unsigned int>(b.Length()));
    } else {
      c->alpn.assign(b.Data(), b.Data() + b.Length());
      L->SSL_CTX_set_alpn_select_cb(c->ctx, AlpnSelectCb, c);
    }
  }
  bool keyMismatch = false;
  if (HasString(o, "localCert")) {
    std::string cert = StringOpt(o, "localCert");
    if (L->SSL_CTX_use_certificate_chain_file(c->ctx, cert.c_str()) != 1) return fail("cert");
    std::string key = HasString(o, "localPk") ? StringOpt(o, "localPk") : cert;
    if (L->SSL_CTX_use_PrivateKey_file(c->ctx, key.c_str(), kFiletypePem) != 1) return fail("key");
    keyMismatch = !L->SSL_CTX_check_private_key(c->ctx);
  }
  if (!client && BoolOpt(o, "honorCipherOrder")) options |= kOpCipherServerPreference;
  L->SSL_CTX_set_options(c->ctx, options);
  L->SSL_CTX_ctrl(c->ctx, kCtrlSetMinProto, IntOpt(o, "minProto", 0), nullptr);
  L->SSL_CTX_ctrl(c->ctx, kCtrlSetMaxProto, IntOpt(o, "maxProto", 0), nullptr);
  c->ssl = L->SSL_new(c->ctx);
  if (c->ssl == nullptr) return fail("ssl");
  L->SSL_set_ex_data(c->ssl, 0, c);
  L->SSL_set_fd(c->ssl, fd);
  L->SSL_ctrl(c->ssl, kCtrlMode, kModeReleaseBuffers, nullptr);
  if (client) {
    L->SSL_set_connect_state(c->ssl);
    if (HasString(o, "serverName")) {
      std::string name = StringOpt(o, "serverName");
      L->SSL_ctrl(c->ssl, kCtrlSetTlsextHostname, 0, const_cast<char*>(name.c_str()));
    }
  } else {
    L->SSL_set_accept_state(c->ssl);
  }
  L->ERR_clear_error();
  if (static_cast<size_t>(fd) >= d->tls->byFd.size()) d->tls->byFd.resize(fd + 1, nullptr);
  if (d->tls->byFd[fd] != nullptr) FreeConn(L, d->tls->byFd[fd]);
  d->tls->byFd[fd] = c;
  return Napi::Number::New(env, keyMismatch ? 1 : 0);
}

// tlsHandshake(fd, blocked, timeoutUs) -> 1 (done) | 0 / 2 (would block reading / writing: a
// nonblocking stream) |
// -1 (timed out) | detail. php_openssl_enable_crypto(): the socket nonblocking for the
// handshake, SSL_do_handshake until done, polling in the direction SSL_get_error names; the time
// is checked after every step (timeoutUs < 0: none). A nonblocking stream makes one step.
napi_value TlsHandshake(napi_env env, napi_callback_info info) {
  RawArgs<3> args(env, info);
  const OpenSSL* L = Lib();
  int fd = args.Fd(0);
  TlsConn* c = ConnOf(args.data, fd);
  if (c == nullptr) return RawNumber(env, -EBADF);
  bool blocked = args.Bool(1);
  double timeout_us = args.Double(2);
  NonblockingScope nb(fd);
  L->SSL_ctrl(c->ssl, kCtrlMode, kModePartialWrite | kModeMovingBuffer, nullptr);
  double start = timeout_us >= 0 ? NowUs() : 0;
  for (;;) {
    L->ERR_clear_error();
    int n = L->SSL_do_handshake(c->ssl);
    int err = errno;
    double elapsed = timeout_us >= 0 ? NowUs() - start : 0;
    if (timeout_us >= 0 && elapsed > timeout_us) return RawNumber(env, -1);
    if (n == 1) {
      c->active = true;
      return RawNumber(env, 1);
    }
    int code = L->SSL_get_error(c->ssl, n);
    if (code != kErrorWantRead && code != kErrorWantWrite) return Detail(env, L, code, err, n);
    if (!blocked) return RawNumber(env, code == kErrorWantWrite ? 2 : 0);
    if (!PollFor(env, fd, code, timeout_us >= 0 ? timeout_us - elapsed : -1))
      return RawNumber(env, -1);
  }
}

// php_openssl_sockop_io()'s loop around one SSL_read or SSL_write (`op`): on WANT_READ or
// WANT_WRITE a blocked stream polls in that direction for the time left (timeout_us < 0: none)
// and calls again; the time is checked before each call. Returns the call's count (> 0),
// kTimedOut, kWouldBlock (a nonblocking stream), or kFailed with *detail set.
constexpr int kTimedOut = -1, kWouldBlock = 0, kFailed = -2;
template <typename Op>
int SslIo(napi_env env, const OpenSSL* L, TlsConn* c, int fd, bool blocked, double timeout_us,
          Op op, napi_value* detail) {
  double start = timeout_us >= 0 ? NowUs() : 0;
  for (;;) {
    double elapsed = timeout_us >= 0 ? NowUs() - start : 0;
    if (timeout_us >= 0 && elapsed > timeout_us) return kTimedOut;
    L->ERR_clear_error();
    int n = op();
    int err = errno;
    if (n > 0) return n;
    int code = L->SSL_get_error(c->ssl, n);
    if (code != kErrorWantRead && code != kErrorWantWrite) {
      *detail = Detail(env, L, code, err, n);
      return kFailed;
    }
    if (!blocked) return kWouldBlock;
    if (!PollFor(env, fd, code, timeout_us >= 0 ? timeout_us - elapsed : -1)) return kTimedOut;
  }
}

// tlsRead(fd, length, blocked, timeoutUs) -> bytes | "" (nothing yet, nonblocking) | null (timed
// out) | detail: SslIo over SSL_read.
napi_value TlsRead(napi_env env, napi_callback_info info) {
  RawArgs<4> args(env, info);
  const OpenSSL* L = Lib();
  int fd = args.Fd(0);
  TlsConn* c = ConnOf(args.data, fd);
  if (c == nullptr) return RawNumber(env, -EBADF);
  size_t len = args.Size(1, 16 * 1024 * 1024);
  char* buf = ScratchBuffer(args.data, len);
  NonblockingScope nb(fd);
  napi_value detail = nullptr;
  int n = SslIo(
      env, L, c, fd, args.Bool(2), args.Double(3),
      [&] { return L->SSL_read(c->ssl, buf, static_cast<int>(len)); }, &detail);
  if (n > 0) return Latin1(env, buf, static_cast<size_t>(n));
  if (n == kWouldBlock) return Latin1(env, "", 0);
  if (n == kFailed) return detail;
  napi_value null;
  napi_get_null(env, &null);
  return null;
}

// tlsWrite(fd, data, length, blocked, timeoutUs) -> count | [count, 0 (would block) | -1 (timed
// out) | 1 (failed), detail]. _php_stream_write_buffer() over php_openssl_sockop_io(): SslIo over
// SSL_write of what is left until all is sent (partial writes on: a record at a time), each call
// with its own timeout on a blocking stream.
napi_value TlsWrite(napi_env env, napi_callback_info info) {
  RawArgs<5> args(env, info);
  const OpenSSL* L = Lib();
  int fd = args.Fd(0);
  TlsConn* c = ConnOf(args.data, fd);
  if (c == nullptr) return RawNumber(env, -EBADF);
  Bytes bytes;
  if (!GetBytes(env, args.argv[1], args.Size(2, SIZE_MAX), bytes, args.data)) {
    return RawNumber(env, -EINVAL);
  }
  NonblockingScope nb(fd);
  size_t done = 0;
  int n = 0;
  napi_value detail = nullptr;
  while (done < bytes.length) {
    size_t chunk = bytes.length - done;
    if (chunk > INT_MAX) chunk = INT_MAX;
    n = SslIo(
        env, L, c, fd, args.Bool(3), args.Double(4),
        [&] { return L->SSL_write(c->ssl, bytes.data + done, static_cast<int>(chunk)); }, &detail);
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  if (done == bytes.length) return RawNumber(env, static_cast<long>(done));
  napi_value out;
  napi_create_array_with_length(env, 3, &out);
  napi_set_element(env, out, 0, RawNumber(env, static_cast<long>(done)));
  napi_set_element(env, out, 1, RawNumber(env, n == kFailed ? 1 : n));
  if (detail != nullptr) napi_set_element(env, out, 2, detail);
  return out;
}

// tlsPending(fd) -> decrypted bytes OpenSSL holds (SSL_pending), 0 for no session
napi_value TlsPending(napi_env env, napi_callback_info info) {
  RawArgs<1> args(env, info);
  TlsConn* c = ConnOf(args.data, args.Fd(0));
  return RawNumber(env, c && c->active ? Lib()->SSL_pending(c->ssl) : 0);
}

// tlsAlive(fd) -> the liveness check of feof() on an active session: a record waiting that is
// not a close_notify (SSL_peek), or nothing waiting at all.
Napi::Value TlsAlive(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const OpenSSL* L = Lib();
  int fd = ArgInt(info, 0);
  TlsConn* c = ConnOf(Data(env), fd);
  if (c == nullptr) return Napi::Boolean::New(env, false);
  pollfd p{fd, POLLIN | POLLERR | POLLHUP | POLLPRI, 0};
  if (poll(&p, 1, 0) <= 0) return Napi::Boolean::New(env, true);
  NonblockingScope nb(fd);
  char b;
  L->ERR_clear_error();
  int n = L->SSL_peek(c->ssl, &b, 1);
  if (n > 0) return Napi::Boolean::New(env, true);
  int err = errno;
  int code = L->SSL_get_error(c->ssl, n);
  L->ERR_clear_error();
  if (code == kErrorSyscall) return Napi::Boolean::New(env, err == EAGAIN);
  return Napi::Boolean::New(env, code == kErrorWantRead || code == kErrorWantWrite);
}

// tlsShutdown(fd) -> sends close_notify (SSL_shutdown, once) and marks the session inactive
Napi::Value TlsShutdown(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  TlsConn* c = ConnOf(Data(env), ArgInt(info, 0));
  if (c != nullptr) {
    Lib()->SSL_shutdown(c->ssl);
    Lib()->ERR_clear_error();
    c->active = false;
  }
  return env.Undefined();
}

// tlsInfo(fd) -> [SSL_version, cipher name, cipher bits, cipher version, ALPN protocol | null]
Napi::Value TlsInfo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const OpenSSL* L = Lib();
  TlsConn* c = ConnOf(Data(env), ArgInt(info, 0));
  if (c == nullptr) return env.Null();
  const SSL_CIPHER* cipher = L->SSL_get_current_cipher(c->ssl);
  Napi::Array out = Napi::Array::New(env, 5);
  out.Set(0u, Napi::Number::New(env, L->SSL_version(c->ssl)));
  const char* name = cipher ? L->SSL_CIPHER_get_name(cipher) : "(NONE)";
  out.Set(1u, Napi::String::New(env, name));
  out.Set(2u, Napi::Number::New(env, cipher ? L->SSL_CIPHER_get_bits(cipher, nullptr) : 0));
  out.Set(3u, Napi::String::New(env, cipher ? L->SSL_CIPHER_get_version(cipher) : "(NONE)"));
  const unsigned char* alpn = nullptr;
  unsigned int alpnLen = 0;
  L->SSL_get0_alpn_selected(c->ssl, &alpn, &alpnLen);
  out.Set(4u, alpn ? Latin1(env, reinterpret_cast<const char*>(alpn), alpnLen) : env.Null());
  return out;
}

Napi::Value Der(Napi::Env env, const OpenSSL* L, X509* x) {
  unsigned char* der = nullptr;
  int len = L->i2d_X509(x, &der);
  if (len < 0) return env.Null();
  Napi::Value out = Latin1(env, reinterpret_cast<const char*>(der), static_cast<size_t>(len));
  L->CRYPTO_free(der, __FILE__, __LINE__);
  return out;
}

// tlsPeer(fd) -> null (no peer certificate) | [verify result, CN | null, CN length (-1: none),
// subjectAltNames [[GEN_DNS (2) | GEN_IPADD (7), UTF-8 / raw bytes]...] | null (no extension),
// DER, chain DERs, the verify result's text]
Napi::Value TlsPeer(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const OpenSSL* L = Lib();
  TlsConn* c = ConnOf(Data(env), ArgInt(info, 0));
  if (c == nullptr) return env.Null();
  X509* peer = L->SSL_get1_peer_certificate(c->ssl);
  if (peer == nullptr) return env.Null();
  Napi::Array out = Napi::Array::New(env, 7);
  long verify = L->SSL_get_verify_result(c->ssl);
  out.Set(0u, Napi::Number::New(env, static_cast<double>(verify)));
  out.Set(6u, Napi::String::New(env, L->X509_verify_cert_error_string(verify)));
  char cn[1024];
  int cnLen =
      L->X509_NAME_get_text_by_NID(L->X509_get_subject_name(peer), kNidCommonName, cn, sizeof cn);
  out.Set(1u, cnLen >= 0 ? Latin1(env, cn, strlen(cn)) : env.Null());
  out.Set(2u, Napi::Number::New(env, cnLen));
  OPENSSL_STACK* names =
      static_cast<OPENSSL_STACK*>(L->X509_get_ext_d2i(peer, kNidSubjectAltName, nullptr, nullptr));
  if (names != nullptr) {
    Napi::Array sans = Napi::Array::New(env);
    uint32_t k = 0;
    int count = L->OPENSSL_sk_num(names);
    for (int i = 0; i < count; i++) {
      const GENERAL_NAME* gn = static_cast<const GENERAL_NAME*>(L->OPENSSL_sk_value(names, i));
      int type = -1;
      const ASN1_STRING* value =
          static_cast<const ASN1_STRING*>(L->GENERAL_NAME_get0_value(gn, &type));
      if (value == nullptr) continue;
      Napi::Array entry = Napi::Array::New(env, 3);
      entry.Set(0u, Napi::Number::New(env, type));
      if (type == kGenDns) {
        unsigned char* utf8 = nullptr;
        int n = L->ASN1_STRING_to_UTF8(&utf8, value);
        if (n < 0) continue;
        entry.Set(1u, Latin1(env, reinterpret_cast<const char*>(utf8), static_cast<size_t>(n)));
        entry.Set(2u, Napi::Number::New(env, L->ASN1_STRING_length(value)));
        L->CRYPTO_free(utf8, __FILE__, __LINE__);
      } else if (type == kGenIpAdd) {
        int n = L->ASN1_STRING_length(value);
        entry.Set(1u, Latin1(env, reinterpret_cast<const char*>(L->ASN1_STRING_get0_data(value)),
                             static_cast<size_t>(n)));
        entry.Set(2u, Napi::Number::New(env, n));
      } else {
        continue;
      }
      sans.Set(k++, entry);
    }
    L->GENERAL_NAMES_free(names);
    out.Set(3u, sans);
  } else {
    out.Set(3u, env.Null());
  }
  out.Set(4u, Der(env, L, peer));
  Napi::Array chain = Napi::Array::New(env);
  OPENSSL_STACK* sk = L->SSL_get_peer_cert_chain(c->ssl);
  int n = sk ? L->OPENSSL_sk_num(sk) : 0;
  for (int i = 0; i < n; i++)
    chain.Set(static_cast<uint32_t>(i),
              Der(env, L, static_cast<X509*>(L->OPENSSL_sk_value(sk, i))));
  out.Set(5u, chain);
  L->X509_free(peer);
  return out;
}

// tlsPeerDigest(fd, algo) -> the peer certificate's digest in lowercase hex | null (unknown
// algorithm or no certificate): php_openssl_x509_fingerprint().
Napi::Value TlsPeerDigest(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const OpenSSL* L = Lib();
  TlsConn* c = ConnOf(Data(env), ArgInt(info, 0));
  if (c == nullptr) return env.Null();
  std::string algo = info[1].As<Napi::String>().Utf8Value();
  const EVP_MD* md = L->EVP_get_digestbyname(algo.c_str());
  if (md == nullptr) return env.Null();
  X509* peer = L->SSL_get1_peer_certificate(c->ssl);
  if (peer == nullptr) return env.Null();
  unsigned char md_buf[64];
  unsigned int len = 0;
  int ok = L->X509_digest(peer, md, md_buf, &len);
  L->X509_free(peer);
  if (!ok) return env.Null();
  static const char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; i++) {
    out += hex[md_buf[i] >> 4];
    out += hex[md_buf[i] & 15];
  }
  return Napi::String::New(env, out);
}

// tlsCopySession(fd, fromFd) -> 1 | 0: the session of fromFd's SSL for fd's (SSL_copy_session_id)
Napi::Value TlsCopySession(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  AddonData* d = Data(env);
  TlsConn* to = ConnOf(d, ArgInt(info, 0));
  TlsConn* from = ConnOf(d, ArgInt(info, 1));
  int ok = to && from ? Lib()->SSL_copy_session_id(to->ssl, from->ssl) : 0;
  Lib()->ERR_clear_error();
  return Napi::Number::New(env, ok);
}

}  // namespace

void ForgetTlsFd(AddonData* d, int fd) {
  TlsConn* c = ConnOf(d, fd);
  if (c == nullptr) return;
  const OpenSSL* L = Lib();
  // PHP's close: close_notify for an active session. Never wait for buffer space here (this can
  // run from a finalizer or from reclaim()): the descriptor is about to be closed anyway.
  if (c->active) {
    NonblockingScope nb(fd);
    L->SSL_shutdown(c->ssl);
    L->ERR_clear_error();
  }
  FreeConn(L, c);
  d->tls->byFd[fd] = nullptr;
}

void FreeTlsState(TlsState* s) {
  if (s == nullptr) return;
  const OpenSSL* L = Lib();
  for (TlsConn* c : s->byFd) {
    if (c != nullptr) FreeConn(L, c);
  }
  delete s;
}

void RegisterTls(Napi::Object exports) {
  Export<TlsAvailable>(exports, "tlsAvailable");
  Export<TlsSetup>(exports, "tlsSetup");
  ExportRaw<TlsHandshake>(exports, "tlsHandshake");
  ExportRaw<TlsRead>(exports, "tlsRead");
  ExportRaw<TlsWrite>(exports, "tlsWrite");
  ExportRaw<TlsPending>(exports, "tlsPending");
  Export<TlsAlive>(exports, "tlsAlive");
  Export<TlsShutdown>(exports, "tlsShutdown");
  Export<TlsInfo>(exports, "tlsInfo");
  Export<TlsPeer>(exports, "tlsPeer");
  Export<TlsPeerDigest>(exports, "tlsPeerDigest");
  Export<TlsCopySession>(exports, "tlsCopySession");
}

}  // namespace phpsock
