#!/usr/bin/env bash
# make-media.sh - generate Beacon's default demo media from scratch.
#
# Everything is synthesised with ffmpeg's built-in (lavfi) sources and a
# system font: nothing is downloaded and no external image is used, so the
# outputs can be rebuilt anywhere and carry no third-party rights.
#
# Outputs (written beside the default playlist, which refers to them):
#   playlists/media/demo.mp4      ~8 s, 1280x720, 30 fps, H.264, no audio
#   playlists/media/poster.png    1920x1080 still
#   playlists/media/demo.LANG.srt captions for demo.mp4 in each of the
#                                 default playlist's 11 languages
#
# Idempotent: every run rebuilds the same files from the same inputs and
# replaces them atomically, so it is safe to run again at any time.
#
# Requirements: ffmpeg (with libx264, drawtext/libfreetype), fontconfig
# (fc-match) and a bold Noto Sans (Debian: fonts-noto-core).
#
# Usage: assets/make-media.sh            (from anywhere)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
out="$root/playlists/media"

die() { printf 'make-media.sh: %s\n' "$*" >&2; exit 1; }

command -v ffmpeg   >/dev/null 2>&1 || die "ffmpeg not found"
command -v fc-match >/dev/null 2>&1 || die "fc-match not found (install fontconfig)"

font="$(fc-match -f '%{file}' 'Noto Sans:bold')"
[[ -n "$font" && -r "$font" ]] || die "no font file found for 'Noto Sans:bold'"
case "$(basename "$font")" in
  NotoSans*Bold*) ;;
  *) printf 'make-media.sh: warning: fontconfig chose %s instead of Noto Sans Bold\n' "$font" >&2 ;;
esac

mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"; rm -f "$out"/.make-media.*.tmp' EXIT

# publish FILE: copy a finished file from the scratch dir into $out through
# a temporary name and an atomic rename, so a failed or interrupted run
# never leaves a half-written file where the playlist expects it.
publish() {
  local name; name="$(basename "$1")"
  cp "$1" "$out/.make-media.$name.tmp"
  mv -f "$out/.make-media.$name.tmp" "$out/$name"
}

# drawtext reads text from files (expansion=none) so that punctuation such
# as ':' ',' '·' and accents need no filter-graph escaping.
printf '%s' 'You are not alone'            >"$work/t1.txt"
printf '%s' 'Help is confidential · 24/7'  >"$work/t2.txt"
printf '%s' 'Anyone can be a victim.'      >"$work/p1.txt"
printf '%s' 'Help is one call away.'       >"$work/p2.txt"
printf '%s' '1-888-373-7888'               >"$work/p3.txt"
printf '%s' 'Confidential · 24/7 · Text HELP to 233733' >"$work/p4.txt"
printf '%s' 'Cualquier persona puede ser víctima. La ayuda está a una llamada.' >"$work/p5.txt"

# Filter-graph values: paths are single-quoted inside the graph.
ff="fontfile='$font'"
ink="0x12343B"          # deep teal-navy text
soft="0xFFF8EE"         # warm off-white, used for the soft text shadow

# Palette: warm sand, peach, sea teal, pale teal. All light, so the mean
# luma of every frame stays far above black-frame thresholds.
grad_video="gradients=s=1280x720:r=30:d=8:n=4:seed=7:speed=0.002:x0=320:y0=0:x1=960:y1=720:c0=0xF3D9B1:c1=0xF2B38C:c2=0x7CC6BE:c3=0xB9E3DC"
grad_poster="gradients=s=1920x1080:r=1:d=1:n=4:seed=7:x0=0:y0=0:x1=1920:y1=1080:c0=0xF3D9B1:c1=0xF2B38C:c2=0x7CC6BE:c3=0xB9E3DC"

# Fade helper for drawtext alpha: visible between $1 and $2 seconds with
# 0.6 s fades. Commas are protected by the single quotes in the graph.
fade() { printf "'if(lt(t,%s),0,if(lt(t,%s+0.6),(t-%s)/0.6,if(lt(t,%s-0.6),1,if(lt(t,%s),(%s-t)/0.6,0))))'" "$1" "$1" "$1" "$2" "$2" "$2"; }

txt() { # txt FILE SIZE Y ALPHA
  printf "drawtext=%s:textfile='%s':expansion=none:fontsize=%s:fontcolor=%s:shadowcolor=%s@0.55:shadowx=2:shadowy=2:x=(w-text_w)/2:y=%s:alpha=%s" \
    "$ff" "$1" "$2" "$ink" "$soft" "$3" "$4"
}

