#include "server/page_util.h"

#include <algorithm>

namespace vs::server::page {

std::string ExploitLabel(const model::ExploitInfo& e) {
  std::vector<std::string> parts;
  if (e.kev) parts.push_back("KEV");
  if (!e.exploitdb.empty()) parts.push_back("Exploit-DB");
  if (!e.metasploit.empty()) parts.push_back("Metasploit");
  if (e.poc) parts.push_back("PoC");
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out.empty() ? "—" : out;
}

mstch::map Cell(const std::string& text, const std::string& href) {
  mstch::map m{{"text", text}};
  if (!href.empty()) m["href"] = href;
  return m;
}

mstch::map Badge(const std::string& status) {
  mstch::map m{{"text", status.empty() ? std::string("—") : status}};
  if (status == "ok" || status == "failed" || status == "partial") m["cls"] = "badge-" + status;
  return m;
}

mstch::map Row(mstch::array cells) { return mstch::map{{"cells", std::move(cells)}}; }

mstch::map Table(const std::string& caption, std::vector<std::string> headers, mstch::array rows) {
  mstch::array h;
  for (auto& s : headers) h.push_back(s);
  return mstch::map{{"caption", caption}, {"headers", h}, {"rows", std::move(rows)}};
}

mstch::map Field(const std::string& label, const std::string& name, const std::string& type,
                 bool required) {
  mstch::map f{{"label", label}, {"name", name}, {"required", required}};
  if (!type.empty()) f["type"] = type;
  return f;
}

void AppendEscaped(std::string& out, std::string_view s) {
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char* rep = nullptr;
    switch (s[i]) {
      case '&': rep = "&amp;"; break;
      case '\'': rep = "&#39;"; break;
      case '"': rep = "&quot;"; break;
      case '<': rep = "&lt;"; break;
      case '>': rep = "&gt;"; break;
      case '/': rep = "&#x2F;"; break;
      default: continue;
    }
    out.append(s.substr(start, i - start));
    out += rep;
    start = i + 1;
  }
  out.append(s.substr(start));
}

std::string Url(std::string_view s) { return httplib::detail::encode_query_param(std::string(s)); }

std::string QueryString(const httplib::Request& req, const std::vector<std::string>& drop) {
  std::string out;
  for (const auto& [k, v] : req.params) {
    if (std::find(drop.begin(), drop.end(), k) != drop.end() || v.empty()) continue;
    if (!out.empty()) out += '&';
    out += Url(k) + "=" + Url(v);
  }
  return out;
}

mstch::array Options(const std::vector<std::pair<std::string, std::string>>& opts,
                     const std::vector<std::string>& selected) {
  mstch::array out;
  for (const auto& [value, label] : opts) {
    bool on = std::find(selected.begin(), selected.end(), value) != selected.end();
    out.push_back(mstch::map{{"value", value}, {"label", label}, {"selected", on}});
  }
  return out;
}

std::string SeverityColor(std::string_view severity) {
  if (severity == "critical") return "#7b1020";
  if (severity == "high") return "#d0342c";
  if (severity == "medium") return "#f0a30a";
  if (severity == "low") return "#8fbf5a";
  return "#9aa4ae";
}

std::string TeamLabel(const std::string& team) { return team.empty() ? "(unowned)" : team; }

}  // namespace vs::server::page
