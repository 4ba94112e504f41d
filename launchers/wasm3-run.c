// wasm3-run: runs a WASI preview-1 command module in Wasm3 (the interpreter), from the command line.
//
//   wasm3 --version
//   wasm3 [--stack-size BYTES] <module.wasm> [guest args...]
//
// Our own driver, built by scripts/provision-runtimes.sh against the Wasm3 0.5.0 sources that the PyPI
// sdist of pywasm3 0.5.0 ships. That sdist has neither Wasm3's command-line app nor its WASI layer
// (m3_api_wasi.c), so the small WASI preview-1 subset a command needs is implemented here, on Wasm3's
// public raw-function API (wasm3.h):
//   - argv = the module's file name, then the guest args; no environment variables; no preopened
//     directories (fd_prestat_get answers EBADF for every fd, so every path call fails);
//   - fds 0, 1, 2 are the process's own stdin, stdout and stderr (read, write, seek, fdstat, filestat);
//   - clocks, random bytes, sched_yield, poll_oneoff on clocks (sleep) and proc_exit;
//   - any other WASI import is left unlinked: Wasm3 traps if the guest calls it.
// Exit code: proc_exit's code; 0 when _start returns; 1 with Wasm3's message on stderr when the module is
// rejected or traps.
//
// WASM3_VERSION_LINE is set by the provisioning script (the one line `--version` prints).

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "wasm3.h"

#ifndef WASM3_VERSION_LINE
#define WASM3_VERSION_LINE "wasm3 " M3_VERSION
#endif

// WASI errno values (preview 1)
enum {
  E_SUCCESS = 0, E_BADF = 8, E_FAULT = 21, E_INVAL = 28, E_IO = 29, E_NOSYS = 52, E_NOTSUP = 58, E_SPIPE = 70,
};

static int guest_argc;
static char **guest_argv;
static int32_t exit_code;

static uint16_t errno_to_wasi(int e) {
  switch (e) {
    case EBADF: return E_BADF;
    case EFAULT: return E_FAULT;
    case EINVAL: return E_INVAL;
    case ESPIPE: return E_SPIPE;
    case ENOSYS: return E_NOSYS;
    case EAGAIN: return 6;
    case EINTR: return 27;
    case EPIPE: return 64;
    case ENOSPC: return 51;
    default: return E_IO;
  }
}

static int is_stdio(uint32_t fd) { return fd <= 2; }

// guest memory access: the raw-function macros hand us _mem; out of bounds traps (address 0 is valid)
#define CHECK(ptr, len)                                                                                  \
  { if ((uint64_t)((uint8_t *)(ptr) - (uint8_t *)_mem) + (uint64_t)(len) > m3_GetMemorySize(runtime))     \
      m3ApiTrap(m3Err_trapOutOfBoundsMemoryAccess); }

static void put_u16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
static void put_u32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put_u64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }
static uint32_t get_u32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t get_u64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

m3ApiRawFunction(wasi_args_sizes_get) {
  m3ApiReturnType(uint32_t)
  m3ApiGetArgMem(uint8_t *, argc_out)
  m3ApiGetArgMem(uint8_t *, size_out)
  CHECK(argc_out, 4);
  CHECK(size_out, 4);
  uint32_t size = 0;
  for (int i = 0; i < guest_argc; i++) size += (uint32_t)strlen(guest_argv[i]) + 1;
  put_u32(argc_out, (uint32_t)guest_argc);
  put_u32(size_out, size);
  m3ApiReturn(E_SUCCESS);
}

m3ApiRawFunction(wasi_args_get) {
  m3ApiReturnType(uint32_t)
  m3ApiGetArg(uint32_t, argv_off)
  m3ApiGetArg(uint32_t, buf_off)
  uint8_t *argv = m3ApiOffsetToPtr(argv_off);
  CHECK(argv, 4 * (uint64_t)guest_argc);
  for (int i = 0; i < guest_argc; i++) {
    size_t n = strlen(guest_argv[i]) + 1;
    uint8_t *dst = m3ApiOffsetToPtr(buf_off);
    CHECK(dst, n);
    memcpy(dst, guest_argv[i], n);
    put_u32(argv + 4 * i, buf_off);
    buf_off += (uint32_t)n;
  }
  m3ApiReturn(E_SUCCESS);
}

