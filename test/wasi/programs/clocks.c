/* clocks.c - Clocks and sleeping: the values differ from run to run, their
 * properties do not. */

#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static int64_t ns(clockid_t c) {
  struct timespec t;
  if (clock_gettime(c, &t) != 0)
    return -1;
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

int main(void) {
  struct timespec res;
  printf("realtime res ok: %d\n", clock_getres(CLOCK_REALTIME, &res) == 0 &&
                                      res.tv_sec == 0 && res.tv_nsec > 0);
  printf("monotonic res ok: %d\n",
         clock_getres(CLOCK_MONOTONIC, &res) == 0 && res.tv_nsec > 0);
  int64_t real = ns(CLOCK_REALTIME);
  printf("realtime after 2020: %d\n", real > 1577836800ll * 1000000000);
  printf("time() agrees: %d\n", (long long)time(NULL) - real / 1000000000 <= 1);
  int64_t before = ns(CLOCK_MONOTONIC);
  struct timespec nap = {0, 20 * 1000 * 1000};
  printf("nanosleep: %d\n", nanosleep(&nap, NULL));
  int64_t after = ns(CLOCK_MONOTONIC);
  printf("slept at least 20ms: %d\n", after - before >= 20000000);
  printf("slept less than 2s: %d\n", after - before < 2000000000);
  before = ns(CLOCK_MONOTONIC);
  usleep(5000);
  printf("usleep 5ms: %d\n", ns(CLOCK_MONOTONIC) - before >= 5000000);
  printf("monotonic never goes back: %d\n", ns(CLOCK_MONOTONIC) >= after);
  volatile uint64_t sum = 0;
  int64_t cpu0 = ns(CLOCK_PROCESS_CPUTIME_ID);
  for (uint64_t i = 0; i < 20000000; ++i)
    sum += i;
  printf("process cputime advances: %d\n", ns(CLOCK_PROCESS_CPUTIME_ID) > cpu0);
  struct tm tm;
  time_t fixed = 1234567890;
  gmtime_r(&fixed, &tm);
  char text[64];
  strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &tm);
  printf("gmtime: %s\n", text);
  return 0;
}
