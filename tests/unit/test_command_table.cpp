// The command table (app/command_table.h) against the option table: every
// option a command says it reads exists, and every option is read by one.

#include "app/command_table.h"

#include <catch2/catch.hpp>

#include <set>

using namespace beacon::app;

TEST_CASE("the command table names only options that exist", "[options][commands]") {
    std::set<std::string> options, read;
    for (auto& option : option_infos())
        options.insert(option.name);
    for (auto& command : command_table())
        for (auto option : command.options) {
            INFO(std::string(command.names.front()) << " " << option);
            CHECK(options.count(std::string(option)));
            read.insert(std::string(option));
        }
    CHECK(read == options);
}

TEST_CASE("every command is named by its word or its flag", "[options][commands]") {
    for (auto& command : command_table())
        for (auto name : command.names) {
            std::string word(name);
            auto* row = word[0] == '-' ? command_flag(word) : command_word(word);
            REQUIRE(row);
            CHECK(row->command == command.command);
            CHECK(&command_row(command.command) == &command);
        }
}
