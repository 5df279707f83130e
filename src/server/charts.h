// Charts drawn on the server as inline SVG: pure functions from data to markup, so pages need
// no JavaScript and the CSP needs no exception. Every text the caller passes is HTML-escaped;
// colours and links are validated. Thread-safe (no state).
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace vs::server::charts {

struct Bar {
  std::string label;  // Shown left of the bar (escaped).
  int64_t value = 0;
  std::string color;  // "#rrggbb"; anything else falls back to a neutral grey.
  std::string href;   // Optional link around the row; only local paths ("/…") are kept.
};

// A horizontal bar chart, one row per bar, bars scaled to the largest value, the value printed
// after each bar. Returns an <svg> element with role="img" and `title` as its accessible name;
// an empty `bars` gives a chart that says "no data".
std::string BarChart(std::span<const Bar> bars, const std::string& title, int width = 480);

struct Point {
  std::string label;  // X label, e.g. a date "2024-05-01" (escaped; first and last are shown).
  int64_t value = 0;
};

// A line chart of `points` in order (oldest first), y from 0 to the largest value (labelled),
// the first and last x labels under the axis and a <title> per point for hover text. Returns
// an <svg> element; fewer than one point gives a chart that says "no data".
std::string LineChart(std::span<const Point> points, const std::string& title, int width = 640,
                      int height = 180);

}  // namespace vs::server::charts
