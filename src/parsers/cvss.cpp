#include "parsers/cvss.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <span>
#include <string>

namespace vs::parsers {
namespace {

// One metric of a vector: its abbreviation, the values the spec allows ('|'-separated) and
// whether the vector is invalid without it.
struct MetricDef {
  std::string_view name;
  std::string_view values;
  bool mandatory;
};

// CVSS v2 Guide §3.2.1 (vector table). Base metrics first; indexes below follow this order.
constexpr std::array kV2Metrics = {
    MetricDef{"AV", "L|A|N", true},        MetricDef{"AC", "H|M|L", true},
    MetricDef{"Au", "M|S|N", true},        MetricDef{"C", "N|P|C", true},
    MetricDef{"I", "N|P|C", true},         MetricDef{"A", "N|P|C", true},
    MetricDef{"E", "U|POC|F|H|ND", false}, MetricDef{"RL", "OF|TF|W|U|ND", false},
    MetricDef{"RC", "UC|UR|C|ND", false},  MetricDef{"CDP", "N|L|LM|MH|H|ND", false},
    MetricDef{"TD", "N|L|M|H|ND", false},  MetricDef{"CR", "L|M|H|ND", false},
    MetricDef{"IR", "L|M|H|ND", false},    MetricDef{"AR", "L|M|H|ND", false},
};

// CVSS v3.1 specification §6 Table 15 (identical metric set in v3.0).
constexpr std::array kV3Metrics = {
    MetricDef{"AV", "N|A|L|P", true},     MetricDef{"AC", "L|H", true},
    MetricDef{"PR", "N|L|H", true},       MetricDef{"UI", "N|R", true},
    MetricDef{"S", "U|C", true},          MetricDef{"C", "H|L|N", true},
    MetricDef{"I", "H|L|N", true},        MetricDef{"A", "H|L|N", true},
    MetricDef{"E", "X|U|P|F|H", false},   MetricDef{"RL", "X|O|T|W|U", false},
    MetricDef{"RC", "X|U|R|C", false},    MetricDef{"CR", "X|L|M|H", false},
    MetricDef{"IR", "X|L|M|H", false},    MetricDef{"AR", "X|L|M|H", false},
    MetricDef{"MAV", "X|N|A|L|P", false}, MetricDef{"MAC", "X|L|H", false},
    MetricDef{"MPR", "X|N|L|H", false},   MetricDef{"MUI", "X|N|R", false},
    MetricDef{"MS", "X|U|C", false},      MetricDef{"MC", "X|N|L|H", false},
    MetricDef{"MI", "X|N|L|H", false},    MetricDef{"MA", "X|N|L|H", false},
};

// CVSS v4.0 specification §7 (vector string table): 11 mandatory base metrics, then threat,
// environmental and supplemental metrics.
constexpr std::array kV4Metrics = {
    MetricDef{"AV", "N|A|L|P", true},     MetricDef{"AC", "L|H", true},
    MetricDef{"AT", "N|P", true},         MetricDef{"PR", "N|L|H", true},
    MetricDef{"UI", "N|P|A", true},       MetricDef{"VC", "H|L|N", true},
    MetricDef{"VI", "H|L|N", true},       MetricDef{"VA", "H|L|N", true},
    MetricDef{"SC", "H|L|N", true},       MetricDef{"SI", "H|L|N", true},
    MetricDef{"SA", "H|L|N", true},       MetricDef{"E", "X|A|P|U", false},
    MetricDef{"CR", "X|H|M|L", false},    MetricDef{"IR", "X|H|M|L", false},
    MetricDef{"AR", "X|H|M|L", false},    MetricDef{"MAV", "X|N|A|L|P", false},
    MetricDef{"MAC", "X|L|H", false},     MetricDef{"MAT", "X|N|P", false},
    MetricDef{"MPR", "X|N|L|H", false},   MetricDef{"MUI", "X|N|P|A", false},
    MetricDef{"MVC", "X|H|L|N", false},   MetricDef{"MVI", "X|H|L|N", false},
    MetricDef{"MVA", "X|H|L|N", false},   MetricDef{"MSC", "X|H|L|N", false},
    MetricDef{"MSI", "X|S|H|L|N", false}, MetricDef{"MSA", "X|S|H|L|N", false},
    MetricDef{"S", "X|N|P", false},       MetricDef{"AU", "X|N|Y", false},
    MetricDef{"R", "X|A|U|I", false},     MetricDef{"V", "X|D|C", false},
    MetricDef{"RE", "X|L|M|H", false},    MetricDef{"U", "X|Clear|Green|Amber|Red", false},
};

constexpr size_t kMaxMetrics = 32;
static_assert(kV4Metrics.size() <= kMaxMetrics && kV3Metrics.size() <= kMaxMetrics);

// Values found, indexed like the table; an empty view means "not given".
using Values = std::array<std::string_view, kMaxMetrics>;

bool IsAllowed(std::string_view allowed, std::string_view value) {
  while (!allowed.empty()) {
    size_t bar = allowed.find('|');
    if (allowed.substr(0, bar) == value) return true;
    if (bar == std::string_view::npos) break;
    allowed.remove_prefix(bar + 1);
  }
  return false;
}

tl::unexpected<Error> Invalid(std::string message) {
  return Fail(ErrorCode::kInvalidInput, "cvss: " + std::move(message));
}

// Splits "AV:N/AC:L/..." into the metrics of `defs`. Names and values are case-sensitive
// (v3.1 §6, v4.0 §7).
Result<Values> SplitMetrics(std::string_view body, std::span<const MetricDef> defs) {
  Values values{};
  if (body.empty()) return Invalid("no metrics");
  while (true) {
    size_t slash = body.find('/');
    std::string_view part = body.substr(0, slash);
    size_t colon = part.find(':');
    if (part.empty()) return Invalid("empty component");
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == part.size()) {
      return Invalid("malformed component \"" + std::string(part) + "\"");
    }
    std::string_view name = part.substr(0, colon);
    std::string_view value = part.substr(colon + 1);
    size_t i = 0;
    while (i < defs.size() && defs[i].name != name) ++i;
    if (i == defs.size()) return Invalid("unknown metric \"" + std::string(name) + "\"");
    if (!values[i].empty()) return Invalid("duplicate metric " + std::string(name));
    if (!IsAllowed(defs[i].values, value)) {
      return Invalid("bad value \"" + std::string(value) + "\" for " + std::string(name));
    }
    values[i] = value;
    if (slash == std::string_view::npos) break;
    body.remove_prefix(slash + 1);
  }
  for (size_t i = 0; i < defs.size(); ++i) {
    if (defs[i].mandatory && values[i].empty()) {
      return Invalid("missing mandatory metric " + std::string(defs[i].name));
    }
  }
  return values;
}

// ---- CVSS v2 (Guide §3.2.1 base equation) ----

double V2Score(const Values& v) {
  auto av = v[0][0] == 'L' ? 0.395 : v[0][0] == 'A' ? 0.646 : 1.0;
  auto ac = v[1][0] == 'H' ? 0.35 : v[1][0] == 'M' ? 0.61 : 0.71;
  auto au = v[2][0] == 'M' ? 0.45 : v[2][0] == 'S' ? 0.56 : 0.704;
  auto cia = [](std::string_view x) { return x[0] == 'N' ? 0.0 : x[0] == 'P' ? 0.275 : 0.660; };
  double impact = 10.41 * (1 - (1 - cia(v[3])) * (1 - cia(v[4])) * (1 - cia(v[5])));
  double exploitability = 20 * av * ac * au;
  // f(Impact) = 0 when Impact = 0; return +0.0 rather than a signed zero from the product.
  if (impact == 0) return 0.0;
  double base = ((0.6 * impact) + (0.4 * exploitability) - 1.5) * 1.176;
  return std::round(base * 10) / 10;
}

// ---- CVSS v3.x (v3.1 specification §7.1 base equations) ----

// v3.1 Appendix A: rounds up to one decimal, working on an integer scaled by 100000 so that
// floating-point noise (4.000000000000001) does not push a score up by 0.1.
double Roundup31(double x) {
  long long scaled = std::llround(x * 100000);
  if (scaled % 10000 == 0) return static_cast<double>(scaled) / 100000.0;
  return static_cast<double>(scaled / 10000 + 1) / 10.0;
}

// v3.0 §7.4 defines Roundup as the smallest one-decimal number >= x; FIRST's v3.0 calculator
// computes it as ceil(x * 10) / 10, which scores published for 3.0 vectors follow.
double Roundup30(double x) { return std::ceil(x * 10) / 10; }

double V3Score(const Values& v, bool v31) {
  bool changed = v[4][0] == 'C';
  char avc = v[0][0], acc = v[1][0], prc = v[2][0];
  double av = avc == 'N' ? 0.85 : avc == 'A' ? 0.62 : avc == 'L' ? 0.55 : 0.2;
  double ac = acc == 'L' ? 0.77 : 0.44;
  // Privileges Required weighs more when the scope changes (Table 16 notes).
  double pr = prc == 'N' ? 0.85 : prc == 'L' ? (changed ? 0.68 : 0.62) : (changed ? 0.5 : 0.27);
  double ui = v[3][0] == 'N' ? 0.85 : 0.62;
  auto cia = [](std::string_view x) { return x[0] == 'H' ? 0.56 : x[0] == 'L' ? 0.22 : 0.0; };
  double iss = 1 - ((1 - cia(v[5])) * (1 - cia(v[6])) * (1 - cia(v[7])));
  double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * std::pow(iss - 0.02, 15) : 6.42 * iss;
  double exploitability = 8.22 * av * ac * pr * ui;
  if (impact <= 0) return 0.0;
  double raw = changed ? std::min(1.08 * (impact + exploitability), 10.0)
                       : std::min(impact + exploitability, 10.0);
  return v31 ? Roundup31(raw) : Roundup30(raw);
}

// ---- CVSS v4.0 (specification §8.2; FIRST reference calculator cvss_score.js) ----
//
// The score of the vector's MacroVector (six equivalence-class levels EQ1..EQ6) comes from
// the expert-ranked table below; it is then lowered by the mean of the per-EQ proportional
// distances between the vector and the most severe vectors of its MacroVector. The arithmetic
// is done in the same order as the reference calculator so results match it bit for bit.

struct MacroScore {
  std::string_view macro;  // "EQ1 EQ2 EQ3 EQ4 EQ5 EQ6" levels as six digits.
  double score;
};

// cvss_lookup.js of the FIRST/Red Hat reference calculator: all 270 MacroVectors.
constexpr std::array<MacroScore, 270> kMacroScores = {{
    {"000000", 10},  {"000001", 9.9}, {"000010", 9.8}, {"000011", 9.5}, {"000020", 9.5},
    {"000021", 9.2}, {"000100", 10},  {"000101", 9.6}, {"000110", 9.3}, {"000111", 8.7},
    {"000120", 9.1}, {"000121", 8.1}, {"000200", 9.3}, {"000201", 9},   {"000210", 8.9},
    {"000211", 8},   {"000220", 8.1}, {"000221", 6.8}, {"001000", 9.8}, {"001001", 9.5},
    {"001010", 9.5}, {"001011", 9.2}, {"001020", 9},   {"001021", 8.4}, {"001100", 9.3},
    {"001101", 9.2}, {"001110", 8.9}, {"001111", 8.1}, {"001120", 8.1}, {"001121", 6.5},
    {"001200", 8.8}, {"001201", 8},   {"001210", 7.8}, {"001211", 7},   {"001220", 6.9},
    {"001221", 4.8}, {"002001", 9.2}, {"002011", 8.2}, {"002021", 7.2}, {"002101", 7.9},
    {"002111", 6.9}, {"002121", 5},   {"002201", 6.9}, {"002211", 5.5}, {"002221", 2.7},
    {"010000", 9.9}, {"010001", 9.7}, {"010010", 9.5}, {"010011", 9.2}, {"010020", 9.2},
    {"010021", 8.5}, {"010100", 9.5}, {"010101", 9.1}, {"010110", 9},   {"010111", 8.3},
    {"010120", 8.4}, {"010121", 7.1}, {"010200", 9.2}, {"010201", 8.1}, {"010210", 8.2},
    {"010211", 7.1}, {"010220", 7.2}, {"010221", 5.3}, {"011000", 9.5}, {"011001", 9.3},
    {"011010", 9.2}, {"011011", 8.5}, {"011020", 8.5}, {"011021", 7.3}, {"011100", 9.2},
    {"011101", 8.2}, {"011110", 8},   {"011111", 7.2}, {"011120", 7},   {"011121", 5.9},
    {"011200", 8.4}, {"011201", 7},   {"011210", 7.1}, {"011211", 5.2}, {"011220", 5},
    {"011221", 3},   {"012001", 8.6}, {"012011", 7.5}, {"012021", 5.2}, {"012101", 7.1},
    {"012111", 5.2}, {"012121", 2.9}, {"012201", 6.3}, {"012211", 2.9}, {"012221", 1.7},
    {"100000", 9.8}, {"100001", 9.5}, {"100010", 9.4}, {"100011", 8.7}, {"100020", 9.1},
    {"100021", 8.1}, {"100100", 9.4}, {"100101", 8.9}, {"100110", 8.6}, {"100111", 7.4},
    {"100120", 7.7}, {"100121", 6.4}, {"100200", 8.7}, {"100201", 7.5}, {"100210", 7.4},
    {"100211", 6.3}, {"100220", 6.3}, {"100221", 4.9}, {"101000", 9.4}, {"101001", 8.9},
    {"101010", 8.8}, {"101011", 7.7}, {"101020", 7.6}, {"101021", 6.7}, {"101100", 8.6},
    {"101101", 7.6}, {"101110", 7.4}, {"101111", 5.8}, {"101120", 5.9}, {"101121", 5},
    {"101200", 7.2}, {"101201", 5.7}, {"101210", 5.7}, {"101211", 5.2}, {"101220", 5.2},
    {"101221", 2.5}, {"102001", 8.3}, {"102011", 7},   {"102021", 5.4}, {"102101", 6.5},
    {"102111", 5.8}, {"102121", 2.6}, {"102201", 5.3}, {"102211", 2.1}, {"102221", 1.3},
    {"110000", 9.5}, {"110001", 9},   {"110010", 8.8}, {"110011", 7.6}, {"110020", 7.6},
    {"110021", 7},   {"110100", 9},   {"110101", 7.7}, {"110110", 7.5}, {"110111", 6.2},
    {"110120", 6.1}, {"110121", 5.3}, {"110200", 7.7}, {"110201", 6.6}, {"110210", 6.8},
    {"110211", 5.9}, {"110220", 5.2}, {"110221", 3},   {"111000", 8.9}, {"111001", 7.8},
    {"111010", 7.6}, {"111011", 6.7}, {"111020", 6.2}, {"111021", 5.8}, {"111100", 7.4},
    {"111101", 5.9}, {"111110", 5.7}, {"111111", 5.7}, {"111120", 4.7}, {"111121", 2.3},
    {"111200", 6.1}, {"111201", 5.2}, {"111210", 5.7}, {"111211", 2.9}, {"111220", 2.4},
    {"111221", 1.6}, {"112001", 7.1}, {"112011", 5.9}, {"112021", 3},   {"112101", 5.8},
    {"112111", 2.6}, {"112121", 1.5}, {"112201", 2.3}, {"112211", 1.3}, {"112221", 0.6},
    {"200000", 9.3}, {"200001", 8.7}, {"200010", 8.6}, {"200011", 7.2}, {"200020", 7.5},
    {"200021", 5.8}, {"200100", 8.6}, {"200101", 7.4}, {"200110", 7.4}, {"200111", 6.1},
    {"200120", 5.6}, {"200121", 3.4}, {"200200", 7},   {"200201", 5.4}, {"200210", 5.2},
    {"200211", 4},   {"200220", 4},   {"200221", 2.2}, {"201000", 8.5}, {"201001", 7.5},
    {"201010", 7.4}, {"201011", 5.5}, {"201020", 6.2}, {"201021", 5.1}, {"201100", 7.2},
    {"201101", 5.7}, {"201110", 5.5}, {"201111", 4.1}, {"201120", 4.6}, {"201121", 1.9},
    {"201200", 5.3}, {"201201", 3.6}, {"201210", 3.4}, {"201211", 1.9}, {"201220", 1.9},
    {"201221", 0.8}, {"202001", 6.4}, {"202011", 5.1}, {"202021", 2},   {"202101", 4.7},
    {"202111", 2.1}, {"202121", 1.1}, {"202201", 2.4}, {"202211", 0.9}, {"202221", 0.4},
    {"210000", 8.8}, {"210001", 7.5}, {"210010", 7.3}, {"210011", 5.3}, {"210020", 6},
    {"210021", 5},   {"210100", 7.3}, {"210101", 5.5}, {"210110", 5.9}, {"210111", 4},
    {"210120", 4.1}, {"210121", 2},   {"210200", 5.4}, {"210201", 4.3}, {"210210", 4.5},
    {"210211", 2.2}, {"210220", 2},   {"210221", 1.1}, {"211000", 7.5}, {"211001", 5.5},
    {"211010", 5.8}, {"211011", 4.5}, {"211020", 4},   {"211021", 2.1}, {"211100", 6.1},
    {"211101", 5.1}, {"211110", 4.8}, {"211111", 1.8}, {"211120", 2},   {"211121", 0.9},
    {"211200", 4.6}, {"211201", 1.8}, {"211210", 1.7}, {"211211", 0.7}, {"211220", 0.8},
    {"211221", 0.2}, {"212001", 5.3}, {"212011", 2.4}, {"212021", 1.4}, {"212101", 2.4},
    {"212111", 1.2}, {"212121", 0.5}, {"212201", 1},   {"212211", 0.3}, {"212221", 0.1},
}};

// Dense index over the digit ranges EQ1 0-2, EQ2 0-1, EQ3 0-2, EQ4 0-2, EQ5 0-2, EQ6 0-1.
struct Macro {
  int eq[6];
};
constexpr int kDigitRange[6] = {3, 2, 3, 3, 3, 2};
constexpr size_t kDenseSize = 3 * 2 * 3 * 3 * 3 * 2;

constexpr int DenseIndex(const int (&eq)[6]) {
  int index = 0;
  for (int i = 0; i < 6; ++i) {
    if (eq[i] < 0 || eq[i] >= kDigitRange[i]) return -1;
    index = index * kDigitRange[i] + eq[i];
  }
  return index;
}

constexpr std::array<double, kDenseSize> BuildDense() {
  std::array<double, kDenseSize> dense{};
  for (double& d : dense) d = -1;
  for (const MacroScore& m : kMacroScores) {
    int eq[6];
    for (int i = 0; i < 6; ++i) eq[i] = m.macro[i] - '0';
    dense[DenseIndex(eq)] = m.score;
  }
  return dense;
}
constexpr std::array<double, kDenseSize> kDense = BuildDense();
static_assert(std::count_if(kDense.begin(), kDense.end(), [](double d) { return d > 0; }) == 270,
              "every MacroVector must be listed exactly once");

// Score of a MacroVector, or NaN when it does not exist (as `lookup[...]` is undefined in
// the reference calculator and arithmetic on it yields NaN).
double MacroLookup(const Macro& m) {
  int i = DenseIndex(m.eq);
  if (i < 0 || kDense[i] < 0) return std::nan("");
  return kDense[i];
}

// Effective metric values of the vector being scored (one letter each). With base metrics
// only: E = A (X defaults to the worst case), CR = IR = AR = H, no MSI/MSA.
struct V4 {
  char av, ac, at, pr, ui, vc, vi, va, sc, si, sa, e, cr, ir, ar;
};

// Severity levels per metric (cvss_score.js *_levels); smaller is more severe.
double LevelAv(char c) { return c == 'N' ? 0.0 : c == 'A' ? 0.1 : c == 'L' ? 0.2 : 0.3; }
double LevelPr(char c) { return c == 'N' ? 0.0 : c == 'L' ? 0.1 : 0.2; }
double LevelUi(char c) { return c == 'N' ? 0.0 : c == 'P' ? 0.1 : 0.2; }
double LevelAc(char c) { return c == 'L' ? 0.0 : 0.1; }
double LevelAt(char c) { return c == 'N' ? 0.0 : 0.1; }
double LevelVcia(char c) { return c == 'H' ? 0.0 : c == 'L' ? 0.1 : 0.2; }
double LevelSc(char c) { return c == 'H' ? 0.1 : c == 'L' ? 0.2 : 0.3; }
double LevelSia(char c) { return c == 'S' ? 0.0 : c == 'H' ? 0.1 : c == 'L' ? 0.2 : 0.3; }
double LevelReq(char c) { return c == 'H' ? 0.0 : c == 'M' ? 0.1 : 0.2; }

// The most severe vectors of each EQ level (max_composed.js), as metric letters.
struct Eq1Max {
  char av, pr, ui;
};
struct Eq2Max {
  char ac, at;
};
struct Eq36Max {
  char vc, vi, va, cr, ir, ar;
};
struct Eq4Max {
  char sc, si, sa;
};

std::span<const Eq1Max> Eq1Maxes(int level) {
  static constexpr Eq1Max k0[] = {{'N', 'N', 'N'}};
  static constexpr Eq1Max k1[] = {{'A', 'N', 'N'}, {'N', 'L', 'N'}, {'N', 'N', 'P'}};
  static constexpr Eq1Max k2[] = {{'P', 'N', 'N'}, {'A', 'L', 'P'}};
  if (level == 0) return k0;
  if (level == 1) return k1;
  return k2;
}

std::span<const Eq2Max> Eq2Maxes(int level) {
  static constexpr Eq2Max k0[] = {{'L', 'N'}};
  static constexpr Eq2Max k1[] = {{'H', 'N'}, {'L', 'P'}};
  return level == 0 ? std::span<const Eq2Max>(k0) : std::span<const Eq2Max>(k1);
}

// EQ3 and EQ6 are scored jointly.
std::span<const Eq36Max> Eq36Maxes(int eq3, int eq6) {
  static constexpr Eq36Max k00[] = {{'H', 'H', 'H', 'H', 'H', 'H'}};
  static constexpr Eq36Max k01[] = {{'H', 'H', 'L', 'M', 'M', 'H'}, {'H', 'H', 'H', 'M', 'M', 'M'}};
  static constexpr Eq36Max k10[] = {{'L', 'H', 'H', 'H', 'H', 'H'}, {'H', 'L', 'H', 'H', 'H', 'H'}};
  static constexpr Eq36Max k11[] = {{'L', 'H', 'L', 'H', 'M', 'H'},
                                    {'L', 'H', 'H', 'H', 'M', 'M'},
                                    {'H', 'L', 'H', 'M', 'H', 'M'},
                                    {'H', 'L', 'L', 'M', 'H', 'H'},
                                    {'L', 'L', 'H', 'H', 'H', 'M'}};
  static constexpr Eq36Max k21[] = {{'L', 'L', 'L', 'H', 'H', 'H'}};
  if (eq3 == 0) return eq6 == 0 ? std::span<const Eq36Max>(k00) : std::span<const Eq36Max>(k01);
  if (eq3 == 1) return eq6 == 0 ? std::span<const Eq36Max>(k10) : std::span<const Eq36Max>(k11);
  return k21;  // EQ3 = 2 only exists with EQ6 = 1.
}

std::span<const Eq4Max> Eq4Maxes(int level) {
  static constexpr Eq4Max k0[] = {{'H', 'S', 'S'}};
  static constexpr Eq4Max k1[] = {{'H', 'H', 'H'}};
  static constexpr Eq4Max k2[] = {{'L', 'L', 'L'}};
  if (level == 0) return k0;
  if (level == 1) return k1;
  return k2;
}

// max_severity.js: depth of each EQ level in severity steps (+1).
int MaxSeverityEq1(int l) { return l == 0 ? 1 : l == 1 ? 4 : 5; }
int MaxSeverityEq2(int l) { return l == 0 ? 1 : 2; }
int MaxSeverityEq36(int eq3, int eq6) {
  if (eq3 == 0) return eq6 == 0 ? 7 : 6;
  if (eq3 == 1) return 8;
  return 10;
}
int MaxSeverityEq4(int l) { return l == 0 ? 6 : l == 1 ? 5 : 4; }

Macro MacroOf(const V4& m) {
  Macro out{};
  // EQ1: 0 = AV:N and PR:N and UI:N; 1 = (AV:N or PR:N or UI:N) and not all three, and not
  // AV:P; 2 = AV:P or none of AV:N, PR:N, UI:N.
  if (m.av == 'N' && m.pr == 'N' && m.ui == 'N') {
    out.eq[0] = 0;
  } else if ((m.av == 'N' || m.pr == 'N' || m.ui == 'N') && m.av != 'P') {
    out.eq[0] = 1;
  } else {
    out.eq[0] = 2;
  }
  out.eq[1] = (m.ac == 'L' && m.at == 'N') ? 0 : 1;
  if (m.vc == 'H' && m.vi == 'H') {
    out.eq[2] = 0;
  } else if (m.vc == 'H' || m.vi == 'H' || m.va == 'H') {
    out.eq[2] = 1;
  } else {
    out.eq[2] = 2;
  }
  if (m.si == 'S' || m.sa == 'S') {
    out.eq[3] = 0;
  } else if (m.sc == 'H' || m.si == 'H' || m.sa == 'H') {
    out.eq[3] = 1;
  } else {
    out.eq[3] = 2;
  }
  out.eq[4] = m.e == 'A' ? 0 : m.e == 'P' ? 1 : 2;
  out.eq[5] =
      ((m.cr == 'H' && m.vc == 'H') || (m.ir == 'H' && m.vi == 'H') || (m.ar == 'H' && m.va == 'H'))
          ? 0
          : 1;
  return out;
}

Macro Lowered(Macro m, int eq_index, int by = 1) {
  m.eq[eq_index] += by;
  return m;
}

double V4Score(const V4& m) {
  // No impact on the vulnerable or subsequent systems scores 0 (spec §8.2 exception).
  if (m.vc == 'N' && m.vi == 'N' && m.va == 'N' && m.sc == 'N' && m.si == 'N' && m.sa == 'N') {
    return 0.0;
  }
  const Macro macro = MacroOf(m);
  const int eq1 = macro.eq[0], eq2 = macro.eq[1], eq3 = macro.eq[2], eq4 = macro.eq[3],
            eq6 = macro.eq[5];
  double value = MacroLookup(macro);

  // 1a. Maximal scoring difference per EQ: this MacroVector's score minus the next lower
  // one's; NaN (ignored below) when there is none.
  double lower_eq1 = MacroLookup(Lowered(macro, 0));
  double lower_eq2 = MacroLookup(Lowered(macro, 1));
  double lower_eq36;
  if (eq3 == 0 && eq6 == 0) {
    // 00 can go down to 01 or 10: the higher of the two (a NaN on the left loses, as `>` does).
    double left = MacroLookup(Lowered(macro, 5));
    double right = MacroLookup(Lowered(macro, 2));
    lower_eq36 = left > right ? left : right;
  } else if (eq3 == 1 && eq6 == 0) {
    lower_eq36 = MacroLookup(Lowered(macro, 5));  // 10 -> 11
  } else if (eq3 == 2) {
    lower_eq36 = MacroLookup(Lowered(Lowered(macro, 2), 5));  // 21 -> 32 (does not exist)
  } else {
    lower_eq36 = MacroLookup(Lowered(macro, 2));  // 01 -> 11, 11 -> 21
  }
  double lower_eq4 = MacroLookup(Lowered(macro, 3));
  double lower_eq5 = MacroLookup(Lowered(macro, 4));

  // 1b. Severity distance from the first most-severe vector of the MacroVector that is at
  // least as severe in every metric (the last candidate if none is).
  double d_av = 0, d_pr = 0, d_ui = 0, d_ac = 0, d_at = 0, d_vc = 0, d_vi = 0, d_va = 0;
  double d_sc = 0, d_si = 0, d_sa = 0, d_cr = 0, d_ir = 0, d_ar = 0;
  bool found = false;
  for (const Eq1Max& x1 : Eq1Maxes(eq1)) {
    for (const Eq2Max& x2 : Eq2Maxes(eq2)) {
      for (const Eq36Max& x36 : Eq36Maxes(eq3, eq6)) {
        for (const Eq4Max& x4 : Eq4Maxes(eq4)) {
          // EQ5 has a single most-severe vector per level whose distance is always 0.
          d_av = LevelAv(m.av) - LevelAv(x1.av);
          d_pr = LevelPr(m.pr) - LevelPr(x1.pr);
          d_ui = LevelUi(m.ui) - LevelUi(x1.ui);
          d_ac = LevelAc(m.ac) - LevelAc(x2.ac);
          d_at = LevelAt(m.at) - LevelAt(x2.at);
          d_vc = LevelVcia(m.vc) - LevelVcia(x36.vc);
          d_vi = LevelVcia(m.vi) - LevelVcia(x36.vi);
          d_va = LevelVcia(m.va) - LevelVcia(x36.va);
          d_sc = LevelSc(m.sc) - LevelSc(x4.sc);
          d_si = LevelSia(m.si) - LevelSia(x4.si);
          d_sa = LevelSia(m.sa) - LevelSia(x4.sa);
          d_cr = LevelReq(m.cr) - LevelReq(x36.cr);
          d_ir = LevelReq(m.ir) - LevelReq(x36.ir);
          d_ar = LevelReq(m.ar) - LevelReq(x36.ar);
          found = d_av >= 0 && d_pr >= 0 && d_ui >= 0 && d_ac >= 0 && d_at >= 0 && d_vc >= 0 &&
                  d_vi >= 0 && d_va >= 0 && d_sc >= 0 && d_si >= 0 && d_sa >= 0 && d_cr >= 0 &&
                  d_ir >= 0 && d_ar >= 0;
          if (found) break;
        }
        if (found) break;
      }
      if (found) break;
    }
    if (found) break;
  }
  double dist_eq1 = d_av + d_pr + d_ui;
  double dist_eq2 = d_ac + d_at;
  double dist_eq36 = d_vc + d_vi + d_va + d_cr + d_ir + d_ar;
  double dist_eq4 = d_sc + d_si + d_sa;

  // 1c/1d. Proportion of the MacroVector's depth, times the maximal scoring difference.
  constexpr double kStep = 0.1;
  int n_lower = 0;
  double n_eq1 = 0, n_eq2 = 0, n_eq36 = 0, n_eq4 = 0, n_eq5 = 0;
  double avail_eq1 = value - lower_eq1, avail_eq2 = value - lower_eq2;
  double avail_eq36 = value - lower_eq36, avail_eq4 = value - lower_eq4;
  double avail_eq5 = value - lower_eq5;
  if (!std::isnan(avail_eq1)) {
    ++n_lower;
    n_eq1 = avail_eq1 * (dist_eq1 / (MaxSeverityEq1(eq1) * kStep));
  }
  if (!std::isnan(avail_eq2)) {
    ++n_lower;
    n_eq2 = avail_eq2 * (dist_eq2 / (MaxSeverityEq2(eq2) * kStep));
  }
  if (!std::isnan(avail_eq36)) {
    ++n_lower;
    n_eq36 = avail_eq36 * (dist_eq36 / (MaxSeverityEq36(eq3, eq6) * kStep));
  }
  if (!std::isnan(avail_eq4)) {
    ++n_lower;
    n_eq4 = avail_eq4 * (dist_eq4 / (MaxSeverityEq4(eq4) * kStep));
  }
  if (!std::isnan(avail_eq5)) {
    ++n_lower;
    n_eq5 = avail_eq5 * 0;  // EQ5's proportion is always 0.
  }
  // 2. Mean of the proportional distances; 3. subtract, clamp to 0..10, round half up.
  double mean = n_lower == 0 ? 0 : (n_eq1 + n_eq2 + n_eq36 + n_eq4 + n_eq5) / n_lower;
  value -= mean;
  if (value < 0) value = 0.0;
  if (value > 10) value = 10.0;
  // The interpolation can land one ULP below an x.x5 tie (8.6 - 7.15 = 1.4499999999999993);
  // the reference implementations lift by 1e-6 before rounding half up (Red Hat
  // cvss-v4-calculator issue #66 / PR #67, Python `cvss` final_rounding with EPSILON = 10**-6).
  constexpr double kEpsilon = 1e-6;
  return std::round((value + kEpsilon) * 10) / 10;
}

V4 V4BaseMetrics(const Values& v) {
  return V4{v[0][0], v[1][0], v[2][0],  v[3][0], v[4][0], v[5][0], v[6][0], v[7][0],
            v[8][0], v[9][0], v[10][0], 'A',     'H',     'H',     'H'};
}

std::string_view TrimSpace(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

}  // namespace

Result<CvssScore> ParseCvss(std::string_view vector) {
  vector = TrimSpace(vector);
  if (vector.empty()) return Invalid("empty vector");
  if (vector.substr(0, 5) != "CVSS:") {
    // v2 vectors carry no prefix (v2 Guide §2.4).
    auto values = SplitMetrics(vector, kV2Metrics);
    if (!values) return Fail(values.error());
    return CvssScore{CvssVersion::kV2, V2Score(*values)};
  }
  size_t slash = vector.find('/');
  std::string_view prefix = vector.substr(0, slash);
  std::string_view body = slash == std::string_view::npos ? "" : vector.substr(slash + 1);
  if (prefix == "CVSS:3.1" || prefix == "CVSS:3.0") {
    auto values = SplitMetrics(body, kV3Metrics);
    if (!values) return Fail(values.error());
    bool v31 = prefix == "CVSS:3.1";
    return CvssScore{v31 ? CvssVersion::kV31 : CvssVersion::kV30, V3Score(*values, v31)};
  }
  if (prefix == "CVSS:4.0") {
    auto values = SplitMetrics(body, kV4Metrics);
    if (!values) return Fail(values.error());
    return CvssScore{CvssVersion::kV40, V4Score(V4BaseMetrics(*values))};
  }
  return Invalid("unsupported version \"" + std::string(prefix) + "\"");
}

Result<double> CvssBaseScore(std::string_view vector) {
  auto parsed = ParseCvss(vector);
  if (!parsed) return Fail(parsed.error());
  return parsed->score;
}

}  // namespace vs::parsers
