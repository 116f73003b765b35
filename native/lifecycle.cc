// Socket lifecycle: one syscall each. Descriptors are created close-on-exec.
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "addon.h"
#include "raw.h"

namespace phpsock {
namespace {

// Descriptor ownership. A Socket or Stream object owns its descriptor through one Node-API
// reference that puts no property on the object: napi_add_finalizer's, asked for as a napi_ref.
// - Its finalizer's data is the descriptor and its hint a token. With stable Node-API it runs from
//   the event loop some time after a collection, or at environment teardown (a Worker ending),
//   newest first, before the instance data goes;
// - AddonData::owners[fd] holds the token of the object that owns fd now and that reference, a
//   weak one. A loop that never yields never lets finalizers run, so when a creating call fails
//   with EMFILE/ENFILE, lib forces a collection and calls reclaim(), which closes the descriptor of
//   every owner whose reference the collection has emptied (lib/descriptors.ts).
// Whoever closes fd first (close(), reclaim(), the finalizer) clears the slot and deletes the
// reference, which disarms the finalizer if it has not run (Node-API: a finalizer's reference
// deleted before it runs means it never runs); disown() does too. So a closed Socket leaves
// nothing for the collector or the event loop, and no descriptor is ever closed twice. The token
// check in the finalizer is a second guard. Tokens are never reused (a uintptr_t counter).
// - A Socket that socket_create() or socket_accept() makes is "held" at first: the creating call
//   (given `true` for the owner) gives fd's slot a token and no reference, and lib holds the
//   Socket strongly in a short list (lib/socket.ts) until adopt(socket, fd) gives the slot its
//   reference: after a few more Sockets are made, when the event loop next runs, or before lib
//   forces a collection. Most sockets of a loop are closed before that, and never cost a
//   reference (about 550 instructions to make and delete, with its malloc and global handle).
//   A held descriptor still open when the environment goes is closed with the instance data
//   (CloseHeldAtTeardown), after the finalizers of teardown have run.

// Clears fd's slot: its owner (if any) no longer closes it.
void Release(napi_env env, AddonData* d, int fd) {
  if (fd < 0 || static_cast<size_t>(fd) >= d->owners.size()) return;
  AddonData::Owner& o = d->owners[fd];
  o.token = 0;
  if (o.ref != nullptr) napi_delete_reference(env, o.ref);
  o.ref = nullptr;
}

// close(2) of a socket with SO_LINGER on and a linger time waits up to that time for the peer
// to take the unsent data; Linux sends it on in the background either way once the wait ends.
bool Lingers(int fd) {
  linger l{};
  socklen_t len = sizeof l;
  return getsockopt(fd, SOL_SOCKET, SO_LINGER, &l, &len) == 0 && l.l_onoff != 0 && l.l_linger > 0;
}

struct CloseJob : OffThreadJob {
  int fd = -1;
  long rc = 0;
  int err = 0;
  void Run() override {
    rc = close(fd);
    err = errno;
  }
};

// At a Worker's teardown a lingering close would hold the terminating Worker (and a
// process.exit() that waits for it) up to the linger time: such a socket is closed by a detached
// thread of its own, which waits out the linger as the close would have. Every other descriptor
// is closed here.
void CloseAtTeardown(int fd) {
  if (Lingers(fd)) {
    auto* job = new CloseJob();
    job->fd = fd;
    job->holders.store(1);  // the job thread's only: nobody waits for it
    if (StartDetached(
            [](void* arg) -> void* {
              auto* j = static_cast<CloseJob*>(arg);
              j->Run();
              j->Release();
              return nullptr;
            },
            job, 64 * 1024)) {
      return;
    }
    delete job;
  }
  close(fd);
}

// Closes fd for an owner that is gone (finalized or collected).
void CloseOwned(napi_env env, AddonData* d, int fd) {
  Release(env, d, fd);
  ForgetFd(env, fd);
  if (d->tearingDown && d->blocker != nullptr) {
    CloseAtTeardown(fd);
  } else {
    close(fd);
  }
  d->closedByFinalizers++;
}

void MarkTeardown(void* arg) {
  static_cast<AddonData*>(arg)->tearingDown = true;
}

void FinalizeOwned(napi_env env, void* data, void* hint) {
  AddonData* d = nullptr;
  if (napi_get_instance_data(env, reinterpret_cast<void**>(&d)) != napi_ok || d == nullptr) return;
  auto fd = static_cast<size_t>(reinterpret_cast<uintptr_t>(data));
  if (fd >= d->owners.size() || d->owners[fd].token != reinterpret_cast<uintptr_t>(hint)) return;
  CloseOwned(env, d, static_cast<int>(fd));
}

// Makes `obj` the owner of fd: false when obj is not an object.
bool Own(napi_env env, AddonData* d, napi_value obj, int fd) {
  if (fd < 0) return false;
  uintptr_t token = ++d->lastToken;
  // One reference is both: the finalizer's, and (asked for with `ref`) a weak reference owned here.
  // Deleting it (Release) disarms the finalizer, so a closed socket leaves nothing behind for the
  // collector or the event loop; the finalizer, when it runs, deletes it (CloseOwned).
  napi_ref ref = nullptr;
  if (napi_add_finalizer(env, obj, reinterpret_cast<void*>(static_cast<uintptr_t>(fd)),
                         FinalizeOwned, reinterpret_cast<void*>(token), &ref) != napi_ok) {
    return false;
  }
  auto at = static_cast<size_t>(fd);
  if (at >= d->owners.size())
    d->owners.resize(at + 1 > 2 * d->owners.size() ? at + 1 : 2 * d->owners.size());
  Release(env, d, fd);
  d->owners[at] = AddonData::Owner{token, ref};
  return true;
}

// Makes fd held (see above): owned, with a token and no reference yet.
void Hold(napi_env env, AddonData* d, int fd) {
  auto at = static_cast<size_t>(fd);
  if (at >= d->owners.size())
    d->owners.resize(at + 1 > 2 * d->owners.size() ? at + 1 : 2 * d->owners.size());
  Release(env, d, fd);
  d->owners[at] = AddonData::Owner{++d->lastToken, nullptr};
}

// `owner` (of type `type`) takes fd: an object owns it from now on (Own), `true` holds it (Hold;
// lib passes no other boolean). False for anything else.
bool Take(napi_env env, AddonData* d, napi_value owner, napi_valuetype type, int fd) {
  if (fd < 0) return false;
  if (type != napi_boolean) return Own(env, d, owner, fd);
  Hold(env, d, fd);
  return true;
}

bool Take(napi_env env, AddonData* d, napi_value owner, int fd) {
  napi_valuetype type = napi_undefined;
  napi_typeof(env, owner, &type);
  return Take(env, d, owner, type, fd);
}

bool Own(napi_env env, napi_value obj, int fd) {
  return Take(env, Data(env), obj, fd);
}

// The owner of fd, if any, no longer closes it.
void Disown(napi_env env, int fd) {
  Release(env, Data(env), fd);
}

// adopt(socket, fd) -> 1 | 0: a held fd gets its reference, `socket` its owner (1); 0 when fd is
// not held (closed, or owned by a reference already: the Socket's descriptor moved to a stream).
napi_value Adopt(napi_env env, napi_callback_info info) {
  RawArgs<2> args(env, info);
  AddonData* d = args.data;
  int fd = args.Fd(1);
  if (fd < 0 || static_cast<size_t>(fd) >= d->owners.size()) return RawNumber(env, 0);
  AddonData::Owner& o = d->owners[fd];
  if (o.token == 0 || o.ref != nullptr) return RawNumber(env, 0);
  napi_ref ref = nullptr;
  if (napi_add_finalizer(env, args.argv[0], reinterpret_cast<void*>(static_cast<uintptr_t>(fd)),
                         FinalizeOwned, reinterpret_cast<void*>(o.token), &ref) != napi_ok) {
    return RawNumber(env, 0);
  }
  d->owners[fd].ref = ref;
  return RawNumber(env, 1);
}

// reclaim() -> how many descriptors it closed: those whose owner a collection has found
// unreachable (its weak reference is empty) and whose finalizer has not run yet.
napi_value Reclaim(napi_env env, napi_callback_info) {
  AddonData* d = Data(env);
  long closed = 0;
  napi_handle_scope scope;
  napi_open_handle_scope(env, &scope);
  for (size_t fd = 0; fd < d->owners.size(); fd++) {
    napi_ref ref = d->owners[fd].ref;
    napi_value value = nullptr;
    if (ref == nullptr || napi_get_reference_value(env, ref, &value) != napi_ok || value != nullptr)
      continue;
    CloseOwned(env, d, static_cast<int>(fd));
    closed++;
  }
  napi_close_handle_scope(env, scope);
  return RawNumber(env, closed);
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

}  // namespace

bool OwnDescriptor(napi_env env, napi_value owner, int fd) {
  return Own(env, owner, fd);
}

// A new descriptor `fd` (or -1 with errno), owned by `owner` when that is given (not undefined):
// an object owns it, `true` holds it (lib then holds the Socket and adopts it).
napi_value RawCreated(napi_env env, AddonData* d, long fd, napi_value owner) {
  if (fd < 0) return RawNumber(env, -errno);
  // `true` first, the hot case (socket_create, socket_accept): a boolean check is about a third
  // of napi_typeof, which tests for a boolean last.
  bool held = false;
  if (napi_get_value_bool(env, owner, &held) == napi_ok) {
    if (held) Hold(env, d, static_cast<int>(fd));
    return RawNumber(env, fd);
  }
  napi_valuetype type = napi_undefined;
  napi_typeof(env, owner, &type);
  if (type != napi_undefined && !Take(env, d, owner, type, static_cast<int>(fd))) {
    close(static_cast<int>(fd));
    // What the caller made known of the new descriptor (its flags: KnowNewSocket, acceptNb) goes
    // with it, as a close() through lib would drop it: the number may next be a non-socket.
    ForgetFd(env, d, static_cast<int>(fd));
    return RawNumber(env, -EINVAL);
  }
  return RawNumber(env, fd);
}

// The environment's instance data goes (the finalizers of its teardown have run): its held
// descriptors, whose Sockets were never adopted, are closed as a finalizer would close them.
void CloseHeldAtTeardown(AddonData* d) {
  for (size_t fd = 0; fd < d->owners.size(); fd++) {
    AddonData::Owner& o = d->owners[fd];
    if (o.token == 0 || o.ref != nullptr) continue;
    o.token = 0;
    if (d->blocker != nullptr) {
      CloseAtTeardown(static_cast<int>(fd));
    } else {
      close(static_cast<int>(fd));
    }
    d->closedByFinalizers++;
  }
}

namespace {

// socket(domain, type, protocol[, owner]) -> fd | -errno
napi_value Socket(napi_env env, napi_callback_info info) {
  RawArgs<4> args(env, info);
  int type = args.Int(1);
  long fd = syscall(SYS_socket, args.Int(0), type | SOCK_CLOEXEC, args.Int(2));
  if (fd >= 0) KnowNewSocket(args.data, static_cast<int>(fd), type);
  return RawCreated(env, args.data, fd, args.argv[3]);
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

// connect(fd, sockaddr: Buffer) -> 0 | -errno
napi_value Connect(napi_env env, napi_callback_info info) {
  RawArgs<2> args(env, info);
  void* sa = nullptr;
  size_t len = 0;
  if (napi_get_buffer_info(env, args.argv[1], &sa, &len) != napi_ok) return RawNumber(env, -EINVAL);
  Blocking blocking(args.data);
  long rc = syscall(SYS_connect, args.Fd(0), sa, static_cast<socklen_t>(len));
  // Repeated after a signal, a TCP connect waits on for the handshake under way (for what is
  // left of SO_SNDTIMEO), or reports EISCONN when it completed in between; EALREADY when the
  // timeout passes, where the first call reports EINPROGRESS.
  while (rc < 0 && blocking.Again(env, args.Fd(0), SO_SNDTIMEO)) {
    rc = syscall(SYS_connect, args.Fd(0), sa, static_cast<socklen_t>(len));
    if (rc < 0 && errno == EISCONN) rc = 0;
    if (rc < 0 && errno == EALREADY) errno = EINPROGRESS;
  }
  return RawResult(env, rc);
}

Napi::Value Listen(const Napi::CallbackInfo& info) {
  return Result(info.Env(), listen(ArgInt(info, 0), ArgInt(info, 1)));
}

// accept(fd[, owner]) -> new fd (blocking, close-on-exec) | -errno
napi_value Accept(napi_env env, napi_callback_info info) {
  RawArgs<2> args(env, info);
  Blocking blocking(args.data);
  long fd;
  do {
    fd = syscall(SYS_accept4, args.Fd(0), nullptr, nullptr, SOCK_CLOEXEC);
  } while (fd < 0 && blocking.Again(env, args.Fd(0), SO_RCVTIMEO));
  return RawCreated(env, args.data, fd, args.argv[1]);
}

Napi::Value Shutdown(const Napi::CallbackInfo& info) {
  return Result(info.Env(), shutdown(ArgInt(info, 0), ArgInt(info, 1)));
}

// close(fd) -> 0 | -errno: disowns fd (its owner's finalizer will not close the number again),
// stops async polling of it, then close(2).
// In a Worker, a lingering close (Lingers) runs on a thread of its own while the Worker waits for
// it, so that a termination need not wait for the linger; other closes, and every close on the
// main thread, are one close(2) here.
napi_value Close(napi_env env, napi_callback_info info) {
  RawArgs<1> args(env, info);
  int fd = args.Fd(0);
  Release(env, args.data, fd);
  ForgetFd(env, args.data, fd);
  if (args.data->blocker == nullptr || !Lingers(fd)) return RawResult(env, syscall(SYS_close, fd));
  auto* job = new CloseJob();
  job->fd = fd;
  OffThread how = RunOffThread(env, args.data, job);
  if (how == OffThread::kGaveWay) return RawNumber(env, -EINTR);
  if (how == OffThread::kNoThread) job->Run();
  long rc = job->rc;
  int err = job->err;
  if (how == OffThread::kDone) {
    job->Release();
  } else {
    delete job;
  }
  return RawNumber(env, rc < 0 ? -err : rc);
}

// isOwned(fd) -> 1 when a Socket or Stream (or a holder) of this environment owns fd, else 0.
Napi::Value IsOwned(const Napi::CallbackInfo& info) {
  AddonData* d = Data(info.Env());
  int fd = ArgInt(info, 0);
  bool owned = fd >= 0 && static_cast<size_t>(fd) < d->owners.size() && d->owners[fd].token != 0;
  return Napi::Number::New(info.Env(), owned ? 1 : 0);
}

// internalFds() -> [fd, ...]: the descriptors the addon holds for itself and keeps open (the
// watchdog's epoll instance, this environment's select epoll set), for descriptor accounting.
Napi::Value InternalFds(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Array out = Napi::Array::New(env);
  uint32_t n = 0;
  for (int fd : {WatchdogFd(), SelectEpollFd(Data(env)->select)}) {
    if (fd >= 0) out.Set(n++, Napi::Number::New(env, fd));
  }
  return out;
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
  flags = ArgBool(info, 1) ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK);
  int rc = fcntl(fd, F_SETFL, flags);
  ForgetFdModes(info.Env());  // after the change: another thread then reads the new mode
  return Result(info.Env(), rc);
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

void RegisterLifecycle(Napi::Object exports) {
  napi_add_env_cleanup_hook(exports.Env(), MarkTeardown, Data(exports.Env()));
  Export<OwnFd>(exports, "own");
  Export<DisownFd>(exports, "disown");
  ExportRaw<Adopt>(exports, "adopt");
  Export<ClosedByFinalizers>(exports, "closedByFinalizers");
  Export<IsOwned>(exports, "isOwned");
  Export<InternalFds>(exports, "internalFds");
  ExportRaw<Socket>(exports, "socket");
  Export<SocketPair>(exports, "socketpair");
  Export<Bind>(exports, "bind");
  ExportRaw<Connect>(exports, "connect");
  Export<Listen>(exports, "listen");
  ExportRaw<Accept>(exports, "accept");
  Export<Shutdown>(exports, "shutdown");
  ExportRaw<Close>(exports, "close");
  ExportRaw<Reclaim>(exports, "reclaim");
  Export<SetNonblock>(exports, "setNonblock");
  Export<GetsockoptInt>(exports, "getsockoptInt");
}

}  // namespace phpsock
