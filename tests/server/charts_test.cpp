// The SVG chart functions: escaping, scaling, validation of colours and links, empty data.
#include "server/charts.h"

#include <regex>
#include <vector>

#include <gtest/gtest.h>

namespace vs::server::charts {
namespace {

int Count(const std::string& s, const std::string& needle) {
  int n = 0;
  for (size_t at = 0; (at = s.find(needle, at)) != std::string::npos; at += needle.size()) ++n;
  return n;
}

std::vector<int> RectWidths(const std::string& svg) {
  std::vector<int> out;
  std::regex re(R"re(<rect x="\d+" y="\d+" width="(\d+)")re");
  for (std::sregex_iterator it(svg.begin(), svg.end(), re), end; it != end; ++it)
    out.push_back(std::stoi((*it)[1]));
  return out;
}

TEST(BarChart, OneRowPerBarScaledToTheLargest) {
  std::vector<Bar> bars = {
      {"critical", 10, "#7b1020", ""}, {"high", 5, "#d0342c", ""}, {"low", 0, "#8fbf5a", ""}};
  std::string svg = BarChart(bars, "By severity", 480);
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_EQ(svg.substr(svg.size() - 6), "</svg>");
  EXPECT_TRUE(svg.find("role=\"img\"") != std::string::npos);
  EXPECT_TRUE(svg.find("<title>By severity</title>") != std::string::npos);
  std::vector<int> w = RectWidths(svg);
  ASSERT_EQ(w.size(), 3u);
  EXPECT_EQ(w[0], 480 - 110 - 60);  // The largest fills the track.
  EXPECT_EQ(w[1], w[0] / 2);
  EXPECT_EQ(w[2], 0);
  EXPECT_TRUE(svg.find(">10</text>") != std::string::npos);
  EXPECT_TRUE(svg.find("fill=\"#7b1020\"") != std::string::npos);
}

TEST(BarChart, SmallNonZeroValuesStayVisible) {
  std::vector<Bar> bars = {{"a", 100000, "", ""}, {"b", 1, "", ""}};
  std::vector<int> w = RectWidths(BarChart(bars, "t"));
  ASSERT_EQ(w.size(), 2u);
  EXPECT_GE(w[1], 2);
}

TEST(BarChart, LabelsAndTitleAreEscaped) {
  std::vector<Bar> bars = {{"<script>alert(1)</script>", 3, "", ""}, {"a\"b&c'd", 1, "", ""}};
  std::string svg = BarChart(bars, "x</title><script>y</script>");
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  EXPECT_NE(svg.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(svg.find("a&quot;b&amp;c&#39;d"), std::string::npos);
  EXPECT_EQ(Count(svg, "</title>"), 1 + 2);  // The chart's and one per bar, none injected.
}

TEST(BarChart, OnlyHexColoursAndLocalLinksPass) {
  std::vector<Bar> bars = {{"a", 1, "red\" onload=\"x", "javascript:alert(1)"},
                           {"b", 1, "#12345g", "//evil.example/"},
                           {"c", 1, "#aBc123", "/findings?severity=high&team=a\"b"}};
  std::string svg = BarChart(bars, "t");
  EXPECT_EQ(svg.find("onload"), std::string::npos);
  EXPECT_EQ(svg.find("javascript:"), std::string::npos);
  EXPECT_EQ(svg.find("evil.example"), std::string::npos);
  EXPECT_EQ(Count(svg, "fill=\"#9aa4ae\""), 2);
  EXPECT_NE(svg.find("fill=\"#aBc123\""), std::string::npos);
  EXPECT_EQ(Count(svg, "<a href="), 1);
  EXPECT_NE(svg.find("<a href=\"/findings?severity=high&amp;team=a&quot;b\">"), std::string::npos);
}

TEST(BarChart, EmptySaysNoData) {
  std::string svg = BarChart({}, "Nothing");
  EXPECT_NE(svg.find("No data yet"), std::string::npos);
  EXPECT_EQ(svg.find("<rect"), std::string::npos);
}

TEST(LineChart, OnePointPerValueAndAxisLabels) {
  std::vector<Point> pts;
  for (int i = 0; i < 90; ++i) pts.push_back({"2024-01-" + std::to_string(i), i % 7});
  pts.front().label = "2024-01-01";
  pts.back().label = "2024-03-30";
  std::string svg = LineChart(pts, "Trend", 640, 180);
  EXPECT_EQ(Count(svg, "<circle"), 90);
  EXPECT_EQ(Count(svg, "<polyline"), 1);
  EXPECT_NE(svg.find(">2024-01-01</text>"), std::string::npos);
  EXPECT_NE(svg.find(">2024-03-30</text>"), std::string::npos);
  EXPECT_NE(svg.find(">6</text>"), std::string::npos);  // The y maximum.
  std::smatch m;
  ASSERT_TRUE(std::regex_search(svg, m, std::regex(R"re(points="([^"]+)")re")));
  EXPECT_EQ(Count(m[1].str(), ","), 90);
}

TEST(LineChart, PointsStayInsideTheViewBox) {
  std::vector<Point> pts = {{"a", 0}, {"b", 1000000}, {"c", -5}};
  std::string svg = LineChart(pts, "t", 300, 100);
  std::regex re(R"re(cx="([\d.]+)" cy="([\d.]+)")re");
  int n = 0;
  for (std::sregex_iterator it(svg.begin(), svg.end(), re), end; it != end; ++it, ++n) {
    double x = std::stod((*it)[1]), y = std::stod((*it)[2]);
    EXPECT_GE(x, 0);
    EXPECT_LE(x, 300);
    EXPECT_GE(y, 0);
    EXPECT_LE(y, 100);
  }
  EXPECT_EQ(n, 3);
}

TEST(LineChart, LabelsAreEscapedAndEmptySaysNoData) {
  std::vector<Point> pts = {{"<img src=x onerror=alert(1)>", 1}, {"&", 2}};
  std::string svg = LineChart(pts, "<t>");
  EXPECT_EQ(svg.find("<img"), std::string::npos);
  EXPECT_NE(svg.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
  EXPECT_NE(svg.find("<title>&lt;t&gt;</title>"), std::string::npos);
  EXPECT_NE(LineChart({}, "t").find("No data yet"), std::string::npos);
}

}  // namespace
}  // namespace vs::server::charts
