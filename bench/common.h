// Helpers shared by the benchmark programs: wall-clock timing, resident memory, and loading
// the advisory data a benchmark runs on.
#pragma once

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

#include <time.h>

namespace vs::bench {

inline double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// CPU time of the whole process (all threads) in seconds: on a shared machine, records per
// CPU-second is the per-core rate even when the scheduler hands our threads less than a core.
inline double CpuNow() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Resident set size of this process in MiB (VmRSS), or -1.
inline double ResidentMiB() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  }
  return -1;
}

// Peak resident set size (VmHWM) in MiB, or -1.
inline double PeakResidentMiB() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  }
  return -1;
}

}  // namespace vs::bench
