#include "cli/commands.h"

int main(int argc, char** argv) { return vs::cli::Run(argc, argv); }
