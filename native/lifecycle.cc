// Socket lifecycle: one syscall each. Descriptors are created close-on-exec.
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "addon.h"

namespace phpsock {
namespace {

// Descriptor ownership. A Socket or Stream object owns its descriptor through a finalizer
// (napi_add_finalizer: a weak reference, no property on the object) whose data is the descriptor
// and whose hint is a token; AddonData::owners[fd] holds the token of the object that owns fd now.
// close() and disown() clear the slot, so a finalizer that runs later, when the kernel may have
// given the number to another socket, finds another token (or none) and leaves it alone. Tokens
// are never reused (a uintptr_t counter).
//
// With Node-API's experimental version the finalizer runs inside the garbage collector: it may
// only do C++ work and syscalls, and call the Node-API functions that take node_api_basic_env
// (napi_get_instance_data here). ForgetFd() keeps to that too (async.cc); nothing here creates a
// JS value, calls into JS or deletes a reference. The same finalizer runs, outside any GC, when
// the environment is torn down (a Worker ending), after the async cleanup hook has run.
void FinalizeOwned(node_api_basic_env env, void* data, void* hint) {
  AddonData* d = nullptr;
  if (napi_get_instance_data(env, reinterpret_cast<void**>(&d)) != napi_ok || d == nullptr) return;
  auto fd = static_cast<size_t>(reinterpret_cast<uintptr_t>(data));
  if (fd >= d->owners.size() || d->owners[fd] != reinterpret_cast<uintptr_t>(hint)) return;
  d->owners[fd] = 0;
  ForgetFd(env, static_cast<int>(fd));
  close(static_cast<int>(fd));
  d->closedByFinalizers++;
}

// Makes `obj` the owner of fd: false when obj is not an object.
bool Own(napi_env env, napi_value obj, int fd) {
  if (fd < 0) return false;
  AddonData* d = Data(env);
  uintptr_t token = ++d->lastToken;
  if (napi_add_finalizer(env, obj, reinterpret_cast<void*>(static_cast<uintptr_t>(fd)),
                         FinalizeOwned, reinterpret_cast<void*>(token), nullptr) != napi_ok) {
    return false;
  }
  auto at = static_cast<size_t>(fd);
  if (at >= d->owners.size())
    d->owners.resize(at + 1 > 2 * d->owners.size() ? at + 1 : 2 * d->owners.size());
  d->owners[at] = token;
  return true;
}

// The owner of fd, if any, no longer closes it.
void Disown(napi_env env, int fd) {
  AddonData* d = Data(env);
  if (fd >= 0 && static_cast<size_t>(fd) < d->owners.size()) d->owners[fd] = 0;
}

// A new descriptor `fd` (or -1 with errno), owned by info[at] when that argument is given.
Napi::Value Created(const Napi::CallbackInfo& info, int fd, size_t at) {
  Napi::Env env = info.Env();
  if (fd < 0) return Fail(env);
  if (info.Length() > at && !Own(env, info[at], fd)) {
    close(fd);
    return Fail(env, EINVAL);
  }
  return Napi::Number::New(env, fd);
}

// own(obj, fd) -> 0 | -EINVAL: obj's finalizer closes fd from now on (a descriptor that already
// exists: received with SCM_RIGHTS, made by a stream's connect or bind, moved to a stream).
Napi::Value OwnFd(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), Own(info.Env(), info[0], ArgInt(info, 1)) ? 0 : -EINVAL);
}

// disown(fd) -> 0: its owner's finalizer no longer closes fd (the descriptor stays open).
Napi::Value DisownFd(const Napi::CallbackInfo& info) {
  Disown(info.Env(), ArgInt(info, 0));
  return Napi::Number::New(info.Env(), 0);
}

// socket(domain, type, protocol[, owner]) -> fd | -errno
Napi::Value Socket(const Napi::CallbackInfo& info) {
  return Created(info, socket(ArgInt(info, 0), ArgInt(info, 1) | SOCK_CLOEXEC, ArgInt(info, 2)), 3);
}

// socketpair(domain, type, protocol, out: Int32Array(2)[, owner0, owner1]) -> 0 | -errno
Napi::Value SocketPair(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fds[2];
  int rc = socketpair(ArgInt(info, 0), ArgInt(info, 1) | SOCK_CLOEXEC, ArgInt(info, 2), fds);
  if (rc < 0) return Fail(env);
  if (info.Length() > 5) {
    if (!Own(env, info[4], fds[0])) {
      close(fds[0]);
      close(fds[1]);
      return Fail(env, EINVAL);
    }
    if (!Own(env, info[5], fds[1])) {
      Disown(env, fds[0]);
      close(fds[0]);
      close(fds[1]);
      return Fail(env, EINVAL);
    }
  }
  Napi::Int32Array out = info[3].As<Napi::Int32Array>();
  out[0] = fds[0];
  out[1] = fds[1];
  return Napi::Number::New(env, 0);
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

// accept(fd[, owner]) -> new fd (blocking, close-on-exec) | -errno
Napi::Value Accept(const Napi::CallbackInfo& info) {
  return Created(info, accept4(ArgInt(info, 0), nullptr, nullptr, SOCK_CLOEXEC), 1);
}

Napi::Value Shutdown(const Napi::CallbackInfo& info) {
  return Result(info.Env(), shutdown(ArgInt(info, 0), ArgInt(info, 1)));
}

// close(fd) -> 0 | -errno: disowns fd (its owner's finalizer will not close the number again),
// stops async polling of it, then close(2).
Napi::Value Close(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = ArgInt(info, 0);
  Disown(env, fd);
  ForgetFd(env, fd);
  return Result(env, close(fd));
}

// closedByFinalizers() -> how many descriptors finalizers have closed in this environment.
Napi::Value ClosedByFinalizers(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), Data(info.Env())->closedByFinalizers);
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

// Templated Function::New: the callback is called directly, with no per-function data to look up.
void RegisterLifecycle(Napi::Env env, Napi::Object exports) {
  exports.Set("own", Napi::Function::New<OwnFd>(env, "own"));
  exports.Set("disown", Napi::Function::New<DisownFd>(env, "disown"));
  exports.Set("closedByFinalizers",
              Napi::Function::New<ClosedByFinalizers>(env, "closedByFinalizers"));
  exports.Set("socket", Napi::Function::New<Socket>(env, "socket"));
  exports.Set("socketpair", Napi::Function::New<SocketPair>(env, "socketpair"));
  exports.Set("bind", Napi::Function::New<Bind>(env, "bind"));
  exports.Set("connect", Napi::Function::New<Connect>(env, "connect"));
  exports.Set("listen", Napi::Function::New<Listen>(env, "listen"));
  exports.Set("accept", Napi::Function::New<Accept>(env, "accept"));
  exports.Set("shutdown", Napi::Function::New<Shutdown>(env, "shutdown"));
  exports.Set("close", Napi::Function::New<Close>(env, "close"));
  exports.Set("setNonblock", Napi::Function::New<SetNonblock>(env, "setNonblock"));
  exports.Set("getsockoptInt", Napi::Function::New<GetsockoptInt>(env, "getsockoptInt"));
}

}  // namespace phpsock
