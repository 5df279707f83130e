// Page templates (mustache, rendered with mstch: {{x}} is HTML-escaped, {{{x}}} is not and is
// used only for markup the server itself built, such as SVG charts). The files live in
// src/server/templates/*.html and are compiled into the binary.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace vs::server {

struct TemplateFile {
  std::string_view name;  // File name without ".html".
  std::string_view text;
};

std::span<const TemplateFile> TemplateFiles();

}  // namespace vs::server
