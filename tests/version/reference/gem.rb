# Reference for tests/version/gem_test.cpp: RubyGems' own Gem::Version (RubyGems 3.3.15 on
# Ruby 3.1, Debian 12).
#
#   ruby gem.rb < pairs
# Reads "A<TAB>B" lines and prints, per line, Gem::Version.new(A) <=> Gem::Version.new(B)
# as -1, 0 or 1, or "error <message>" when either side is malformed (ArgumentError).
require "rubygems"

$stdin.set_encoding(Encoding::UTF_8)
out = []
$stdin.each_line do |line|
  a, b = line.chomp("\n").split("\t", 2)
  begin
    out << (Gem::Version.new(a) <=> Gem::Version.new(b)).to_s
  rescue ArgumentError => e
    out << "error #{e.message.tr("\n", " ")}"
  end
end
$stdout.write(out.join("\n") + (out.empty? ? "" : "\n"))
