// The hot path's plumbing. The calls behind socket_read, socket_write, socket_recv, socket_send,
// socket_read_into, fread and fwrite, and the lifecycle calls of every connection (socket,
// connect, accept, close), are plain Node-API callbacks rather than node-addon-api's (registered
// with ExportRaw, addon.h): one napi_get_cb_info into a stack array, the argument readers of
// addon.h, an int32 result where it fits, and the environment's AddonData as the function's data
// (no instance-data lookup): about 250 instructions fewer per call (callgrind). Their syscalls
// skip glibc's wrappers.
#pragma once

#include <sys/syscall.h>
#include <unistd.h>

#include <climits>

#include "addon.h"

namespace phpsock {

template <size_t N>
struct RawArgs {
  napi_env env;
  napi_value argv[N];
  AddonData* data = nullptr;

  RawArgs(napi_env e, napi_callback_info info) : env(e) {
    size_t argc = N;
    void* d = nullptr;
    napi_get_cb_info(env, info, &argc, argv, nullptr, &d);
    data = static_cast<AddonData*>(d);
  }
  // The readers of addon.h over this call's arguments.
  int Fd(size_t i) const { return ArgFd(env, argv[i]); }
  int Int(size_t i) const { return ArgInt(env, argv[i]); }
  double Double(size_t i) const { return ArgDouble(env, argv[i]); }
  bool Bool(size_t i) const { return ArgBool(env, argv[i]); }
  size_t Size(size_t i, size_t max) const { return ArgSize(env, argv[i], max); }
};

// The hot syscalls without glibc's wrappers, which in a multithreaded process (Node always is)
// switch thread cancellation on and off around every call; nothing here is ever cancelled.
inline ssize_t SysRecv(int fd, void* buf, size_t len, int flags) {
  return syscall(SYS_recvfrom, fd, buf, len, flags, nullptr, nullptr);
}
inline ssize_t SysWrite(int fd, const void* buf, size_t len) {
  return syscall(SYS_write, fd, buf, len);
}
inline ssize_t SysSend(int fd, const void* buf, size_t len, int flags) {
  return syscall(SYS_sendto, fd, buf, len, flags, nullptr, 0);
}

inline napi_value RawNumber(napi_env env, long n) {
  napi_value out;
  if (n >= INT32_MIN && n <= INT32_MAX) {
    napi_create_int32(env, static_cast<int32_t>(n), &out);
  } else {
    napi_create_double(env, static_cast<double>(n), &out);
  }
  return out;
}
// rc (>= 0), or -errno (captured now) when rc is -1.
inline napi_value RawResult(napi_env env, long rc) {
  return RawNumber(env, rc < 0 ? -errno : rc);
}

}  // namespace phpsock