m3ApiRawFunction(wasi_environ_sizes_get) {
  m3ApiReturnType(uint32_t)
  m3ApiGetArgMem(uint8_t *, count_out)
  m3ApiGetArgMem(uint8_t *, size_out)
  CHECK(count_out, 4);
  CHECK(size_out, 4);
  put_u32(count_out, 0);
  put_u32(size_out, 0);
  m3ApiReturn(E_SUCCESS);
}

m3ApiRawFunction(wasi_environ_get) {
  m3ApiReturnType(uint32_t)
  m3ApiGetArg(uint32_t, environ_off)
  m3ApiGetArg(uint32_t, buf_off)
  (void)environ_off;
  (void)buf_off;
  m3ApiReturn(E_SUCCESS);
}

// gathers the guest's iovec array into host iovecs (at most 64 at a time, as a short read/write is allowed)
static int gather(IM3Runtime runtime, uint8_t *mem, uint32_t iovs_off, uint32_t n, struct iovec *out, int *count) {
  uint32_t size = m3_GetMemorySize(runtime);
  if (n > 64) n = 64;
  if ((uint64_t)iovs_off + 8ull * n > size) return 0;
  for (uint32_t i = 0; i < n; i++) {
    uint32_t base = get_u32(mem + iovs_off + 8 * i), len = get_u32(mem + iovs_off + 8 * i + 4);
    if ((uint64_t)base + len > size) return 0;
    out[i].iov_base = mem + base;
    out[i].iov_len = len;
  }
  *count = (int)n;
  return 1;
}

m3ApiRawFunction(wasi_fd_write) {
  m3ApiReturnType(uint32_t)
  m3ApiGetArg(uint32_t, fd)
  m3ApiGetArg(uint32_t, iovs_off)
  m3ApiGetArg(uint32_t, iovs_len)
  m3ApiGetArgMem(uint8_t *, nwritten_out)
  CHECK(nwritten_out, 4);
  if (!is_stdio(fd)) m3ApiReturn(E_BADF);
  struct iovec iov[64];
  int count = 0;
  if (!gather(runtime, _mem, iovs_off, iovs_len, iov, &count)) m3ApiTrap(m3Err_trapOutOfBoundsMemoryAccess);
  ssize_t r = count ? writev((int)fd, iov, count) : 0;
  if (r < 0) m3ApiReturn(errno_to_wasi(errno));
  put_u32(nwritten_out, (uint32_t)r);
  m3ApiReturn(E_SUCCESS);
}

m3ApiRawFunction(wasi_fd_read) {
  m3ApiReturnType(uint32_t)
  m3ApiGetArg(uint32_t, fd)
  m3ApiGetArg(uint32_t, iovs_off)
  m3ApiGetArg(uint32_t, iovs_len)
  m3ApiGetArgMem(uint8_t *, nread_out)
  CHECK(nread_out, 4);
  if (!is_stdio(fd)) m3ApiReturn(E_BADF);
  struct iovec iov[64];
  int count = 0;
  if (!gather(runtime, _mem, iovs_off, iovs_len, iov, &count)) m3ApiTrap(m3Err_trapOutOfBoundsMemoryAccess);
  ssize_t r = count ? readv((int)fd, iov, count) : 0;
  if (r < 0) m3ApiReturn(errno_to_wasi(errno));
  put_u32(nread_out, (uint32_t)r);
  m3ApiReturn(E_SUCCESS);
}

m3ApiRawFunction(wasi_fd_close) {
  m3ApiReturnType(uint32_t)
  m3ApiGetArg(uint32_t, fd)
  if (!is_stdio(fd)) m3ApiReturn(E_BADF);
  m3ApiReturn(close((int)fd) == 0 ? E_SUCCESS : errno_to_wasi(errno));
}

