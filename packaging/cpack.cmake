# The beacon .deb, built by CPack from a release build:
#   cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DBEACON_TESTS=OFF
#   cmake --build build-release && (cd build-release && cpack -G DEB)
# Included once from the top CMakeLists.txt. tests/ops/deb.sh builds it,
# runs lintian, installs it and validates the installed default playlist.

set(_pkg ${CMAKE_SOURCE_DIR}/packaging)
set(_doc ${CMAKE_INSTALL_DATADIR}/doc/beacon)

# Default content, used until a signed bundle is installed.
install(FILES ${CMAKE_SOURCE_DIR}/playlists/default.xml ${CMAKE_SOURCE_DIR}/playlists/playlist.xsd
              ${CMAKE_SOURCE_DIR}/playlists/README.md
        DESTINATION ${CMAKE_INSTALL_DATADIR}/beacon/playlists)
install(DIRECTORY ${CMAKE_SOURCE_DIR}/playlists/media
        DESTINATION ${CMAKE_INSTALL_DATADIR}/beacon/playlists)
# The unit, and whatever udev rules platform/usb (issue 4's sticks) and
# platform/display (issue 25: /dev/cec* for the video group) ship.
# Debian 12 keeps both under /lib (the usrmerge moratorium).
install(FILES ${CMAKE_SOURCE_DIR}/platform/systemd/beacon.service
              ${CMAKE_SOURCE_DIR}/platform/usb/beacon-usb@.service DESTINATION /lib/systemd/system)
file(GLOB _udev_rules ${CMAKE_SOURCE_DIR}/platform/usb/*.rules
     ${CMAKE_SOURCE_DIR}/platform/display/*.rules)
if(_udev_rules)
  install(FILES ${_udev_rules} DESTINATION /lib/udev/rules.d)
endif()
# The rule's mount helper: read-only, or read-write for a stats export.
install(PROGRAMS ${CMAKE_SOURCE_DIR}/platform/usb/beacon-usb-mount
        DESTINATION lib/beacon)
install(FILES ${_pkg}/beacon.conf DESTINATION /etc/beacon)
install(FILES ${CMAKE_SOURCE_DIR}/README.md ${_pkg}/debian/copyright DESTINATION ${_doc})
# Debian wants the changelog of a native package compressed, reproducibly.
execute_process(COMMAND gzip -9 -n -c ${_pkg}/debian/changelog
                OUTPUT_FILE ${CMAKE_BINARY_DIR}/changelog.gz)
install(FILES ${CMAKE_BINARY_DIR}/changelog.gz DESTINATION ${_doc})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME beacon)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(CPACK_PACKAGE_CONTACT "Beacon maintainers <maintainers@beacon-kiosk.invalid>")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# CPack asks dpkg for the architecture, which is the build machine's; a cross
# build (cmake/toolchains/debian-multiarch.cmake) names the target's.
if(CMAKE_CROSSCOMPILING AND BEACON_DEB_ARCH)
  set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE ${BEACON_DEB_ARCH})
endif()
set(CPACK_DEBIAN_PACKAGE_SECTION video)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "awareness kiosk player for human-trafficking hotlines")
# CPack puts the summary first; this is the extended description under it.
set(CPACK_PACKAGE_DESCRIPTION
    "Beacon runs fullscreen on a low-cost board, straight on the console or on a
display server, and loops awareness videos, pictures and multilingual fact
sheets from a signed XML playlist. A tap shows the hotline screen in the
passer-by's language. It keeps per-day counts only, never a record of a tap.")
# Libraries from dpkg-shlibdeps; the rest is what the code finds at run time.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# libmpv, libcurl, libcrypto, libespeak-ng and SDL_image are loaded with
# dlopen() (src/media/mpv_library.h, src/update/curl_library.h,
# src/update/crypto_library.h, src/media/speech.cpp,
# src/render/sdl_image_library.h), which dpkg-shlibdeps cannot see, so their
# packages are named here.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, fontconfig, fonts-dejavu-core, fonts-noto-core, libcurl4, libmpv2, libssl3, libespeak-ng1, libsdl2-image-2.0-0")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-noto-cjk")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${_pkg}/debian/conffiles ${_pkg}/debian/postinst ${_pkg}/debian/prerm ${_pkg}/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