# ---------------------------------------------------------------- demo.mp4
vf="$grad_video,format=yuv420p"
vf+=",$(txt "$work/t1.txt" 92 '(h-text_h)/2' "$(fade 0.4 3.9)")"
vf+=",$(txt "$work/t2.txt" 72 '(h-text_h)/2' "$(fade 4.2 7.7)")"

ffmpeg -nostdin -hide_banner -loglevel error -y \
  -f lavfi -i "$vf" \
  -an -c:v libx264 -preset slow -crf 24 -tune stillimage \
  -pix_fmt yuv420p -profile:v high -level 4.0 -r 30 -g 60 \
  -threads 1 -movflags +faststart \
  -map_metadata -1 -fflags +bitexact -flags:v +bitexact \
  -metadata title='Beacon demo' \
  "$work/demo.mp4"
publish "$work/demo.mp4"

# -------------------------------------------------------------- poster.png
pf="$grad_poster,format=rgb24"
pf+=",drawbox=x=0:y=ih-150:w=iw:h=150:color=0x12343B@0.88:t=fill"
pf+=",$(txt "$work/p1.txt" 110 230 1)"
pf+=",$(txt "$work/p2.txt" 110 380 1)"
pf+=",$(txt "$work/p3.txt" 150 560 1)"
pf+=",$(txt "$work/p4.txt" 56  770 1)"
pf+=",drawtext=$ff:textfile='$work/p5.txt':expansion=none:fontsize=48:fontcolor=0xFFF8EE:x=(w-text_w)/2:y=h-75-text_h/2"

ffmpeg -nostdin -hide_banner -loglevel error -y \
  -f lavfi -i "$pf" -frames:v 1 \
  -c:v png -pred mixed -compression_level 9 \
  -map_metadata -1 -fflags +bitexact -flags:v +bitexact \
  "$work/poster.png"
publish "$work/poster.png"

# ------------------------------------------------------------ captions
# One SRT per playlist language; cue times match the on-screen titles above.
# UTF-8, no BOM, LF endings. The player styles them (large, boxed, with the
# language's own font family). Translations: have native speakers review.
caption() { # caption LANG FIRST SECOND
  printf '1\n00:00:00,400 --> 00:00:03,900\n%s\n\n2\n00:00:04,200 --> 00:00:07,700\n%s\n' \
    "$2" "$3" >"$work/demo.$1.srt"
  publish "$work/demo.$1.srt"
  written+=("$out/demo.$1.srt")
}
written=("$out/demo.mp4" "$out/poster.png")
caption en 'You are not alone.' "$(printf '%b' 'Help is confidential\nand available 24 hours a day, 7 days a week.')"
caption es 'No está solo. No está sola.' "$(printf '%b' 'La ayuda es confidencial\ny está disponible las 24 horas, todos los días.')"
caption zh-Hans '你并不孤单。' "$(printf '%b' '求助是保密的，\n全天24小时、每周7天都有人接听。')"
caption zh-Hant '你並不孤單。' "$(printf '%b' '求助是保密的，\n全天24小時、每週7天都有人接聽。')"
caption vi 'Bạn không đơn độc.' "$(printf '%b' 'Mọi trợ giúp đều được bảo mật\nvà luôn sẵn sàng 24 giờ mỗi ngày, 7 ngày mỗi tuần.')"
caption tl 'Hindi ka nag-iisa.' "$(printf '%b' 'Kumpidensyal ang tulong\nat bukas 24 oras bawat araw, 7 araw bawat linggo.')"
caption ko '당신은 혼자가 아닙니다.' "$(printf '%b' '도움은 비밀이 보장되며\n하루 24시간, 주 7일 이용할 수 있습니다.')"
caption ar 'لست وحدك.' "$(printf '%b' 'المساعدة سرية\nومتاحة على مدار 24 ساعة، طوال أيام الأسبوع.')"
caption ru 'Вы не одни.' "$(printf '%b' 'Помощь конфиденциальна\nи доступна круглосуточно, без выходных.')"
caption ht 'Ou pa poukont ou.' "$(printf '%b' 'Èd la konfidansyèl\nepi li disponib 24 èdtan pa jou, 7 jou pa semèn.')"
caption km 'អ្នកមិននៅម្នាក់ឯងទេ។' "$(printf '%b' 'ជំនួយគឺជាការសម្ងាត់\nហើយមានគ្រប់ពេល ២៤ម៉ោង ៧ថ្ងៃក្នុងមួយសប្តាហ៍។')"

printf 'make-media.sh: wrote %s\n' "${written[@]}"