m3ApiRawFunction(wasi_fd_seek) {
  m3ApiReturnType(uint32_t)
  m3ApiGetArg(uint32_t, fd)
  m3ApiGetArg(int64_t, offset)
  m3ApiGetArg(uint32_t, whence)
  m3ApiGetArgMem(uint8_t *, newoffset_out)
  CHECK(newoffset_out, 8);
  if (!is_stdio(fd)) m3ApiReturn(E_BADF);
  int w = whence == 0 ? SEEK_SET : whence == 1 ? SEEK_CUR : whence == 2 ? SEEK_END : -1;
  if (w < 0) m3ApiReturn(E_INVAL);
  off_t r = lseek((int)fd, (off_t)offset, w);
  if (r < 0) m3ApiReturn(errno_to_wasi(errno));
  put_u64(newoffset_out, (uint64_t)r);
  m3ApiReturn(E_SUCCESS);
}

static uint8_t host_filetype(int fd, struct stat *st) {
  if (fstat(fd, st) != 0) return 0;
  if (S_ISCHR(st->st_mode)) return 2;
  if (S_ISBLK(st->st_mode)) return 1;
  if (S_ISDIR(st->st_mode)) return 3;
  if (S_ISREG(st->st_mode)) return 4;
  if (S_ISSOCK(st->st_mode)) return 6;
  if (S_ISLNK(st->st_mode)) return 7;
  return 0;  // a pipe: WASI preview 1 has no filetype for it
}

m3ApiRawFunction(wasi_fd_fdstat_get) {
  m3ApiReturnType(uint32_t)
  m3ApiGetArg(uint32_t, fd)
  m3ApiGetArgMem(uint8_t *, out)
  CHECK(out, 24);
  if (!is_stdio(fd)) m3ApiReturn(E_BADF);
  struct stat st;
  memset(out, 0, 24);
  out[0] = host_filetype((int)fd, &st);
  int fl = fcntl((int)fd, F_GETFL);
  uint16_t flags = 0;
  if (fl >= 0 && (fl & O_APPEND)) flags |= 1;
  if (fl >= 0 && (fl & O_NONBLOCK)) flags |= 4;
  put_u16(out + 2, flags);
  // rights: fd_read(2) fd_seek(4) fd_fdstat_set_flags(8) fd_tell(32) fd_write(64) fd_filestat_get(2^21) poll_fd_readwrite(2^27)
  uint64_t rights = (fd == 0 ? 2u : 64u) | 4u | 8u | 32u | (1ull << 21) | (1ull << 27);
  put_u64(out + 8, rights);
  put_u64(out + 16, 0);
  m3ApiReturn(E_SUCCESS);
}

m3ApiRawFunction(wasi_fd_fdstat_set_flags) {
  m3ApiReturnType(uint32_t)
  m3ApiGetArg(uint32_t, fd)
  m3ApiGetArg(uint32_t, flags)
  (void)flags;
  m3ApiReturn(is_stdio(fd) ? E_NOTSUP : E_BADF);
}

m3ApiRawFunction(wasi_fd_filestat_get) {
  m3ApiReturnType(uint32_t)
  m3ApiGetArg(uint32_t, fd)
  m3ApiGetArgMem(uint8_t *, out)
  CHECK(out, 64);
  if (!is_stdio(fd)) m3ApiReturn(E_BADF);
  struct stat st;
  memset(out, 0, 64);
  uint8_t type = host_filetype((int)fd, &st);
  put_u64(out + 0, (uint64_t)st.st_dev);
  put_u64(out + 8, (uint64_t)st.st_ino);
  out[16] = type;
  put_u64(out + 24, (uint64_t)st.st_nlink);
  put_u64(out + 32, (uint64_t)st.st_size);
  put_u64(out + 40, (uint64_t)st.st_atim.tv_sec * 1000000000ull + (uint64_t)st.st_atim.tv_nsec);
  put_u64(out + 48, (uint64_t)st.st_mtim.tv_sec * 1000000000ull + (uint64_t)st.st_mtim.tv_nsec);
  put_u64(out + 56, (uint64_t)st.st_ctim.tv_sec * 1000000000ull + (uint64_t)st.st_ctim.tv_nsec);
  m3ApiReturn(E_SUCCESS);
}

