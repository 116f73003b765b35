#include <errno.h>
#include <linux/filter.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "addon.h"

namespace phpsock {

void RegisterConstants(Napi::Object exports) {
  Napi::Env env = exports.Env();
  Napi::Object c = Napi::Object::New(env);
#define PHP_SOCKETS_CONSTANT(name, value) c.Set(#name, Napi::Number::New(env, (value)));
#include "constants.gen.h"
#undef PHP_SOCKETS_CONSTANT
  exports.Set("constants", c);
}

}  // namespace phpsock
