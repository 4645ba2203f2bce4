#include "app/app.h"

int main(int argc, char** argv) {
    return beacon::app::run(argc, argv);
}
