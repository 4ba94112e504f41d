// process-meter: runs one command as a fresh process and reports what the kernel accounted for it.
//   process-meter --out FILE [--timeout-ms N] [--no-ptrace] -- command [args...]
// The command's stdin, stdout and stderr are inherited. FILE gets one JSON object:
//   wallNs     CLOCK_MONOTONIC from just before fork to the reaping of the child
//   userUs, sysUs, maxRssKiB   the child's rusage from wait4 (ru_maxrss: its peak resident set)
//   vmPeakKiB, vmHwmKiB        VmPeak / VmHWM of /proc/<pid>/status, read when the child's main thread
//                              stops at its exit (ptrace PTRACE_EVENT_EXIT), before its memory is released;
//                              null when ptrace is not permitted or --no-ptrace is given (then "note" says which)
//   exitCode, signal, timedOut, execError
// Nothing is polled: one stop at each exec, one at exit, and one per signal delivered to the main thread.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t timed_out = 0;
static volatile pid_t child = 0;

static void on_alarm(int sig) {
  (void)sig;
  timed_out = 1;
  if (child > 0) kill(child, SIGKILL);
}

static void on_stop_request(int sig) {
  if (child > 0) kill(child, SIGKILL);
  signal(sig, SIG_DFL);
  raise(sig);
}

static long long now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static long status_kib(pid_t pid, const char *field) {
  char path[64], line[256];
  snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
  FILE *file = fopen(path, "r");
  if (!file) return -1;
  long value = -1;
  size_t length = strlen(field);
  while (fgets(line, sizeof line, file)) {
    if (strncmp(line, field, length) == 0 && line[length] == ':') {
      value = strtol(line + length + 1, NULL, 10);
      break;
    }
  }
  fclose(file);
  return value;
}

static void json_string(FILE *out, const char *text) {
  fputc('"', out);
  for (const char *c = text; *c; c++) {
    if (*c == '"' || *c == '\\') fprintf(out, "\\%c", *c);
    else if ((unsigned char)*c < 0x20) fprintf(out, "\\u%04x", *c);
    else fputc(*c, out);
  }
  fputc('"', out);
}

static void usage(void) {
  fprintf(stderr, "usage: process-meter --out FILE [--timeout-ms N] -- command [args...]\n");
  exit(2);
}

