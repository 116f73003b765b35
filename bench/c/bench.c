// The floor: the same workloads as bench/php/bench.php, bench/node/*.mjs, written with plain
// blocking POSIX calls. One binary, `bench-c <workload> <role> <args...>`, the argument
// conventions shared with the other variants (see bench/run.mjs). Servers print
// "READY <port|path>", clients print "RESULT <operations> <seconds>".
//
// Also holds the common load generators of the select and many-clients workloads (there the
// server is the variant under test) and the per-call overhead loops.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static void die(const char* what) {
  fprintf(stderr, "bench-c: %s: %s\n", what, strerror(errno));
  exit(1);
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void result(long ops, double seconds) {
  printf("RESULT %ld %.9f\n", ops, seconds);
  fflush(stdout);
}

static void ready_port(int fd) {
  struct sockaddr_in sa;
  socklen_t len = sizeof sa;
  if (getsockname(fd, (struct sockaddr*)&sa, &len) < 0) die("getsockname");
  printf("READY %d\n", ntohs(sa.sin_port));
  fflush(stdout);
}

static int tcp_listen(int backlog) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) die("socket");
  struct sockaddr_in sa = {0};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, (struct sockaddr*)&sa, sizeof sa) < 0) die("bind");
  if (listen(fd, backlog) < 0) die("listen");
  return fd;
}

static int tcp_connect(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) die("socket");
  struct sockaddr_in sa = {0};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  sa.sin_port = htons(port);
  if (connect(fd, (struct sockaddr*)&sa, sizeof sa) < 0) die("connect");
  return fd;
}

static int unix_listen(const char* path) {
  int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  if (fd < 0) die("socket");
  struct sockaddr_un sa = {0};
  sa.sun_family = AF_UNIX;
  strncpy(sa.sun_path, path, sizeof sa.sun_path - 1);
  if (bind(fd, (struct sockaddr*)&sa, sizeof sa) < 0) die("bind");
  if (listen(fd, 128) < 0) die("listen");
  return fd;
}

static int unix_connect(const char* path) {
  int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  if (fd < 0) die("socket");
  struct sockaddr_un sa = {0};
  sa.sun_family = AF_UNIX;
  strncpy(sa.sun_path, path, sizeof sa.sun_path - 1);
  if (connect(fd, (struct sockaddr*)&sa, sizeof sa) < 0) die("connect");
  return fd;
}

static void write_all(int fd, const char* buf, size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, buf, len);
    if (n < 0) die("write");
    buf += n;
    len -= (size_t)n;
  }
}

// BENCH_EVENT_LOOP=1 (ping-pong): the floor of any event loop, as libuv runs one. The socket is
// non-blocking and every read first waits in epoll_wait for the descriptor to be readable, then
// reads once. A diagnostic: what an event-driven program (Node's net, php-sockets/async) pays at
// least, with no language layer at all.
static int ev_epoll = -1;

static void ev_watch(int fd) {
  if (!getenv("BENCH_EVENT_LOOP")) return;
  int flags = fcntl(fd, F_GETFL);
  if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) die("fcntl");
  ev_epoll = epoll_create1(EPOLL_CLOEXEC);
  if (ev_epoll < 0) die("epoll_create1");
  struct epoll_event ev = {.events = EPOLLIN, .data.fd = fd};
  if (epoll_ctl(ev_epoll, EPOLL_CTL_ADD, fd, &ev) < 0) die("epoll_ctl");
}

static ssize_t ev_read(int fd, char* buf, size_t len) {
  if (ev_epoll >= 0) {
    struct epoll_event ev;
    while (epoll_wait(ev_epoll, &ev, 1, -1) < 0)
      if (errno != EINTR) die("epoll_wait");
  }
  return read(fd, buf, len);
}

// Reads exactly len bytes; 0 at end of stream.
static int read_full(int fd, char* buf, size_t len) {
  size_t got = 0;
  while (got < len) {
    ssize_t n = ev_read(fd, buf + got, len - got);
    if (n < 0) die("read");
    if (n == 0) return 0;
    got += (size_t)n;
  }
  return 1;
}

