// Keeps the addon loadable on glibc 2.28 (RHEL 8, Debian 10, Ubuntu 20.04) when it is built on a
// newer glibc, as the prebuilt addon in the package is: glibc 2.34 moved libpthread's and libdl's
// functions into libc under new symbol versions, which an older glibc does not have. Each is pinned
// here to the version it had before (still provided by the newer libc, and by libpthread/libdl,
// which Node itself links, on the older one). Included first by addon.h, so every file that
// calls these functions has the pins; test/build.test.ts checks the versions the binary needs.
#pragma once

#include <features.h>

#if defined(__GLIBC__) && (defined(__x86_64__) || defined(__aarch64__))
#if defined(__x86_64__)
#define PHPSOCK_GLIBC_OLD "GLIBC_2.2.5"
#define PHPSOCK_GLIBC_SIGQUEUE "GLIBC_2.11"
#else
#define PHPSOCK_GLIBC_OLD "GLIBC_2.17"
#define PHPSOCK_GLIBC_SIGQUEUE "GLIBC_2.17"
#endif
#define PHPSOCK_PIN(name, version) __asm__(".symver " #name "," #name "@" version);
PHPSOCK_PIN(dlopen, PHPSOCK_GLIBC_OLD)
PHPSOCK_PIN(dlsym, PHPSOCK_GLIBC_OLD)
PHPSOCK_PIN(dladdr, PHPSOCK_GLIBC_OLD)
PHPSOCK_PIN(dlclose, PHPSOCK_GLIBC_OLD)
PHPSOCK_PIN(dlerror, PHPSOCK_GLIBC_OLD)
PHPSOCK_PIN(pthread_create, PHPSOCK_GLIBC_OLD)
PHPSOCK_PIN(pthread_once, PHPSOCK_GLIBC_OLD)
PHPSOCK_PIN(pthread_join, PHPSOCK_GLIBC_OLD)
PHPSOCK_PIN(pthread_detach, PHPSOCK_GLIBC_OLD)
PHPSOCK_PIN(pthread_kill, PHPSOCK_GLIBC_OLD)
PHPSOCK_PIN(pthread_key_create, PHPSOCK_GLIBC_OLD)
PHPSOCK_PIN(pthread_attr_setstacksize, PHPSOCK_GLIBC_OLD)
PHPSOCK_PIN(pthread_sigmask, PHPSOCK_GLIBC_OLD)
PHPSOCK_PIN(pthread_sigqueue, PHPSOCK_GLIBC_SIGQUEUE)
#undef PHPSOCK_PIN
#endif
