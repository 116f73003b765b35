// Socket lifecycle: one syscall each. Descriptors are created close-on-exec.
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "addon.h"

namespace phpsock {
namespace {

// The descriptor a Socket object owns. The finalizer closes it when the object is collected (or
// its environment is torn down, e.g. a Worker ends); release() disarms it, so a closed socket's
// number is never closed again after the kernel reuses it.
struct Owned {
  int fd;
};

void FinalizeOwned(napi_env env, void* data, void*) {
  auto* owned = static_cast<Owned*>(data);
  if (owned->fd >= 0) {
    ForgetFd(env, owned->fd);
    close(owned->fd);
  }
  delete owned;
}

Napi::Value Own(const Napi::CallbackInfo& info) {
  auto* owned = new Owned{ArgInt(info, 1)};
  if (napi_wrap(info.Env(), info[0], owned, FinalizeOwned, nullptr, nullptr) != napi_ok) {
    delete owned;
    return Napi::Number::New(info.Env(), -EINVAL);
  }
  return Napi::Number::New(info.Env(), 0);
}

// release(obj, closeFd): disarms the finalizer; closes the descriptor when closeFd is true.
Napi::Value Release(const Napi::CallbackInfo& info) {
  void* data = nullptr;
  if (napi_remove_wrap(info.Env(), info[0], &data) != napi_ok || data == nullptr) {
    return Napi::Number::New(info.Env(), -EBADF);
  }
  auto* owned = static_cast<Owned*>(data);
  int fd = owned->fd;
  delete owned;
  if (!info[1].As<Napi::Boolean>().Value()) return Napi::Number::New(info.Env(), 0);
  ForgetFd(info.Env(), fd);
  return Result(info.Env(), close(fd));
}

Napi::Value Socket(const Napi::CallbackInfo& info) {
  return Result(info.Env(),
                socket(ArgInt(info, 0), ArgInt(info, 1) | SOCK_CLOEXEC, ArgInt(info, 2)));
}

// socketpair(domain, type, protocol, out: Int32Array(2)) -> 0 | -errno
Napi::Value SocketPair(const Napi::CallbackInfo& info) {
  int fds[2];
  int rc = socketpair(ArgInt(info, 0), ArgInt(info, 1) | SOCK_CLOEXEC, ArgInt(info, 2), fds);
  if (rc < 0) return Fail(info.Env());
  Napi::Int32Array out = info[3].As<Napi::Int32Array>();
  out[0] = fds[0];
  out[1] = fds[1];
  return Napi::Number::New(info.Env(), 0);
}

Napi::Value Bind(const Napi::CallbackInfo& info) {
  Napi::Buffer<char> sa = info[1].As<Napi::Buffer<char>>();
  return Result(info.Env(), bind(ArgInt(info, 0), reinterpret_cast<sockaddr*>(sa.Data()),
                                 static_cast<socklen_t>(sa.Length())));
}

Napi::Value Connect(const Napi::CallbackInfo& info) {
  Napi::Buffer<char> sa = info[1].As<Napi::Buffer<char>>();
  return Result(info.Env(), connect(ArgInt(info, 0), reinterpret_cast<sockaddr*>(sa.Data()),
                                    static_cast<socklen_t>(sa.Length())));
}

Napi::Value Listen(const Napi::CallbackInfo& info) {
  return Result(info.Env(), listen(ArgInt(info, 0), ArgInt(info, 1)));
}

// accept(fd) -> new fd (blocking, close-on-exec) | -errno
Napi::Value Accept(const Napi::CallbackInfo& info) {
  return Result(info.Env(), accept4(ArgInt(info, 0), nullptr, nullptr, SOCK_CLOEXEC));
}

Napi::Value Shutdown(const Napi::CallbackInfo& info) {
  return Result(info.Env(), shutdown(ArgInt(info, 0), ArgInt(info, 1)));
}

Napi::Value Close(const Napi::CallbackInfo& info) {
  ForgetFd(info.Env(), ArgInt(info, 0));
  return Result(info.Env(), close(ArgInt(info, 0)));
}

// setNonblock(fd, on) -> 0 | -errno (fcntl F_GETFL then F_SETFL)
Napi::Value SetNonblock(const Napi::CallbackInfo& info) {
  int fd = ArgInt(info, 0);
  int flags = fcntl(fd, F_GETFL);
  if (flags < 0) return Fail(info.Env());
  flags = info[1].As<Napi::Boolean>().Value() ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK);
  return Result(info.Env(), fcntl(fd, F_SETFL, flags));
}

// getsockoptInt(fd, level, option) -> value | -errno (values are never negative for the
// options lib asks this way: SO_TYPE, SO_DOMAIN, SO_PROTOCOL, SO_ERROR)
Napi::Value GetsockoptInt(const Napi::CallbackInfo& info) {
  int value = 0;
  socklen_t len = sizeof value;
  int rc = getsockopt(ArgInt(info, 0), ArgInt(info, 1), ArgInt(info, 2), &value, &len);
  return rc < 0 ? Fail(info.Env()) : Napi::Number::New(info.Env(), value);
}

}  // namespace

void RegisterLifecycle(Napi::Env env, Napi::Object exports) {
  exports.Set("own", Napi::Function::New(env, Own, "own"));
  exports.Set("release", Napi::Function::New(env, Release, "release"));
  exports.Set("socket", Napi::Function::New(env, Socket, "socket"));
  exports.Set("socketpair", Napi::Function::New(env, SocketPair, "socketpair"));
  exports.Set("bind", Napi::Function::New(env, Bind, "bind"));
  exports.Set("connect", Napi::Function::New(env, Connect, "connect"));
  exports.Set("listen", Napi::Function::New(env, Listen, "listen"));
  exports.Set("accept", Napi::Function::New(env, Accept, "accept"));
  exports.Set("shutdown", Napi::Function::New(env, Shutdown, "shutdown"));
  exports.Set("close", Napi::Function::New(env, Close, "close"));
  exports.Set("setNonblock", Napi::Function::New(env, SetNonblock, "setNonblock"));
  exports.Set("getsockoptInt", Napi::Function::New(env, GetsockoptInt, "getsockoptInt"));
}

}  // namespace phpsock
