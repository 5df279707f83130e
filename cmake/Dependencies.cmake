# Third-party libraries, all from Debian 12 packages (scripts/install-deps).
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
find_package(fmt CONFIG REQUIRED)
find_package(simdjson CONFIG REQUIRED)
find_package(nlohmann_json CONFIG REQUIRED)
find_package(pugixml CONFIG REQUIRED)
find_package(tomlplusplus CONFIG REQUIRED)
find_package(yaml-cpp CONFIG REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(PostgreSQL REQUIRED)
find_package(LibArchive REQUIRED)
find_package(ZLIB REQUIRED)
find_package(CURL REQUIRED)
find_package(OpenSSL REQUIRED)

# tl::expected is header-only and has no CMake package on Debian.
find_path(TL_EXPECTED_INCLUDE_DIR tl/expected.hpp REQUIRED)
add_library(vs_tl_expected INTERFACE)
target_include_directories(vs_tl_expected SYSTEM INTERFACE ${TL_EXPECTED_INCLUDE_DIR})

# librpm reads rpm databases (collectors/rpmdb.cpp) and is the reference rpmvercmp in tests.
pkg_check_modules(RPM REQUIRED IMPORTED_TARGET rpm)

if(VS_BUILD_TESTS OR VS_BUILD_BENCH OR VS_FUZZ)
  # Reference implementations for differential tests and benchmarks.
  pkg_check_modules(DPKG REQUIRED libdpkg)
  # libdpkg ships only a non-PIC static archive whose private deps are in the --static set,
  # and every include needs LIBDPKG_VOLATILE_API.
  add_library(vs_dpkg_ref INTERFACE)
  target_include_directories(vs_dpkg_ref INTERFACE ${DPKG_STATIC_INCLUDE_DIRS})
  target_link_directories(vs_dpkg_ref INTERFACE ${DPKG_STATIC_LIBRARY_DIRS})
  target_link_libraries(vs_dpkg_ref INTERFACE ${DPKG_STATIC_LIBRARIES})
  target_compile_definitions(vs_dpkg_ref INTERFACE LIBDPKG_VOLATILE_API=1)
endif()
if(VS_BUILD_TESTS)
  find_package(GTest CONFIG REQUIRED)
endif()
if(VS_BUILD_BENCH)
  find_package(benchmark CONFIG REQUIRED)
endif()