// no preopened directories: every fd answers EBADF, which ends wasi-libc's and Rust's preopen scan
m3ApiRawFunction(wasi_fd_prestat_get) {
  m3ApiReturnType(uint32_t)
  m3ApiGetArg(uint32_t, fd)
  m3ApiGetArg(uint32_t, out_off)
  (void)fd;
  (void)out_off;
  m3ApiReturn(E_BADF);
}

m3ApiRawFunction(wasi_fd_prestat_dir_name) {
  m3ApiReturnType(uint32_t)
  m3ApiGetArg(uint32_t, fd)
  m3ApiGetArg(uint32_t, path_off)
  m3ApiGetArg(uint32_t, path_len)
  (void)fd;
  (void)path_off;
  (void)path_len;
  m3ApiReturn(E_BADF);
}

// path_open: with no directory fd, every open fails as an unknown fd
m3ApiRawFunction(wasi_path_open) {
  m3ApiReturnType(uint32_t)
  m3ApiGetArg(uint32_t, dirfd)
  m3ApiGetArg(uint32_t, dirflags)
  m3ApiGetArg(uint32_t, path_off)
  m3ApiGetArg(uint32_t, path_len)
  m3ApiGetArg(uint32_t, oflags)
  m3ApiGetArg(uint64_t, rights_base)
  m3ApiGetArg(uint64_t, rights_inheriting)
  m3ApiGetArg(uint32_t, fdflags)
  m3ApiGetArg(uint32_t, fd_out)
  (void)dirfd; (void)dirflags; (void)path_off; (void)path_len; (void)oflags;
  (void)rights_base; (void)rights_inheriting; (void)fdflags; (void)fd_out;
  m3ApiReturn(E_BADF);
}

static int host_clock(uint32_t id, clockid_t *out) {
  switch (id) {
    case 0: *out = CLOCK_REALTIME; return 1;
    case 1: *out = CLOCK_MONOTONIC; return 1;
    case 2: *out = CLOCK_PROCESS_CPUTIME_ID; return 1;
    case 3: *out = CLOCK_THREAD_CPUTIME_ID; return 1;
    default: return 0;
  }
}

