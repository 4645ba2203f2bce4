# Cross-builds Beacon for another Debian architecture with Debian's multiarch
# cross toolchain (crossbuild-essential-ARCH) and the ARCH's -dev packages
# installed beside the host's (dpkg --add-architecture ARCH):
#
#   cmake -S . -B build-arm64 -DBEACON_DEB_ARCH=arm64 \
#       -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/debian-multiarch.cmake
#
# scripts/cross-build.sh does all of it. Tests run under qemu-user
# (qemu-ARCH-static, no binfmt registration): CTest starts each test binary
# through CMAKE_CROSSCOMPILING_EMULATOR, and the integration tests start the
# player through it too (tests/CMakeLists.txt).
set(BEACON_DEB_ARCH "" CACHE STRING "Debian architecture to build for: arm64 or armhf")
# The toolchain file is read again for try_compile projects, which do not
# see the cache: the environment carries the choice into them.
if(BEACON_DEB_ARCH)
  set(ENV{BEACON_DEB_ARCH} "${BEACON_DEB_ARCH}")
else()
  set(BEACON_DEB_ARCH "$ENV{BEACON_DEB_ARCH}")
endif()

if(BEACON_DEB_ARCH STREQUAL "arm64")
  set(_triplet aarch64-linux-gnu)
  set(_processor aarch64)
  set(_qemu qemu-aarch64-static)
elseif(BEACON_DEB_ARCH STREQUAL "armhf")
  set(_triplet arm-linux-gnueabihf)
  set(_processor arm)
  set(_qemu qemu-arm-static)
else()
  message(FATAL_ERROR "BEACON_DEB_ARCH must be arm64 or armhf, not \"${BEACON_DEB_ARCH}\"")
endif()

set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR ${_processor})
set(CMAKE_C_COMPILER ${_triplet}-gcc)
set(CMAKE_CXX_COMPILER ${_triplet}-g++)
# Multiarch: the target's libraries live in /usr/lib/TRIPLET on this same
# root, and headers in /usr/include (plus /usr/include/TRIPLET).
set(CMAKE_LIBRARY_ARCHITECTURE ${_triplet})
set(PKG_CONFIG_EXECUTABLE /usr/bin/${_triplet}-pkg-config CACHE FILEPATH "pkg-config for the target")
find_program(_emulator ${_qemu})
if(_emulator)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${_emulator})
endif()