// pingpong server <tcp|unix> <path|0> <size>: echoes until end of stream.
static void pingpong_server(char** a) {
  int unix_ = strcmp(a[0], "unix") == 0;
  size_t size = (size_t)atol(a[2]);
  int l = unix_ ? unix_listen(a[1]) : tcp_listen(128);
  if (unix_) {
    printf("READY %s\n", a[1]);
    fflush(stdout);
  } else {
    ready_port(l);
  }
  int c = accept(l, NULL, NULL);
  if (c < 0) die("accept");
  ev_watch(c);
  char buf[65536];
  for (;;) {
    ssize_t n = ev_read(c, buf, size);
    if (n < 0) die("read");
    if (n == 0) break;
    write_all(c, buf, (size_t)n);
  }
  close(c);
  close(l);
}

// pingpong client <tcp|unix> <port|path> <size> <warmup> <count>
static void pingpong_client(char** a) {
  int unix_ = strcmp(a[0], "unix") == 0;
  size_t size = (size_t)atol(a[2]);
  long warmup = atol(a[3]), count = atol(a[4]);
  int fd = unix_ ? unix_connect(a[1]) : tcp_connect(atoi(a[1]));
  ev_watch(fd);
  char msg[65536], buf[65536];
  memset(msg, 'x', size);
  double t0 = 0;
  for (long i = 0; i < warmup + count; i++) {
    if (i == warmup) t0 = now();
    write_all(fd, msg, size);
    if (!read_full(fd, buf, size)) die("early end of stream");
  }
  double t = now() - t0;
  close(fd);
  result(count, t);
}

// bulk server <chunk> <total>: reads total bytes in chunk-sized reads, then acks with one byte.
static void bulk_server(char** a) {
  size_t chunk = (size_t)atol(a[0]);
  long long total = atoll(a[1]);
  int l = tcp_listen(128);
  ready_port(l);
  int c = accept(l, NULL, NULL);
  if (c < 0) die("accept");
  char* buf = malloc(chunk);
  long long got = 0;
  while (got < total) {
    ssize_t n = read(c, buf, chunk);
    if (n < 0) die("read");
    if (n == 0) die("early end of stream");
    got += n;
  }
  write_all(c, "k", 1);
  read(c, buf, 1);
  close(c);
  close(l);
}

// bulk client <port> <chunk> <total>: writes total bytes in chunk-sized writes, waits for the ack.
static void bulk_client(char** a) {
  int fd = tcp_connect(atoi(a[0]));
  size_t chunk = (size_t)atol(a[1]);
  long long total = atoll(a[2]);
  char* buf = malloc(chunk);
  memset(buf, 'x', chunk);
  double t0 = now();
  for (long long sent = 0; sent < total; sent += (long long)chunk) write_all(fd, buf, chunk);
  char ack;
  if (!read_full(fd, &ack, 1)) die("no ack");
  double t = now() - t0;
  close(fd);
  result(total, t);
}

// accept server <total>: accept and close, total times.
static void accept_server(char** a) {
  long total = atol(a[0]);
  int l = tcp_listen(128);
  ready_port(l);
  for (long i = 0; i < total; i++) {
    int c = accept(l, NULL, NULL);
    if (c < 0) die("accept");
    close(c);
  }
  close(l);
}

// accept client <port> <warmup> <count>: connect, wait for the server's close, close.
static void accept_client(char** a) {
  int port = atoi(a[0]);
  long warmup = atol(a[1]), count = atol(a[2]);
  char buf[1];
  double t0 = 0;
  for (long i = 0; i < warmup + count; i++) {
    if (i == warmup) t0 = now();
    int fd = tcp_connect(port);
    if (read(fd, buf, 1) != 0) die("expected end of stream");
    close(fd);
  }
  result(count, now() - t0);
}