m3ApiRawFunction(wasi_clock_res_get) {
  m3ApiReturnType(uint32_t)
  m3ApiGetArg(uint32_t, id)
  m3ApiGetArgMem(uint8_t *, out)
  CHECK(out, 8);
  clockid_t c;
  struct timespec ts;
  if (!host_clock(id, &c)) m3ApiReturn(E_INVAL);
  if (clock_getres(c, &ts) != 0) m3ApiReturn(errno_to_wasi(errno));
  put_u64(out, (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec);
  m3ApiReturn(E_SUCCESS);
}

m3ApiRawFunction(wasi_clock_time_get) {
  m3ApiReturnType(uint32_t)
  m3ApiGetArg(uint32_t, id)
  m3ApiGetArg(uint64_t, precision)
  m3ApiGetArgMem(uint8_t *, out)
  (void)precision;
  CHECK(out, 8);
  clockid_t c;
  struct timespec ts;
  if (!host_clock(id, &c)) m3ApiReturn(E_INVAL);
  if (clock_gettime(c, &ts) != 0) m3ApiReturn(errno_to_wasi(errno));
  put_u64(out, (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec);
  m3ApiReturn(E_SUCCESS);
}

m3ApiRawFunction(wasi_random_get) {
  m3ApiReturnType(uint32_t)
  m3ApiGetArgMem(uint8_t *, buf)
  m3ApiGetArg(uint32_t, len)
  CHECK(buf, len);
  uint32_t done = 0;
  while (done < len) {
    ssize_t r = getrandom(buf + done, len - done, 0);
    if (r < 0) {
      if (errno == EINTR) continue;
      m3ApiReturn(errno_to_wasi(errno));
    }
    done += (uint32_t)r;
  }
  m3ApiReturn(E_SUCCESS);
}

m3ApiRawFunction(wasi_sched_yield) {
  m3ApiReturnType(uint32_t)
  m3ApiReturn(E_SUCCESS);
}

// poll_oneoff: clock subscriptions sleep until the earliest one is due; fd subscriptions on 0-2 are
// reported ready at once (a blocking read or write follows), others fail with EBADF.
m3ApiRawFunction(wasi_poll_oneoff) {
  m3ApiReturnType(uint32_t)
  m3ApiGetArgMem(uint8_t *, in)
  m3ApiGetArgMem(uint8_t *, out)
  m3ApiGetArg(uint32_t, nsubs)
  m3ApiGetArgMem(uint8_t *, nevents_out)
  CHECK(in, 48ull * nsubs);
  CHECK(out, 32ull * nsubs);
  CHECK(nevents_out, 4);
  if (nsubs == 0) m3ApiReturn(E_INVAL);
  uint32_t nevents = 0;
  int64_t sleep_ns = -1;
  uint32_t sleeper = 0;
  for (uint32_t i = 0; i < nsubs; i++) {
    const uint8_t *s = in + 48 * i;
    uint8_t tag = s[8];
    if (tag == 0) {
      clockid_t c;
      uint64_t timeout = get_u64(s + 24);
      uint16_t flags;
      memcpy(&flags, s + 40, 2);
      int64_t wait = (int64_t)timeout;
      if (!host_clock(get_u32(s + 16), &c)) continue;
      if (flags & 1) {  // absolute
        struct timespec now;
        clock_gettime(c, &now);
        wait = (int64_t)timeout - ((int64_t)now.tv_sec * 1000000000ll + now.tv_nsec);
        if (wait < 0) wait = 0;
      }
      if (sleep_ns < 0 || wait < sleep_ns) { sleep_ns = wait; sleeper = i; }
    } else {
      uint8_t *e = out + 32 * nevents++;
      memset(e, 0, 32);
      memcpy(e, s, 8);
      put_u16(e + 8, is_stdio(get_u32(s + 16)) ? E_SUCCESS : E_BADF);
      e[10] = tag;
    }
  }
  if (nevents == 0 && sleep_ns >= 0) {
    struct timespec ts = { (time_t)(sleep_ns / 1000000000ll), (long)(sleep_ns % 1000000000ll) };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {}
    uint8_t *e = out;
    memset(e, 0, 32);
    memcpy(e, in + 48 * sleeper, 8);
    e[10] = 0;
    nevents = 1;
  }
  put_u32(nevents_out, nevents);
  m3ApiReturn(E_SUCCESS);
}

m3ApiRawFunction(wasi_proc_exit) {
  m3ApiGetArg(int32_t, code)
  exit_code = code;
  m3ApiTrap(m3Err_trapExit);
}

m3ApiRawFunction(wasi_proc_raise) {
  m3ApiReturnType(uint32_t)
  m3ApiGetArg(uint32_t, sig)
  (void)sig;
  m3ApiReturn(E_NOSYS);
}

struct wasi_fn {
  const char *name, *signature;
  M3RawCall fn;
};

static const struct wasi_fn wasi_fns[] = {
  {"args_get", "i(ii)", wasi_args_get},
  {"args_sizes_get", "i(**)", wasi_args_sizes_get},
  {"environ_get", "i(ii)", wasi_environ_get},
  {"environ_sizes_get", "i(**)", wasi_environ_sizes_get},
  {"fd_write", "i(iii*)", wasi_fd_write},
  {"fd_read", "i(iii*)", wasi_fd_read},
  {"fd_close", "i(i)", wasi_fd_close},
  {"fd_seek", "i(iIi*)", wasi_fd_seek},
  {"fd_fdstat_get", "i(i*)", wasi_fd_fdstat_get},
  {"fd_fdstat_set_flags", "i(ii)", wasi_fd_fdstat_set_flags},
  {"fd_filestat_get", "i(i*)", wasi_fd_filestat_get},
  {"fd_prestat_get", "i(ii)", wasi_fd_prestat_get},
  {"fd_prestat_dir_name", "i(iii)", wasi_fd_prestat_dir_name},
  {"path_open", "i(iiiiiIIii)", wasi_path_open},
  {"clock_res_get", "i(i*)", wasi_clock_res_get},
  {"clock_time_get", "i(iI*)", wasi_clock_time_get},
  {"random_get", "i(*i)", wasi_random_get},
  {"sched_yield", "i()", wasi_sched_yield},
  {"poll_oneoff", "i(**i*)", wasi_poll_oneoff},
  {"proc_exit", "v(i)", wasi_proc_exit},
  {"proc_raise", "i(i)", wasi_proc_raise},
};

static int fail(IM3Runtime runtime, const char *what, M3Result result) {
  M3ErrorInfo info;
  memset(&info, 0, sizeof info);
  if (runtime) m3_GetErrorInfo(runtime, &info);
  if (info.message && info.message[0])
    fprintf(stderr, "wasm3: %s: %s (%s)\n", what, result, info.message);
  else
    fprintf(stderr, "wasm3: %s: %s\n", what, result);
  return 1;
}

static void usage(FILE *f) {
  fprintf(f, "usage: wasm3 [--stack-size BYTES] <module.wasm> [guest args...]\n       wasm3 --version\n");
}

int main(int argc, char **argv) {
  uint32_t stack_size = 64 * 1024;  // Wasm3's own command line's default
  int i = 1;
  for (; i < argc; i++) {
    if (strcmp(argv[i], "--version") == 0) {
      puts(WASM3_VERSION_LINE);
      return 0;
    } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      usage(stdout);
      return 0;
    } else if (strcmp(argv[i], "--stack-size") == 0 && i + 1 < argc) {
      char *end;
      unsigned long v = strtoul(argv[++i], &end, 10);
      if (*end || v < 1024 || v > 0x7fffffffUL) { fprintf(stderr, "wasm3: bad --stack-size '%s'\n", argv[i]); return 2; }
      stack_size = (uint32_t)v;
    } else if (strcmp(argv[i], "--") == 0) {
      i++;
      break;
    } else {
      break;
    }
  }
  if (i >= argc) { usage(stderr); return 2; }
  const char *path = argv[i];

  FILE *f = fopen(path, "rb");
  if (!f) { fprintf(stderr, "wasm3: cannot open %s: %s\n", path, strerror(errno)); return 1; }
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  if (size <= 0) { fprintf(stderr, "wasm3: %s: empty file\n", path); return 1; }
  uint8_t *bytes = malloc((size_t)size);
  if (!bytes || fread(bytes, 1, (size_t)size, f) != (size_t)size) { fprintf(stderr, "wasm3: cannot read %s\n", path); return 1; }
  fclose(f);

  // argv[0] = the module's file name, then the guest's args
  const char *base = strrchr(path, '/');
  guest_argc = argc - i;
  guest_argv = calloc((size_t)guest_argc + 1, sizeof(char *));
  guest_argv[0] = (char *)(base ? base + 1 : path);
  for (int k = 1; k < guest_argc; k++) guest_argv[k] = argv[i + k];

  IM3Environment env = m3_NewEnvironment();
  IM3Runtime runtime = env ? m3_NewRuntime(env, stack_size, NULL) : NULL;
  if (!runtime) { fprintf(stderr, "wasm3: out of memory\n"); return 1; }
  IM3Module module = NULL;
  M3Result result = m3_ParseModule(env, &module, bytes, (uint32_t)size);
  if (result) return fail(NULL, "parse", result);
  result = m3_LoadModule(runtime, module);
  if (result) return fail(runtime, "load", result);
  for (size_t k = 0; k < sizeof wasi_fns / sizeof wasi_fns[0]; k++) {
    result = m3_LinkRawFunction(module, "wasi_snapshot_preview1", wasi_fns[k].name, wasi_fns[k].signature, wasi_fns[k].fn);
    if (result && result != m3Err_functionLookupFailed) return fail(runtime, wasi_fns[k].name, result);
  }
  IM3Function start;
  result = m3_FindFunction(&start, runtime, "_start");
  if (result) return fail(runtime, "_start", result);
  result = m3_CallV(start);
  fflush(stdout);
  if (result == m3Err_trapExit) return exit_code;
  if (result) return fail(runtime, "run", result);
  return 0;
}
