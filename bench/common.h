// Helpers shared by the benchmark programs: wall-clock timing, resident memory, and loading
// the advisory data a benchmark runs on.
#pragma once

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

namespace vs::bench {

inline double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
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