// select server <conns>: accepts conns connections, then poll()s all of them and echoes what
// arrives until one reaches end of stream. The floor for socket_select / stream_select.
static void select_server(char** a) {
  long n = atol(a[0]);
  int l = tcp_listen(4096);
  ready_port(l);
  struct pollfd* p = calloc((size_t)n, sizeof *p);
  for (long i = 0; i < n; i++) {
    p[i].fd = accept(l, NULL, NULL);
    if (p[i].fd < 0) die("accept");
    p[i].events = POLLIN;
  }
  char buf[8192];
  for (;;) {
    int r = poll(p, (nfds_t)n, -1);
    if (r < 0) die("poll");
    for (long i = 0; i < n && r > 0; i++) {
      if (!p[i].revents) continue;
      r--;
      ssize_t k = read(p[i].fd, buf, sizeof buf);
      if (k <= 0) goto done;
      write_all(p[i].fd, buf, (size_t)k);
    }
  }
done:
  for (long i = 0; i < n; i++) close(p[i].fd);
  close(l);
}

// Opening thousands of connections: a pause after every 1,024 lets a server on the same CPU
// accept them before its accept queue (backlog 4,096) fills, the kernel drops a SYN, and
// connect() waits a second to retry.
static void pace(long i) {
  if (i % 1024 == 1023) usleep(2000);
}

// many server <clients>: the floor for the stream_select server: poll()s the listener and every
// connection, accepts when the listener is readable, echoes what arrives, until one connection
// reaches end of stream.
static void many_server(char** a) {
  long n = atol(a[0]);
  int l = tcp_listen(128);
  ready_port(l);
  struct pollfd* p = calloc((size_t)n + 1, sizeof *p);
  long m = 0;
  p[m].fd = l;
  p[m++].events = POLLIN;
  char buf[8192];
  for (;;) {
    int r = poll(p, (nfds_t)m, -1);
    if (r < 0) die("poll");
    long had = m;
    for (long i = 0; i < had && r > 0; i++) {
      if (!p[i].revents) continue;
      r--;
      if (p[i].fd == l) {
        int c = accept(l, NULL, NULL);
        if (c < 0) die("accept");
        if (m <= n) {
          p[m].fd = c;
          p[m++].events = POLLIN;
        }
        continue;
      }
      ssize_t k = read(p[i].fd, buf, sizeof buf);
      if (k <= 0) goto done;
      write_all(p[i].fd, buf, (size_t)k);
    }
  }
done:
  for (long i = 0; i < m; i++) close(p[i].fd);
}

// select client <port> <idle> <warmup> <count>: the common load generator. Opens idle
// connections that never send, then one active connection doing 1-byte round trips.
static void select_client(char** a) {
  int port = atoi(a[0]);
  long idle = atol(a[1]), warmup = atol(a[2]), count = atol(a[3]);
  int* fds = calloc((size_t)idle + 1, sizeof *fds);
  for (long i = 0; i < idle; i++) {
    fds[i] = tcp_connect(port);
    pace(i);
  }
  int fd = tcp_connect(port);
  char b = 'x';
  double t0 = 0;
  for (long i = 0; i < warmup + count; i++) {
    if (i == warmup) t0 = now();
    write_all(fd, &b, 1);
    if (!read_full(fd, &b, 1)) die("early end of stream");
  }
  double t = now() - t0;
  close(fd);
  for (long i = 0; i < idle; i++) close(fds[i]);
  result(count, t);
}

// many client <port> <clients> <rounds>: the common load generator. Connects the clients one
// by one, each making one round trip (so the server, which accepts as it serves, has accepted
// it: none waits in the accept queue), then each timed round sends one byte on every connection
// and waits (poll) until every connection has its byte back.
static void many_client(char** a) {
  int port = atoi(a[0]);
  long n = atol(a[1]), rounds = atol(a[2]);
  struct pollfd* p = calloc((size_t)n, sizeof *p);
  char b = 'x';
  for (long i = 0; i < n; i++) {
    p[i].fd = tcp_connect(port);
    p[i].events = POLLIN;
    write_all(p[i].fd, &b, 1);
    if (!read_full(p[i].fd, &b, 1)) die("early end of stream");
  }
  double t0 = now();
  for (long r = 0; r < rounds; r++) {
    for (long i = 0; i < n; i++) {
      write_all(p[i].fd, &b, 1);
      p[i].events = POLLIN;
    }
    long pending = n;
    while (pending > 0) {
      int k = poll(p, (nfds_t)n, -1);
      if (k < 0) die("poll");
      for (long i = 0; i < n && k > 0; i++) {
        if (!p[i].revents) continue;
        k--;
        ssize_t m = read(p[i].fd, &b, 1);
        if (m <= 0) die("early end of stream");
        p[i].events = 0;
        pending--;
      }
    }
  }
  double t = now() - t0;
  for (long i = 0; i < n; i++) close(p[i].fd);
  result(rounds * n, t);
}