int main(int argc, char **argv) {
  const char *out_path = NULL;
  long timeout_ms = 0;
  int want_trace = 1;
  int index = 1;
  for (; index < argc; index++) {
    if (strcmp(argv[index], "--") == 0) { index++; break; }
    if (strcmp(argv[index], "--out") == 0 && index + 1 < argc) out_path = argv[++index];
    else if (strcmp(argv[index], "--timeout-ms") == 0 && index + 1 < argc) timeout_ms = strtol(argv[++index], NULL, 10);
    else if (strcmp(argv[index], "--no-ptrace") == 0) want_trace = 0;
    else usage();
  }
  if (!out_path || index >= argc) usage();
  char **command = argv + index;

  int exec_pipe[2];
  if (pipe2(exec_pipe, O_CLOEXEC) != 0) { perror("process-meter: pipe"); return 70; }
  signal(SIGINT, on_stop_request);
  signal(SIGTERM, on_stop_request);
  signal(SIGHUP, on_stop_request);

  long long started = now_ns();
  pid_t meter = getpid();
  pid_t pid = fork();
  if (pid < 0) { perror("process-meter: fork"); return 70; }
  if (pid == 0) {
    // the program dies with the meter. And a meter killed before the PTRACE_TRACEME below would leave init
    // as the tracer, which never resumes the stop at exec (seen: a node process in tracing stop, ppid 1)
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != meter) _exit(127);
    close(exec_pipe[0]);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    int traced = want_trace && ptrace(PTRACE_TRACEME, 0, NULL, NULL) == 0;
    if (want_trace && !traced) {
      int code = -errno;  // negative: ptrace refused, go on untraced
      if (write(exec_pipe[1], &code, sizeof code) < 0) _exit(127);
    }
    execvp(command[0], command);
    int code = errno;
    if (write(exec_pipe[1], &code, sizeof code) < 0) _exit(127);
    _exit(127);
  }
  child = pid;
  close(exec_pipe[1]);
  int traced = want_trace, exec_errno = 0, code = 0;
  ssize_t got;
  while ((got = read(exec_pipe[0], &code, sizeof code)) == sizeof code) {
    if (code < 0) traced = 0; else exec_errno = code;
  }
  close(exec_pipe[0]);

  if (timeout_ms > 0) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_alarm;
    sigaction(SIGALRM, &action, NULL);  // no SA_RESTART: wait4 returns EINTR, then waits again
    struct itimerval timer = { { 0, 0 }, { timeout_ms / 1000, (timeout_ms % 1000) * 1000 } };
    setitimer(ITIMER_REAL, &timer, NULL);
  }

  long vm_peak = -1, vm_hwm = -1;
  int status = 0, first_stop = 1;
  struct rusage usage;
  memset(&usage, 0, sizeof usage);
  for (;;) {
    pid_t waited = wait4(pid, &status, 0, &usage);
    if (waited < 0) {
      if (errno == EINTR) continue;
      perror("process-meter: wait4");
      return 70;
    }
    if (WIFEXITED(status) || WIFSIGNALED(status)) break;
    if (!WIFSTOPPED(status)) continue;
    int stop_signal = WSTOPSIG(status);
    int inject = 0;
    if (traced && first_stop && stop_signal == SIGTRAP) {
      first_stop = 0;  // the stop at exec
      ptrace(PTRACE_SETOPTIONS, pid, NULL, (void *)(PTRACE_O_TRACEEXIT | PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL));
    } else if (status >> 8 == (SIGTRAP | (PTRACE_EVENT_EXIT << 8))) {
      vm_peak = status_kib(pid, "VmPeak");
      vm_hwm = status_kib(pid, "VmHWM");
    } else if (status >> 16 == 0) {
      inject = stop_signal;  // a signal for the program: deliver it (an exec event is not one)
    }
    ptrace(PTRACE_CONT, pid, NULL, (void *)(long)inject);
  }
  long long wall = now_ns() - started;

  FILE *out = fopen(out_path, "w");
  if (!out) { perror("process-meter: opening --out"); return 70; }
  fprintf(out, "{\"wallNs\":%lld,\"userUs\":%lld,\"sysUs\":%lld,\"maxRssKiB\":%ld,", wall,
          (long long)usage.ru_utime.tv_sec * 1000000LL + usage.ru_utime.tv_usec,
          (long long)usage.ru_stime.tv_sec * 1000000LL + usage.ru_stime.tv_usec, usage.ru_maxrss);
  if (vm_peak >= 0) fprintf(out, "\"vmPeakKiB\":%ld,\"vmHwmKiB\":%ld,", vm_peak, vm_hwm);
  else fprintf(out, "\"vmPeakKiB\":null,\"vmHwmKiB\":null,");
  if (WIFEXITED(status)) fprintf(out, "\"exitCode\":%d,\"signal\":null,", WEXITSTATUS(status));
  else fprintf(out, "\"exitCode\":null,\"signal\":\"%s\",", sigabbrev_np(WTERMSIG(status)) ? sigabbrev_np(WTERMSIG(status)) : "?");
  fprintf(out, "\"timedOut\":%s,\"execError\":", timed_out ? "true" : "false");
  if (exec_errno) json_string(out, strerror(exec_errno)); else fputs("null", out);
  fprintf(out, ",\"note\":");
  if (!want_trace) json_string(out, "--no-ptrace: VmPeak/VmHWM not read");
  else if (!traced) json_string(out, "ptrace not permitted: VmPeak/VmHWM not read");
  else fputs("null", out);
  fputs("}\n", out);
  fclose(out);
  return 0;
}
