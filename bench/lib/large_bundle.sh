# Sourced by bench/install-throughput.sh and bench/slow-device.sh: the
# content of a large bundle whose bytes, not its pictures, are measured.
#
#   make_large_content HERE CONTENT_DIR SIZE_MB
#
# Writes the test playlist (tests/data/bundles/content) with five "videos" of
# SIZE_MB/5 random bytes each. Only their bytes matter, but `beacon bundle`
# checks what a media file is: each opens with an MP4 file-type box (size
# 24, brand isom).
make_large_content() {
    local here=$1 content=$2 size_mb=$3
    local items="" i
    mkdir -p "$content/media"
    cp "$here/tests/data/bundles/content/media/tiny.png" "$content/media/"
    for i in 1 2 3 4 5; do
        { printf '\000\000\000\030ftypisom\000\000\002\000isomiso2'
          head -c "$((size_mb / 5))M" /dev/urandom; } > "$content/media/clip$i.mp4"
        items="$items  <video id=\"clip$i\" src=\"media/clip$i.mp4\"/>\n"
    done
    sed "s#  <image id=\"a-picture\"#$(printf '%s' "$items")  <image id=\"a-picture\"#" \
        "$here/tests/data/bundles/content/playlist.xml" > "$content/playlist.xml"
}