#define CHUNK_OVERHEAD 65536

// overhead <iterations>: nanoseconds per call of the syscalls the overhead rows use.
static void overhead(char** a) {
  long iters = atol(a[0]);
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0) die("socketpair");
  if (fcntl(sv[0], F_SETFL, O_NONBLOCK) < 0) die("fcntl");
  char buf[16];
  double t0 = now();
  for (long i = 0; i < iters; i++) close(-1);
  printf("OVERHEAD close %.2f\n", (now() - t0) * 1e9 / iters);
  t0 = now();
  for (long i = 0; i < iters; i++) write(sv[1], "", 0);
  printf("OVERHEAD write0 %.2f\n", (now() - t0) * 1e9 / iters);
  t0 = now();
  for (long i = 0; i < iters; i++) recv(sv[0], buf, sizeof buf, 0);
  printf("OVERHEAD readEagain %.2f\n", (now() - t0) * 1e9 / iters);
  // 64 KiB written and read back through a blocking socketpair with room for it: the cost of
  // moving a chunk, copies included, with no other process involved.
  int big = 1 << 20;
  for (int i = 0; i < 2; i++) {
    setsockopt(sv[i], SOL_SOCKET, SO_SNDBUF, &big, sizeof big);
    setsockopt(sv[i], SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
  }
  if (fcntl(sv[0], F_SETFL, 0) < 0) die("fcntl");
  static char chunk[CHUNK_OVERHEAD], back[CHUNK_OVERHEAD];
  memset(chunk, 'x', sizeof chunk);
  long chunks = iters / 40;
  t0 = now();
  for (long i = 0; i < chunks; i++) {
    if (write(sv[1], chunk, sizeof chunk) != (ssize_t)sizeof chunk) die("write");
    if (recv(sv[0], back, sizeof back, MSG_WAITALL) != (ssize_t)sizeof back) die("recv");
  }
  printf("OVERHEAD chunkString %.2f\n", (now() - t0) * 1e9 / chunks);
  fflush(stdout);
}

// BENCH_IDLE_THREAD=1: one more thread that only sleeps. A diagnostic floor: the kernel takes a
// slower path for every descriptor lookup (and glibc for every syscall) once a process has a
// second thread, as every Node process does.
static void* idle_thread(void* arg) {
  (void)arg;
  for (;;) pause();
  return NULL;
}

int main(int argc, char** argv) {
  if (getenv("BENCH_IDLE_THREAD")) {
    pthread_t t;
    if (pthread_create(&t, NULL, idle_thread, NULL) != 0) die("pthread_create");
  }
  if (argc < 3) {
    fprintf(stderr, "usage: bench-c <workload> <role> <args...>\n");
    return 2;
  }
  const char* w = argv[1];
  const char* r = argv[2];
  char** a = argv + 3;
  if (strcmp(w, "overhead") == 0) overhead(argv + 2);
  else if (!strcmp(w, "pingpong") && !strcmp(r, "server")) pingpong_server(a);
  else if (!strcmp(w, "pingpong") && !strcmp(r, "client")) pingpong_client(a);
  else if (!strcmp(w, "bulk") && !strcmp(r, "server")) bulk_server(a);
  else if (!strcmp(w, "bulk") && !strcmp(r, "client")) bulk_client(a);
  else if (!strcmp(w, "accept") && !strcmp(r, "server")) accept_server(a);
  else if (!strcmp(w, "accept") && !strcmp(r, "client")) accept_client(a);
  else if (!strcmp(w, "select") && !strcmp(r, "server")) select_server(a);
  else if (!strcmp(w, "many") && !strcmp(r, "server")) many_server(a);
  else if (!strcmp(w, "select") && !strcmp(r, "client")) select_client(a);
  else if (!strcmp(w, "many") && !strcmp(r, "client")) many_client(a);
  else {
    fprintf(stderr, "bench-c: unknown %s %s\n", w, r);
    return 2;
  }
  return 0;
}
