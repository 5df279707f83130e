// Small helpers shared by the page handlers (pages*.cpp): mstch table cells, URL encoding,
// labels. Internal to src/server.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <httplib.h>
#include <mstch/mstch.hpp>

#include "model/finding.h"

namespace vs::server::page {

// "KEV, Exploit-DB, PoC" or "—".
std::string ExploitLabel(const model::ExploitInfo& e);

// A table cell for templates/table.html: text, optionally a link.
mstch::map Cell(const std::string& text, const std::string& href = "");
// A cell shown as a status badge (class "badge-<status>": ok, failed, partial).
mstch::map Badge(const std::string& status);
mstch::map Row(mstch::array cells);
// A captioned table for templates/table.html.
mstch::map Table(const std::string& caption, std::vector<std::string> headers, mstch::array rows);
// A form field for templates/table.html.
mstch::map Field(const std::string& label, const std::string& name, const std::string& type = "",
                 bool required = false);

// Appends `s` HTML-escaped exactly as mstch escapes {{x}} (& ' " < > and /), for markup that
// pages build in C++ where a template loop is too slow (the findings table).
void AppendEscaped(std::string& out, std::string_view s);

// Percent-encodes one query value or path segment.
std::string Url(std::string_view s);

// The request's query string without the parameters named in `drop`, percent-encoded and
// in a stable order, for links that keep the filter state.
std::string QueryString(const httplib::Request& req, const std::vector<std::string>& drop);

// <option> entries with `selected` set for values in `selected`.
mstch::array Options(const std::vector<std::pair<std::string, std::string>>& opts,
                     const std::vector<std::string>& selected);

// The fill colour of a severity in charts and the class suffix of badges.
std::string SeverityColor(std::string_view severity);

// "(unowned)" for the empty team.
std::string TeamLabel(const std::string& team);

}  // namespace vs::server::page
