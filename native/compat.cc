// What keeps the binary loadable on older Linux systems than the one it was built on (the prebuilt
// addon in the package is built at pack time and must load on glibc 2.28 with GCC 8's libstdc++:
// RHEL 8, Debian 10, Ubuntu 20.04; test/prebuilt.test.ts checks the versions it needs). The C++
// runtime stays the system's shared libstdc++ (linked statically, it would bring the build
// machine's glibc symbol versions with it); the syscalls glibc added wrappers for late
// (epoll_pwait2, fstat's new symbol) are made raw where they are used.
#include <cstdlib>

namespace std {
// GCC 11+'s allocator calls this (GLIBCXX_3.4.29) for an impossible array size. Ours, hidden, so
// the binary needs no newer libstdc++ than GCC 5's; with exceptions off it could only terminate.
[[noreturn]] __attribute__((visibility("hidden"))) void __throw_bad_array_new_length() {
  abort();
}
}  // namespace std
