#include "server/charts.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "server/context.h"

namespace vs::server::charts {
namespace {

constexpr const char* kGrey = "#9aa4ae";
constexpr int kRowHeight = 24;
constexpr int kLabelWidth = 110;
constexpr int kValueWidth = 60;

// Only "#rrggbb": a colour goes into an attribute, so nothing else may pass.
std::string SafeColor(const std::string& c) {
  if (c.size() != 7 || c[0] != '#') return kGrey;
  for (size_t i = 1; i < c.size(); ++i)
    if (!std::isxdigit(static_cast<unsigned char>(c[i]))) return kGrey;
  return c;
}

// Local paths only ("/x", not "//host" or "javascript:"), escaped for the attribute.
std::string SafeHref(const std::string& href) {
  if (href.size() < 1 || href[0] != '/' || (href.size() > 1 && (href[1] == '/' || href[1] == '\\')))
    return "";
  return EscapeHtml(href);
}

std::string Open(const std::string& title, int width, int height) {
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" "
      "aria-label=\"{0}\" width=\"{1}\" height=\"{2}\" viewBox=\"0 0 {1} {2}\">"
      "<title>{0}</title>",
      EscapeHtml(title), width, height);
}

std::string NoData(const std::string& title, int width) {
  return Open(title, width, 40) +
         "<text x=\"8\" y=\"24\" fill=\"#6b7580\" font-size=\"13\">No data yet</text></svg>";
}

}  // namespace

std::string BarChart(std::span<const Bar> bars, const std::string& title, int width) {
  if (bars.empty()) return NoData(title, width);
  width = std::max(width, kLabelWidth + kValueWidth + 40);
  int64_t max = 1;
  for (const Bar& b : bars) max = std::max(max, b.value);
  const int track = width - kLabelWidth - kValueWidth;
  const int height = static_cast<int>(bars.size()) * kRowHeight + 4;
  std::string out = Open(title, width, height);
  int y = 2;
  for (const Bar& b : bars) {
    int64_t v = std::max<int64_t>(b.value, 0);
    int w = static_cast<int>(static_cast<double>(v) * track / static_cast<double>(max));
    if (v > 0) w = std::max(w, 2);  // A non-zero count stays visible.
    std::string href = SafeHref(b.href);
    std::string row = fmt::format(
        "<g><title>{0}: {1}</title>"
        "<text x=\"{2}\" y=\"{3}\" text-anchor=\"end\" font-size=\"13\" fill=\"#1d232a\">{0}</text>"
        "<rect x=\"{4}\" y=\"{5}\" width=\"{6}\" height=\"{7}\" rx=\"2\" fill=\"{8}\"/>"
        "<text x=\"{9}\" y=\"{3}\" font-size=\"13\" fill=\"#1d232a\">{1}</text></g>",
        EscapeHtml(b.label), v, kLabelWidth - 8, y + 16, kLabelWidth, y + 3, w, kRowHeight - 6,
        SafeColor(b.color), kLabelWidth + w + 6);
    out += href.empty() ? row : "<a href=\"" + href + "\">" + row + "</a>";
    y += kRowHeight;
  }
  return out + "</svg>";
}

std::string LineChart(std::span<const Point> points, const std::string& title, int width,
                      int height) {
  if (points.empty()) return NoData(title, width);
  width = std::max(width, 200);
  height = std::max(height, 80);
  const int left = 48, right = 12, top = 10, bottom = 24;
  const double plot_w = width - left - right;
  const double plot_h = height - top - bottom;
  int64_t max = 1;
  for (const Point& p : points) max = std::max(max, p.value);
  auto x_of = [&](size_t i) {
    return points.size() == 1
               ? left + plot_w / 2
               : left + plot_w * static_cast<double>(i) / static_cast<double>(points.size() - 1);
  };
  auto y_of = [&](int64_t v) {
    return top + plot_h -
           plot_h * static_cast<double>(std::max<int64_t>(v, 0)) / static_cast<double>(max);
  };
  std::string out = Open(title, width, height);
  // Axes and the two y labels (0 and the maximum).
  out += fmt::format(
      "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2:.1f}\" stroke=\"#c5ccd3\"/>"
      "<line x1=\"{0}\" y1=\"{2:.1f}\" x2=\"{3}\" y2=\"{2:.1f}\" stroke=\"#c5ccd3\"/>"
      "<text x=\"{4}\" y=\"{5}\" text-anchor=\"end\" font-size=\"11\" fill=\"#6b7580\">{6}</text>"
      "<text x=\"{4}\" y=\"{7:.1f}\" text-anchor=\"end\" font-size=\"11\" "
      "fill=\"#6b7580\">0</text>",
      left, top, top + plot_h, width - right, left - 6, top + 8, max, top + plot_h);
  std::string pts;
  for (size_t i = 0; i < points.size(); ++i)
    pts += fmt::format("{}{:.1f},{:.1f}", i ? " " : "", x_of(i), y_of(points[i].value));
  out += "<polyline fill=\"none\" stroke=\"#2f6fb0\" stroke-width=\"2\" points=\"" + pts + "\"/>";
  for (size_t i = 0; i < points.size(); ++i)
    out += fmt::format(
        "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"2.5\" fill=\"#2f6fb0\"><title>{}: {}</title>"
        "</circle>",
        x_of(i), y_of(points[i].value), EscapeHtml(points[i].label), points[i].value);
  const double label_y = height - 6;
  out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\" fill=\"#6b7580\">{}</text>",
                     x_of(0), label_y, EscapeHtml(points.front().label));
  if (points.size() > 1)
    out += fmt::format(
        "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\" font-size=\"11\" "
        "fill=\"#6b7580\">{}</text>",
        x_of(points.size() - 1), label_y, EscapeHtml(points.back().label));
  return out + "</svg>";
}

}  // namespace vs::server::charts
