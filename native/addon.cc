#include "addon.h"

#include <netdb.h>
#include <string.h>

namespace phpsock {

AddonData::~AddonData() {
  CloseHeldAtTeardown(this);
  UnwatchThread(this);
  FreeSelectState(select);
  FreeTlsState(tls);
}

bool GetBytes(napi_env env, napi_value value, size_t max, Bytes& out, AddonData* data) {
  std::vector<char>& scratch = (data != nullptr ? data : Data(env))->scratch;
  // napi_get_value_string_latin1 writes a terminating NUL, hence the extra byte. When the caller
  // knows the length (write/send pass min(length, strlen)) and it fits the scratch, one call both
  // checks for a string and copies it.
  size_t copied = 0;
  if (max < scratch.size()) {
    napi_status st = napi_get_value_string_latin1(env, value, scratch.data(), max + 1, &copied);
    if (st == napi_ok) {
      out.data = scratch.data();
      out.length = copied;
      return true;
    }
    if (st != napi_string_expected) return false;
  } else {
    size_t len = 0;
    if (napi_get_value_string_latin1(env, value, nullptr, 0, &len) == napi_ok) {
      if (len > max) len = max;
      // The scratch grows (up to 16 MiB, as reads do) rather than being bypassed: a 64 KiB string
      // is one byte too long for the initial scratch and would otherwise allocate and zero a heap
      // block on every write.
      if (len + 1 > scratch.size() && len < kMaxChunk) scratch.resize(len + 1);
      char* buf;
      if (len + 1 <= scratch.size()) {
        buf = scratch.data();
      } else {
        out.heap.resize(len + 1);
        buf = out.heap.data();
      }
      if (napi_get_value_string_latin1(env, value, buf, len + 1, &copied) != napi_ok) return false;
      out.data = buf;
      out.length = copied;
      return true;
    }
  }
  // Not a string: a Uint8Array (any ArrayBufferView), used in place.
  void* bytes = nullptr;
  size_t length = 0;
  if (napi_get_buffer_info(env, value, &bytes, &length) != napi_ok) return false;
  out.data = static_cast<const char*>(bytes);
  out.length = length < max ? length : max;
  return true;
}

namespace {

// sockets_strerror(): host-lookup codes below -10000 are h_errno values, the rest errno values.
Napi::Value StrError(const Napi::CallbackInfo& info) {
  double code = ArgDouble(info, 0);
  if (code < -10000) {
    double h = -code - 10000;
    return Napi::String::New(info.Env(), hstrerror(h > 2147483647.0 ? -1 : static_cast<int>(h)));
  }
  char buf[256];
  const char* text = strerror_r(static_cast<int>(code), buf, sizeof buf);
  return Napi::String::New(info.Env(), text);
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  auto* data = new AddonData();
  env.SetInstanceData(data);
  WatchThread(env, data);
  Export<StrError>(exports, "strerror");
  RegisterConstants(exports);
  RegisterSockaddr(exports);
  RegisterLifecycle(exports);
  RegisterIo(exports);
  RegisterSelect(exports);
  RegisterMsg(exports);
  RegisterAddrinfo(exports);
  RegisterOptions(exports);
  RegisterStream(exports);
  RegisterAsync(exports);
  RegisterTls(exports);
  return exports;
}

}  // namespace
}  // namespace phpsock

static Napi::Object InitAddon(Napi::Env env, Napi::Object exports) {
  return phpsock::Init(env, exports);
}

NODE_API_MODULE(php_sockets, InitAddon)
